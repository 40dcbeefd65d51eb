import { mount, nextEvent, resetBackend, root, waitForView } from '@berbix-capture/testing/element';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cdp } from 'vitest/browser';
import type { BerbixCaptureElement } from './berbix-capture.js';
import { registerTranslation } from './i18n.js';
import { LANGUAGE_WAIT_MS } from './i18n-controller.js';
import { clearRegisteredTranslations } from './i18n-registry.js';
import type { Translation } from './languages/capture-strings.js';
import { en } from './languages/en.js';

/**
 * Languages through the real element in Chromium: which language it picks, the right-to-left layout
 * of Arabic (what mirrors and what must not), a page's own translation, and the fetch of each
 * built-in language when it is chosen. This file never imports `LANGUAGES`: each language module
 * Chromium fetches (seen through the DevTools protocol) is the element's doing.
 */

/** The built-in languages' modules Chromium fetched since the test began, by code. */
const fetched: string[] = [];
const noteFetch = ({ request }: { request: { url: string } }) => {
  const language = /\/languages\/(\w+)\.[jt]s(\?|$)/.exec(request.url)?.[1];
  if (language) fetched.push(language);
};
beforeAll(async () => {
  await cdp().send('Network.enable');
  cdp().on('Network.requestWillBeSent', noteFetch);
});
afterAll(() => cdp().off('Network.requestWillBeSent', noteFetch));

/** A built-in language's texts, imported by the test only once the element has fetched it. */
const textsOf = async (code: string): Promise<Translation> => (await import(`./languages/${code}.ts`))[code];

/**
 * The fetches so far, once all of them have been reported (DevTools events reach the test after
 * the page's own work): the test imports `sentinel`, a language no test used, and waits for it.
 */
async function fetchesUpToNow(sentinel: string): Promise<string[]> {
  await textsOf(sentinel);
  await vi.waitFor(() => expect(fetched).toContain(sentinel));
  return fetched.filter((code) => code !== sentinel);
}

beforeEach(() => {
  fetched.length = 0;
  return resetBackend();
});
afterEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
  clearRegisteredTranslations();
  vi.restoreAllMocks();
});

const base = (el: BerbixCaptureElement) => root(el).querySelector('[part="base"]') as HTMLElement;
/** The camera-blocked screen's title. */
const title = (el: BerbixCaptureElement) => root(el).querySelector('[data-title]')?.textContent?.trim();

/** The camera is refused: the element shows its camera-blocked screen, text and two buttons. */
async function blockedScreen(setup: (el: BerbixCaptureElement) => void = () => {}) {
  vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(
    new DOMException('Permission denied', 'NotAllowedError'),
  );
  const el = mount((e) => {
    e.idType = 'DL';
    setup(e);
  });
  await nextEvent(el, 'berbix-camera');
  await el.updateComplete;
  return el;
}

describe('<berbix-capture> languages', () => {
  it('speaks the browser language before the page lang, and its own lang before both', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['ja-JP', 'en-US']);
    document.documentElement.lang = 'en';
    const el = await blockedScreen();
    expect(title(el)).toBe((await textsOf('ja')).cameraDeniedTitle);
    expect(base(el).lang).toBe('ja');
    el.lang = 'pl';
    await el.updateComplete;
    expect(title(el)).toBe((await textsOf('pl')).cameraDeniedTitle);
    expect(base(el).lang).toBe('pl');
    expect(base(el).dir).toBe('ltr');
  });

  it('lays Arabic out right to left: headings and lists start at the right', async () => {
    /** How far the element's text sits from its box's left and right edges. */
    const textGaps = (el: HTMLElement) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const text = range.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { left: Math.round(text.left - box.left), right: Math.round(box.right - text.right) };
    };
    const startOf = (el: BerbixCaptureElement) =>
      ['h2', 'li'].map((selector) => textGaps(root(el).querySelector(selector) as HTMLElement));
    const en = await blockedScreen((e) => {
      e.lang = 'en';
    });
    for (const gap of startOf(en)) expect(gap.left).toBeLessThan(gap.right);
    en.remove();
    const ar = await blockedScreen((e) => {
      e.lang = 'ar';
    });
    expect(title(ar)).toBe((await textsOf('ar')).cameraDeniedTitle);
    expect(base(ar).dir).toBe('rtl');
    expect(base(ar).lang).toBe('ar');
    expect(getComputedStyle(root(ar).querySelector('h2') as HTMLElement).direction).toBe('rtl');
    for (const gap of startOf(ar)) expect(gap.right).toBeLessThan(gap.left);
    // The live region speaks Arabic as Arabic.
    expect(root(ar).querySelector('[role="status"]')?.getAttribute('lang')).toBe('ar');
  });

  it('never mirrors the camera preview or the guide in Arabic', async () => {
    const guideBox = async (lang: string) => {
      const el = mount((e) => {
        e.idType = 'DL';
        e.lang = lang;
        e.autoCapture = false;
      });
      await waitForView(el, 'capture');
      await vi.waitFor(() => expect(root(el).querySelector('[part="guide"]')).not.toBeNull(), { timeout: 10_000 });
      await el.updateComplete;
      const video = root(el).querySelector('video') as HTMLVideoElement;
      const stage = video.getBoundingClientRect();
      const guide = (root(el).querySelector('[part="guide"]') as HTMLElement).getBoundingClientRect();
      const result = {
        videoTransform: getComputedStyle(video).transform,
        guideTransform: getComputedStyle(root(el).querySelector('[part="guide"]') as HTMLElement).transform,
        left: Math.round(guide.left - stage.left),
        right: Math.round(stage.right - guide.right),
        top: Math.round(guide.top - stage.top),
      };
      el.remove();
      return result;
    };
    const ltr = await guideBox('en');
    const rtl = await guideBox('ar');
    expect(rtl.videoTransform).toBe('none');
    expect(rtl.guideTransform).toBe('none');
    expect(rtl).toEqual(ltr);
  });

  it('shows a page’s registered language, English for the keys it leaves out, under the element’s strings', async () => {
    registerTranslation('sv', { cameraDeniedTitle: 'Kameran är blockerad', tryAgain: 'Försök igen' });
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['sv-SE']);
    const el = await blockedScreen((e) => {
      e.strings = { tryAgain: 'Igen!' };
    });
    expect(title(el)).toBe('Kameran är blockerad');
    expect(base(el).lang).toBe('sv');
    const texts = [...root(el).querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(texts).toContain('Igen!');
    expect(root(el).textContent).toContain(en.cameraDeniedAdvice.slice(0, 20));
  });
});

