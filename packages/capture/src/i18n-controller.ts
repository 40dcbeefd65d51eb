import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { arrivedStrings, builtInBaseOf, type CaptureStrings, chooseLanguage } from './i18n.js';
import { arrivedLanguage, fetchLanguage } from './i18n-load.js';

/**
 * How long a render waits for a language still being fetched before it shows English (and swaps the
 * language in when it arrives). A language is a few KiB from the page's own server, so it is
 * normally here within one round trip; a second covers a slow mobile network's, and after it a
 * person is better served by English than by an empty element.
 */
export const LANGUAGE_WAIT_MS = 1000;

/**
 * The element's language: which one the person gets, its texts, and the fetch of a built-in one
 * that is not here yet. The element holds each render until the chosen language has arrived, at
 * most `LANGUAGE_WAIT_MS` (`untilReady`), so its first screen, and the screen after a change of
 * its `lang`, are not shown in English first.
 */
export class LanguageController implements ReactiveController {
  /** Languages whose arrival already re-renders the host. */
  private readonly awaited = new Set<string>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** The element's own `lang`, then the browser's languages, then the page's, then English. */
  get chosen(): string {
    return chooseLanguage({ own: this.host.lang, browser: navigator.languages, page: document.documentElement.lang });
  }

  hostConnected(): void {
    // Start the fetch now rather than at the first render.
    void this.fetchChosen();
  }

  /** The texts to render: the chosen language's, or English while it is not here (see `arrivedStrings`). */
  strings(overrides: Partial<CaptureStrings>): CaptureStrings {
    return arrivedStrings(this.chosen, overrides);
  }

  /**
   * `undefined` when the chosen language can be rendered now (it is here, it is English or a page's
   * own, or its fetch failed); else a promise that settles when it arrives or after
   * `LANGUAGE_WAIT_MS`, whichever comes first. Never rejects.
   */
  untilReady(): Promise<void> | undefined {
    const fetching = this.fetchChosen();
    if (fetching === undefined) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LANGUAGE_WAIT_MS);
    });
    return Promise.race([fetching, waited]).finally(() => clearTimeout(timer));
  }

  /** Fetches the chosen built-in language if it is not here: the fetch, or `undefined` when there is none to wait for. */
  private fetchChosen(): Promise<void> | undefined {
    const base = builtInBaseOf(this.chosen);
    if (base === undefined || arrivedLanguage(base) !== undefined) return undefined;
    const fetching = fetchLanguage(base);
    if (!this.awaited.has(base)) {
      this.awaited.add(base);
      // Renders again when it arrives, for a render that stopped waiting and showed English.
      void fetching.then(() => this.host.requestUpdate());
    }
    return fetching;
  }
}
