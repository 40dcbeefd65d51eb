import { mount, nextEvent, resetBackend, root, waitForView } from '@berbix-capture/testing/element';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BerbixCaptureElement } from './berbix-capture.js';
import { LANGUAGES, registerTranslation } from './i18n.js';
import { clearRegisteredTranslations } from './i18n-registry.js';

/**
 * Languages through the real element in Chromium: which language it picks, the right-to-left layout
 * of Arabic (what mirrors and what must not), and a page's own translation.
 */

beforeEach(() => resetBackend());
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
    expect(title(el)).toBe(LANGUAGES.ja.cameraDeniedTitle);
    expect(base(el).lang).toBe('ja');
    el.lang = 'pl';
    await el.updateComplete;
    expect(title(el)).toBe(LANGUAGES.pl.cameraDeniedTitle);
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
    expect(title(ar)).toBe(LANGUAGES.ar.cameraDeniedTitle);
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
    expect(root(el).textContent).toContain(LANGUAGES.en.cameraDeniedAdvice.slice(0, 20));
  });
});
