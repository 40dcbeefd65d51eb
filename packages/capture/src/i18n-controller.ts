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
 * that is not here yet. The element holds its render until the chosen language has arrived, at
 * most `LANGUAGE_WAIT_MS` once per language (`untilReady`), so its first screen, and the screen
 * after a change of its `lang`, are not shown in English first.
 */
export class LanguageController implements ReactiveController {
  /** Languages this element has waited for: it waits once for each, not again on every render. */
  private readonly waited = new Set<string>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** The element's own `lang`, then the browser's languages, then the page's, then English. */
  get chosen(): string {
    return chooseLanguage({ own: this.host.lang, browser: navigator.languages, page: document.documentElement.lang });
  }

  hostConnected(): void {
    // Start the fetch now rather than at the first render.
    const missing = this.missing();
    if (missing !== undefined) void fetchLanguage(missing);
  }

  /** The texts to render: the chosen language's, or English while it is not here (see `arrivedStrings`). */
  strings(overrides: Partial<CaptureStrings>): CaptureStrings {
    return arrivedStrings(this.chosen, overrides);
  }

  /**
   * `undefined` when the render can go ahead: the chosen language is here (or is English or a
   * page's own), its fetch failed, or this element already waited for it. Else a promise that
   * settles when it arrives or after `LANGUAGE_WAIT_MS`, whichever comes first. Never rejects.
   */
  untilReady(): Promise<void> | undefined {
    const missing = this.missing();
    if (missing === undefined || this.waited.has(missing)) return undefined;
    this.waited.add(missing);
    const fetching = fetchLanguage(missing);
    // Renders again when it arrives, for a render that stopped waiting and showed English.
    void fetching.then(() => this.host.requestUpdate());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LANGUAGE_WAIT_MS);
    });
    return Promise.race([fetching, waited]).finally(() => clearTimeout(timer));
  }

  /** The built-in language the chosen one needs and that is not here yet (nor failed), if any. */
  private missing(): string | undefined {
    const base = builtInBaseOf(this.chosen);
    return base !== undefined && arrivedLanguage(base) === undefined ? base : undefined;
  }
}