/** Each text and `lang` the element's content showed, from its first render on (mutations in its shadow root). */
function recordScreens(el: BerbixCaptureElement): Array<{ lang: string; text: string }> {
  const shown: Array<{ lang: string; text: string }> = [];
  new MutationObserver(() => {
    if (base(el)) shown.push({ lang: base(el).lang, text: base(el).textContent ?? '' });
  }).observe(root(el), { childList: true, subtree: true, characterData: true });
  return shown;
}

describe('<berbix-capture> fetches a built-in language when it is chosen', () => {
  it('fetches none for English (it is part of the element)', async () => {
    const el = await blockedScreen((e) => {
      e.lang = 'en';
    });
    expect(title(el)).toBe(en.cameraDeniedTitle);
    expect(await fetchesUpToNow('nl')).toEqual([]);
  });

  it('fetches only the chosen language, once, and shows its first screen in it with no English before', async () => {
    vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockRejectedValue(
      new DOMException('Permission denied', 'NotAllowedError'),
    );
    const el = mount((e) => {
      e.idType = 'DL';
      e.lang = 'fr';
    });
    const shown = recordScreens(el);
    await nextEvent(el, 'berbix-camera');
    await el.updateComplete;
    await vi.waitFor(() => expect(fetched).toEqual(['fr']));
    const fr = await textsOf('fr');
    expect(title(el)).toBe(fr.cameraDeniedTitle);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((screen) => screen.lang !== 'fr')).toEqual([]);
    expect(shown[0]?.text).not.toContain(en.starting);
    // A second element in the same language uses the module already here.
    el.remove();
    await blockedScreen((e) => {
      e.lang = 'fr-CA';
    });
    expect(await fetchesUpToNow('es')).toEqual(['fr']);
  });

  it('fetches the new language when its lang changes, and renders in it once it is here', async () => {
    const el = await blockedScreen((e) => {
      e.lang = 'en';
    });
    el.lang = 'de';
    await el.updateComplete;
    await vi.waitFor(() => expect(fetched).toEqual(['de']));
    expect(title(el)).toBe((await textsOf('de')).cameraDeniedTitle);
    expect(base(el).lang).toBe('de');
  });

  it('shows English, silently, when the language cannot be fetched (offline)', async () => {
    const failures: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => failures.push(event.reason);
    window.addEventListener('unhandledrejection', onRejection);
    await cdp().send('Network.setBlockedURLs', { urls: ['*/languages/hi.*'] });
    try {
      const errors: Event[] = [];
      const el = await blockedScreen((e) => {
        e.lang = 'hi';
        e.addEventListener('berbix-error', (event) => errors.push(event));
      });
      await vi.waitFor(() => expect(fetched).toEqual(['hi']));
      expect(title(el)).toBe(en.cameraDeniedTitle);
      expect(base(el).lang).toBe('en');
      expect(base(el).dir).toBe('ltr');
      expect(errors).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      await cdp().send('Network.setBlockedURLs', { urls: [] });
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });

  it('waits at most LANGUAGE_WAIT_MS for a slow language, shows English, then swaps the language in', async () => {
    const held: string[] = [];
    const holdRequest = ({ requestId }: { requestId: string }) => {
      held.push(requestId);
      setTimeout(() => void cdp().send('Fetch.continueRequest', { requestId }), LANGUAGE_WAIT_MS + 1500);
    };
    cdp().on('Fetch.requestPaused', holdRequest);
    await cdp().send('Fetch.enable', { patterns: [{ urlPattern: '*/languages/zh.*' }] });
    try {
      const el = await blockedScreen((e) => {
        e.lang = 'zh';
      });
      const started = performance.now();
      expect(held).toHaveLength(1);
      expect(title(el)).toBe(en.cameraDeniedTitle);
      expect(base(el).lang).toBe('en');
      // Having waited once, the element renders at once while the language is still on its way.
      const rendering = performance.now();
      el.requestUpdate();
      await el.updateComplete;
      expect(performance.now() - rendering).toBeLessThan(LANGUAGE_WAIT_MS / 2);
      const zh = await textsOf('zh');
      await vi.waitFor(() => expect(title(el)).toBe(zh.cameraDeniedTitle), { timeout: 5000 });
      expect(base(el).lang).toBe('zh');
      expect(performance.now() - started).toBeGreaterThan(500);
    } finally {
      await cdp().send('Fetch.disable');
      cdp().off('Fetch.requestPaused', holdRequest);
    }
  });
});
