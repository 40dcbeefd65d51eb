import {
  freshPagePerTest,
  mount,
  mountForUpload,
  mountUntilCamera,
  refuseCamera,
} from '@berbix-capture/testing/element';
import { choosePhoto, click, nextEvent, root, view, waitForView } from '@berbix-capture/testing/screen';
import { describe, expect, it } from 'vitest';
import type { FrameAnalyser } from './analysers/types.js';
import type { BerbixCaptureElement } from './berbix-capture.js';
import type { BerbixCameraEvent } from './events.js';
import { LANGUAGES } from './i18n-built-in.js';
import { axeViolations } from './testing/axe.js';

/**
 * The failure screens through the real element and the real adapter + sandbox: a connection lost
 * during an upload (the element's `fetch` property drops or holds the image uploads it is told to),
 * the browser's offline and online events, the upload bar, a camera that is missing, and the guidance
 * before the first judged frame.
 */

const EN = LANGUAGES.en;
/** The front step's heading, on the camera screen and on the sending one alike. */
const FRONT_HEADING = `Step 1 of 2 · ${EN.frontTitle}`;

freshPagePerTest();

type Outcome = 'drop' | 'pass' | 'hold';

/** A transport that plays `script` on the image uploads (one outcome per attempt) and passes the rest. */
function scriptedUploads(script: Outcome[]) {
  const attempts: number[] = [];
  let release = () => {};
  const transport: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/session/images/')) return fetch(input, init);
    attempts.push(performance.now());
    const outcome = script.shift() ?? 'pass';
    if (outcome === 'drop') return Promise.reject(new TypeError('Failed to fetch'));
    if (outcome === 'pass') return fetch(input, init);
    return new Promise<Response>((resolve, reject) => {
      release = () => resolve(fetch(input, init));
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  };
  return { transport, attempts, release: () => release() };
}

/** Everything the live region said, in order. */
function listen(el: BerbixCaptureElement) {
  const live = root(el).querySelector('[role="status"][aria-live="polite"]') as HTMLElement;
  const said: string[] = [];
  const observer = new MutationObserver(() => said.push(live.textContent ?? ''));
  observer.observe(live, { childList: true, characterData: true, subtree: true });
  return { said, stop: () => observer.disconnect() };
}

async function sendAPhoto(transport: typeof fetch): Promise<BerbixCaptureElement> {
  const el = await mountForUpload((e) => {
    e.fetch = transport;
  });
  await choosePhoto(el);
  click(el, '[data-action="use"]');
  return el;
}

const uploadState = (el: BerbixCaptureElement) =>
  root(el).querySelector('[data-upload-state]')?.getAttribute('data-upload-state');
const nextTry = (el: BerbixCaptureElement) => root(el).querySelector('[data-next-try]')?.textContent?.trim() ?? '';

/** WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('a connection lost during an upload', () => {
  it('keeps the photo, says so once, counts down, and "Try now" sends at once', async () => {
    const uploads = scriptedUploads(['drop', 'drop', 'pass']);
    const el = await sendAPhoto(uploads.transport);
    const live = listen(el);
    await expect.poll(() => uploadState(el)).toBe('reconnecting');
    expect(root(el).querySelector('[data-upload-state]')?.textContent).toBe(EN.reconnecting);
    // The person still sees which step this photo is for.
    expect(root(el).querySelector('h2')?.textContent).toBe(FRONT_HEADING);
    expect(root(el).querySelector('.review img')).not.toBeNull();
    expect(nextTry(el)).toMatch(/^Next try in \d+ seconds?$/);
    expect(root(el).querySelector('[data-action="retake"]')).not.toBeNull();
    expect(await axeViolations(el)).toEqual([]);
    // The second failure waits 1.6 to 2.4 s; "Try now" does not wait for it.
    await expect.poll(() => uploads.attempts.length, { timeout: 5000 }).toBe(2);
    await expect.poll(() => uploadState(el)).toBe('reconnecting');
    const pressed = performance.now();
    click(el, '[data-action="try-now"]');
    await expect.poll(() => uploads.attempts.length).toBe(3);
    expect((uploads.attempts[2] as number) - pressed).toBeLessThan(300);
    await waitForView(el, 'capture');
    expect(root(el).querySelector('h2')?.textContent).toContain(EN.backTitle);
    live.stop();
    // Said when it was lost, not again at the retry that also failed.
    expect(live.said.filter((text) => text === EN.reconnecting)).toHaveLength(1);
  });

  it('the countdown goes down a whole second at a time, redrawn no more than once a second', async () => {
    const uploads = scriptedUploads(['drop', 'drop', 'pass']);
    const el = await sendAPhoto(uploads.transport);
    await expect.poll(() => uploads.attempts.length, { timeout: 5000 }).toBe(2);
    const shown: { text: string; at: number }[] = [];
    while (view(el) === 'uploading' && uploads.attempts.length === 2) {
      const text = nextTry(el);
      if (text && shown.at(-1)?.text !== text) shown.push({ text, at: performance.now() });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const seconds = shown.map(({ text }) => Number(text.match(/\d+/)?.[0]));
    expect(seconds.length).toBeGreaterThanOrEqual(2);
    expect(seconds.every((s, i) => i === 0 || s === (seconds[i - 1] as number) - 1)).toBe(true);
    for (let i = 2; i < shown.length; i++) {
      expect((shown[i] as { at: number }).at - (shown[i - 1] as { at: number }).at).toBeGreaterThan(900);
    }
    await waitForView(el, 'capture');
  });

  it('offline: the offline text at once, no attempt until online, then one at once; Try now stays offered', async () => {
    const uploads = scriptedUploads(['hold', 'pass']);
    const el = await sendAPhoto(uploads.transport);
    await expect.poll(() => uploads.attempts.length).toBe(1);
    const live = listen(el);
    window.dispatchEvent(new Event('offline'));
    await el.updateComplete;
    expect(uploadState(el)).toBe('offline');
    expect(root(el).querySelector('[data-upload-state]')?.textContent).toBe(EN.offline);
    expect(root(el).querySelector('h2')?.textContent).toBe(FRONT_HEADING);
    const tryNow = root(el).querySelector('[data-action="try-now"]') as HTMLElement;
    expect(tryNow.getBoundingClientRect().height).toBeGreaterThanOrEqual(44);
    expect(root(el).querySelector('.review img')).not.toBeNull();
    expect(await axeViolations(el)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(uploads.attempts).toHaveLength(1);
    const back = performance.now();
    window.dispatchEvent(new Event('online'));
    await expect.poll(() => uploads.attempts.length).toBe(2);
    expect((uploads.attempts[1] as number) - back).toBeLessThan(300);
    await waitForView(el, 'capture');
    live.stop();
    expect(live.said.filter((text) => text === EN.offline)).toHaveLength(1);
  });

  it('Retake during the wait: back to the camera step, and the wait never sends', async () => {
    const uploads = scriptedUploads(['drop', 'pass']);
    const el = await sendAPhoto(uploads.transport);
    await expect.poll(() => uploadState(el)).toBe('reconnecting');
    click(el, '[data-action="retake"]');
    await waitForView(el, 'capture');
    expect(root(el).querySelector('h2')?.textContent).toContain(EN.frontTitle);
    // The first wait is at most 1.2 s.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(uploads.attempts).toHaveLength(1);
    expect(view(el)).toBe('capture');
  });
});

describe('the upload bar', () => {
  it('shows activity before the first bytes are reported, and stands out from the surface', async () => {
    const uploads = scriptedUploads(['hold']);
    const el = await sendAPhoto(uploads.transport);
    await waitForView(el, 'uploading');
    const bar = root(el).querySelector('[role="progressbar"]') as HTMLElement;
    expect(bar.getAttribute('aria-label')).toBe(EN.sendingPhoto);
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(bar.dataset.uploadBar).toBe('indeterminate');
    const fill = bar.querySelector('.upload-bar-fill') as HTMLElement;
    expect(fill.getAnimations().length).toBeGreaterThan(0);
    expect(root(el).querySelector('[data-upload-state]')?.textContent).toBe(EN.sendingPhoto);
    expect(root(el).querySelector('h2')?.textContent).toBe(FRONT_HEADING);
    // WCAG 1.4.11: the track's outline and the fill each at least 3:1 against the surface.
    const surface = getComputedStyle(root(el).querySelector('[part="base"]') as HTMLElement).backgroundColor;
    expect(contrast(getComputedStyle(bar).borderTopColor, surface)).toBeGreaterThanOrEqual(3);
    expect(contrast(getComputedStyle(fill).backgroundColor, surface)).toBeGreaterThanOrEqual(3);
    expect(bar.getBoundingClientRect().width).toBeGreaterThan(100);
    uploads.release();
    await waitForView(el, 'capture');
  });
});

describe('the camera', () => {
  it('missing: the photo path is the first, filled button, and it opens the chooser', async () => {
    refuseCamera('NotFoundError');
    const { el, camera } = await mountUntilCamera<BerbixCameraEvent>((e) => {
      e.idType = 'DL';
      e.handoff = 'off';
    });
    expect(camera.state).toBe('unavailable');
    expect(root(el).querySelector('[data-title]')?.textContent).toBe(EN.cameraUnavailableTitle);
    const first = root(el).querySelector('button') as HTMLButtonElement;
    expect(first.dataset.action).toBe('take-photo');
    expect(first.textContent?.trim()).toBe(EN.takePhoto);
    expect(first.classList.contains('secondary')).toBe(false);
    const input = root(el).querySelector('input[type="file"]') as HTMLInputElement;
    expect(input.getAttribute('capture')).toBe('environment');
    // Not rendered at all, so nothing invisible sits over the button.
    expect([input.id, input.hidden, input.hasAttribute('class')]).toEqual(['photo-file', true, false]);
    let opened = false;
    input.addEventListener('click', (event) => {
      opened = true;
      event.preventDefault();
    });
    first.click();
    expect(opened).toBe(true);
    // No steps to allow a camera that is not there.
    expect(root(el).querySelector('.allow-steps')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);
  });

  it('says "Looking for your ID…" from its first frame, before any frame has been judged', async () => {
    const neverAnswers: FrameAnalyser = {
      id: 'slow',
      steps: ['upload_document_front'],
      analyse: (frame) => {
        frame.close();
        return new Promise(() => {});
      },
    };
    const el = mount((e) => {
      e.idType = 'DL';
      e.handoff = 'off';
      e.analysers = [neverAnswers];
    });
    expect((await nextEvent<BerbixCameraEvent>(el, 'berbix-camera')).state).toBe('live');
    await el.updateComplete;
    const message = root(el).querySelector('[part="message"][data-guidance]');
    expect(message?.textContent?.trim()).toBe(EN.guideLooking);
    expect(message?.getAttribute('data-guidance')).toBe('looking');
    // The live region still says where this is and what to do, not "looking".
    expect(root(el).querySelector('[role="status"]')?.textContent).toContain(EN.frontInstruction);
  });
});
