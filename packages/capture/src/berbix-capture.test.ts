import {
  freshPagePerTest,
  mount,
  mountUntilCamera,
  mountWithLiveCamera,
  refuseCamera,
} from '@berbix-capture/testing/element';
import { generatePhoto } from '@berbix-capture/testing/frames';
import { chooseFile, click, nextEvent, record, root, text, view, waitForView } from '@berbix-capture/testing/screen';
import { describe, expect, it, vi } from 'vitest';
import type { QualityResult } from './analysers/quality.js';
import type { FrameAnalyser, Pdf417Result } from './analysers/types.js';
import { BARCODE_WAIT_MS } from './back-step.js';
import type { BerbixCaptureElement } from './berbix-capture.js';
import type { BerbixCameraEvent, BerbixCaptureEvent, BerbixErrorEvent, BerbixStepEvent } from './events.js';
import { DOCUMENT_ASPECT } from './guide.js';
import { goodCard, metricsWith } from './testing/analysers.js';
import { axeViolations } from './testing/axe.js';

/**
 * Each screen of the element, rendered in Chromium with its fake camera and talking to the real
 * adapter + sandbox mounted on the test server.
 */

freshPagePerTest();

/** An analyser that judges every frame good: drives auto-capture deterministically. */
const alwaysGood = (): FrameAnalyser<QualityResult> => ({
  id: 'quality',
  steps: ['upload_document_front', 'upload_document_back'],
  analyse: async (frame) => {
    frame.close();
    return { verdict: 'good', metrics: metricsWith(null) };
  },
});

/** A barcode reader that always reads something: on the front step that means the wrong side. */
const alwaysReads = (): FrameAnalyser<Pdf417Result> => ({
  id: 'pdf417',
  steps: ['upload_document_front', 'upload_document_back'],
  analyse: async (frame) => {
    frame.close();
    return { barcode: { bytes: new Uint8Array([64]), text: '@', aamvaValid: false }, decodeMs: 1 };
  },
});

/** A barcode reader on the back that never sees a symbol: the card shows its front. */
const seesNoSymbol = (): FrameAnalyser<Pdf417Result & { symbolSeen: boolean }> => ({
  id: 'pdf417',
  steps: ['upload_document_back'],
  analyse: async (frame) => {
    frame.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { barcode: null, decodeMs: 50, symbolSeen: false };
  },
});

/** Every guidance key and guide state shown on the capture screen, sampled until stopped. */
function watchGuidance(el: BerbixCaptureElement) {
  const keys = new Set<string>();
  const guides = new Set<string>();
  /** Each change of the message: what it became and when. */
  const changes: { key: string; at: number }[] = [];
  const timer = setInterval(() => {
    const message = root(el).querySelector('[part="message"][data-guidance]');
    const key = message?.getAttribute('data-guidance') ?? '';
    if (message) keys.add(key);
    if (key && changes.at(-1)?.key !== key) changes.push({ key, at: performance.now() });
    const guide = root(el).querySelector('[part="guide"]');
    if (guide) guides.add(guide.className);
  }, 20);
  return { keys, guides, changes, stop: () => clearInterval(timer) };
}

const focusedHeading = (el: BerbixCaptureElement) => (root(el).activeElement as HTMLElement | null)?.tagName;

describe('<berbix-capture> screens', () => {
  it('capture screen: live preview, ID-1 guide, labelled controls, accessible; stops the camera on disconnect', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.autoCapture = false;
    });
    const camera = await nextEvent<BerbixCameraEvent>(el, 'berbix-camera');
    expect(camera.state).toBe('live');
    await waitForView(el, 'capture');
    const video = root(el).querySelector('video') as HTMLVideoElement;
    await vi.waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 5000 });
    await el.updateComplete;
    const guide = (root(el).querySelector('[part="guide"]') as HTMLElement).getBoundingClientRect();
    expect(guide.width / guide.height).toBeCloseTo(DOCUMENT_ASPECT.card, 1);
    expect(root(el).querySelector('h2')?.textContent).toBe('Step 1 of 2 · Front of your ID');
    expect(root(el).querySelector('[part="shutter"]')?.textContent?.trim()).toBe('Take photo');
    const input = root(el).querySelector('input[type="file"]') as HTMLInputElement;
    expect(input.accept).toBe('image/*');
    expect(input.getAttribute('capture')).toBe('environment');
    expect(root(el).querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Choose a photo');
    expect(await axeViolations(el)).toEqual([]);
    const stream = video.srcObject as MediaStream;
    el.remove();
    expect(stream.getTracks().every((track) => track.readyState === 'ended')).toBe(true);
  });

  it('shutter -> review (the real frame) -> retake reopens the camera; focus follows the screens', async () => {
    const el = await mountWithLiveCamera();
    const video = root(el).querySelector('video') as HTMLVideoElement;
    const captured = nextEvent<BerbixCaptureEvent>(el, 'berbix-capture');
    click(el, '[part="shutter"]');
    const event = await captured;
    // The preview size at the moment of the shot is the photo's size (no downscaling below 10,000 px).
    expect(event).toMatchObject({ subject: 'document_front', width: video.videoWidth, height: video.videoHeight });
    expect(event.bytes).toBeGreaterThan(1000);
    await waitForView(el, 'review');
    expect(focusedHeading(el)).toBe('H2');
    expect(root(el).querySelector('h2')?.textContent).toBe('Check the front of your ID');
    const img = root(el).querySelector('img') as HTMLImageElement;
    await vi.waitFor(() => expect(img.naturalWidth).toBe(video.videoWidth), { timeout: 5000 });
    expect(img.alt).toBe('The photo of your document');
    expect(await axeViolations(el)).toEqual([]);
    click(el, '[data-action="retake"]');
    await waitForView(el, 'capture');
    await vi.waitFor(() => expect(root(el).querySelector('video')).not.toBeNull(), { timeout: 5000 });
  }, 40_000);

  /** Makes the camera refuse `refusals` grabs of a video frame, as Chromium sometimes does at 4K. */
  function refuseVideoGrabs(refusals: number) {
    const real = window.createImageBitmap.bind(window) as (...args: unknown[]) => Promise<ImageBitmap>;
    const refused = { count: 0 };
    vi.spyOn(window, 'createImageBitmap').mockImplementation(((...args: unknown[]) => {
      if (args[0] instanceof HTMLVideoElement && refused.count < refusals) {
        refused.count++;
        return Promise.reject(new DOMException('The ImageBitmap could not be allocated.', 'InvalidStateError'));
      }
      return real(...args);
    }) as typeof createImageBitmap);
    return refused;
  }

  /** A capture screen with live frames and no analysers, so only the shutter grabs frames. */
  async function liveCaptureWithoutAnalysers() {
    const el = await mountWithLiveCamera((e) => {
      e.analysers = [];
    });
    return el;
  }

  it('a frame the camera refuses is grabbed again on the next frames: the shutter still takes the photo', async () => {
    const el = await liveCaptureWithoutAnalysers();
    const refused = refuseVideoGrabs(2);
    const captured = nextEvent<BerbixCaptureEvent>(el, 'berbix-capture');
    click(el, '[part="shutter"]');
    expect((await captured).subject).toBe('document_front');
    expect(refused.count).toBe(2);
    await waitForView(el, 'review');
  });

  it('a camera that gives no frame at all: the press is not lost, it is said on screen and aloud, and the next press works', async () => {
    const el = await liveCaptureWithoutAnalysers();
    const refused = refuseVideoGrabs(Number.POSITIVE_INFINITY);
    const failed = nextEvent<BerbixErrorEvent>(el, 'berbix-error');
    click(el, '[part="shutter"]');
    const error = await failed;
    expect({ code: error.code, recoverable: error.recoverable }).toEqual({ code: 'capture_failed', recoverable: true });
    expect(refused.count).toBe(5);
    await el.updateComplete;
    const said = 'The photo could not be taken. Try again, or choose a photo.';
    expect(root(el).querySelector('[data-notice]')?.textContent).toBe(said);
    expect(root(el).querySelector('[role="status"][aria-live="polite"]')?.textContent).toBe(said);
    expect(view(el)).toBe('capture');
    vi.restoreAllMocks();
    const captured = nextEvent<BerbixCaptureEvent>(el, 'berbix-capture');
    click(el, '[part="shutter"]');
    await captured;
    await waitForView(el, 'review');
    expect(root(el).querySelector('[data-notice]')).toBeNull();
  });

  it('a press as the camera opens, before its first frame, waits for that frame and takes the photo', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.autoCapture = false;
      e.analysers = [];
    });
    const camera = await nextEvent<BerbixCameraEvent>(el, 'berbix-camera');
    expect(camera.state).toBe('live');
    await el.updateComplete;
    expect(root(el).querySelector('video')?.videoWidth).toBe(0);
    const captured = nextEvent<BerbixCaptureEvent>(el, 'berbix-capture');
    click(el, '[part="shutter"]');
    expect((await captured).width).toBeGreaterThan(0);
  });

  it('a camera frame the browser cannot encode: the notice says the photo could not be taken, not that a file is unreadable', async () => {
    const el = await liveCaptureWithoutAnalysers();
    vi.spyOn(OffscreenCanvas.prototype, 'convertToBlob').mockRejectedValueOnce(
      new DOMException('The encoder is out of memory.', 'EncodingError'),
    );
    const failed = nextEvent<BerbixErrorEvent>(el, 'berbix-error');
    click(el, '[part="shutter"]');
    expect((await failed).code).toBe('image_failed');
    await waitForView(el, 'capture');
    expect(root(el).querySelector('[data-notice]')?.textContent).toBe(
      'The photo could not be taken. Try again, or choose a photo.',
    );
  });

  it('auto-captures after a few good frames, and not when auto-capture="false"', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.analysers = [alwaysGood()];
    });
    await waitForView(el, 'review', 15_000);
    el.remove();
    const manual = mount((e) => {
      e.idType = 'DL';
      e.setAttribute('auto-capture', 'false');
      e.analysers = [alwaysGood()];
    });
    expect(manual.autoCapture).toBe(false);
    await waitForView(manual, 'capture');
    await vi.waitFor(
      () => expect(root(manual).querySelector('[part="message"]')?.textContent).toContain('Looks good'),
      {
        timeout: 5000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(view(manual)).toBe('capture');
  });

  it('a barcode read on the front step says it is the wrong side, in the live region too', async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.analysers = [alwaysReads()];
    });
    await waitForView(el, 'capture');
    const wrongSide = 'That is the back of your ID. Show the front.';
    await vi.waitFor(() => expect(root(el).querySelector('[part="message"]')?.textContent).toBe(wrongSide), {
      timeout: 5000,
    });
    expect(root(el).querySelector('[role="status"][aria-live="polite"]')?.textContent).toBe(wrongSide);
    expect(view(el)).toBe('capture');
  });

  it('camera denied: a clear screen with the upload path, which works', async () => {
    refuseCamera('NotAllowedError');
    const { el, camera } = await mountUntilCamera<BerbixCameraEvent>((e) => {
      e.idType = 'DL';
    });
    expect(camera.state).toBe('denied');
    expect(root(el).querySelector('[data-title]')?.textContent).toBe('Camera access is blocked');
    expect(text(el)).toContain('You can take or choose a photo instead.');
    // The way that works now comes first and filled; allowing the camera is the second choice.
    const buttons = [...root(el).querySelectorAll('button')];
    expect(buttons[0]?.dataset.action).toBe('take-photo');
    expect(buttons[0]?.classList.contains('secondary')).toBe(false);
    expect(root(el).querySelector('[data-action="retry-camera"]')?.textContent?.trim()).toBe('Try again');
    expect(root(el).querySelector('[data-action="retry-camera"]')?.classList.contains('secondary')).toBe(true);
    // Chromium here: the steps for desktop Chrome, ending with "press Try again".
    const steps = [...root(el).querySelectorAll('.allow-steps li')].map((li) => li.textContent);
    expect(steps).toEqual([
      'Click the site settings icon left of the address.',
      'Turn on Camera, or set it to Allow.',
      'Come back here and press Try again.',
    ]);
    expect(await axeViolations(el)).toEqual([]);
    chooseFile(el, await generatePhoto('image/png', 1200, 760));
    await waitForView(el, 'review');
  });

  it('no getUserMedia (insecure context, in-app browser): "No camera available" and the upload path', async () => {
    const original = navigator.mediaDevices.getUserMedia;
    Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: undefined, configurable: true });
    try {
      const el = mount((e) => {
        e.idType = 'DL';
      });
      const camera = await nextEvent<BerbixCameraEvent>(el, 'berbix-camera');
      expect(camera.state).toBe('unavailable');
      await el.updateComplete;
      expect(root(el).querySelector('[data-title]')?.textContent).toBe('No camera available');
      expect(root(el).querySelector('input[type="file"]')).not.toBeNull();
    } finally {
      Object.defineProperty(navigator.mediaDevices, 'getUserMedia', { value: original, configurable: true });
    }
  });
});

describe('<berbix-capture> back step of a licence: the barcode decides', () => {
  /**
   * The front sent through the file path (the fake camera's pattern is no document to the sandbox);
   * returns as the back step begins, with its events. The stubs run on the back step only.
   */
  async function toBackStep(setup: (el: BerbixCaptureElement) => void) {
    const el = mount(setup);
    await waitForView(el, 'capture');
    chooseFile(el, await generatePhoto('image/jpeg', 1600, 1010));
    await waitForView(el, 'review', 15_000);
    const events = record(el, ['berbix-step', 'berbix-capture']);
    click(el, '[data-action="use"]');
    await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('berbix-step'), { timeout: 15_000 });
    expect((events[0] as BerbixStepEvent).step).toBe('upload_document_back');
    return { el, captures: () => events.filter((e) => e.type === 'berbix-capture') as BerbixCaptureEvent[] };
  }

  it('a sharp card that shows no barcode: "turn your ID over", never "good" or a green guide, nothing captured; when the wait ends the shutter is offered with advice, said once', async () => {
    const { el, captures } = await toBackStep((e) => {
      e.idType = 'DL';
      e.idCountry = 'US';
      e.analysers = [goodCard('good', ['upload_document_back']), seesNoSymbol()];
    });
    const backStarted = performance.now();
    const seen = watchGuidance(el);
    const live = root(el).querySelector('[role="status"][aria-live="polite"]') as HTMLElement;
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(live.textContent ?? ''));
    observer.observe(live, { childList: true, characterData: true, subtree: true });
    await vi.waitFor(
      () =>
        expect(root(el).querySelector('[part="message"]')?.textContent).toBe(
          'Turn your ID over: show the side with the barcode',
        ),
      { timeout: 8000 },
    );
    expect(root(el).querySelector('[part="card"]')).not.toBeNull();
    const advice = 'The barcode cannot be read. Hold the back of your ID flat and steady, then take the photo.';
    await vi.waitFor(() => expect(root(el).querySelector('[data-barcode-advice]')?.textContent).toBe(advice), {
      timeout: BARCODE_WAIT_MS + 5000,
    });
    expect(performance.now() - backStarted).toBeGreaterThanOrEqual(BARCODE_WAIT_MS - 1000);
    expect(live.textContent).toBe(advice);
    // Frames keep coming for a while after the advice: it is not said again, and nothing is captured.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    seen.stop();
    observer.disconnect();
    expect(said.filter((text) => text === advice)).toHaveLength(1);
    expect(live.textContent).toBe(advice);
    expect(captures()).toHaveLength(0);
    expect(view(el)).toBe('capture');
    expect([...seen.keys]).toContain('show-barcode');
    // No flicker: every message stayed up for the hold (1 s, less the sampling interval) before the next.
    for (let i = 1; i < seen.changes.length; i++) {
      const { key, at } = seen.changes[i] as { key: string; at: number };
      expect(at - (seen.changes[i - 1] as { at: number }).at, key).toBeGreaterThanOrEqual(950);
    }
    expect([...seen.keys]).not.toContain('good');
    expect([...seen.guides].some((name) => name.includes('good'))).toBe(false);
    expect(await axeViolations(el)).toEqual([]);
    // The shutter takes the photo as it always did.
    const captured = nextEvent<BerbixCaptureEvent>(el, 'berbix-capture');
    click(el, '[part="shutter"]');
    expect((await captured).subject).toBe('document_back');
  }, 60_000);

  it('a document with no PDF417 on its back (an ID card from Germany) keeps the quality auto-capture', async () => {
    const { captures } = await toBackStep((e) => {
      e.idType = 'ID';
      e.idCountry = 'DE';
      e.analysers = [goodCard('good', ['upload_document_back']), seesNoSymbol()];
    });
    await vi.waitFor(() => expect(captures().map((c) => c.subject)).toEqual(['document_back']), { timeout: 15_000 });
  }, 40_000);

  it("outlines the found card over the preview in the frame's own pixels, and dashes the guide", async () => {
    const el = mount((e) => {
      e.idType = 'DL';
      e.analysers = [goodCard('moving')];
    });
    await waitForView(el, 'capture');
    await vi.waitFor(() => expect(root(el).querySelector('[part="card"]')).not.toBeNull(), { timeout: 10_000 });
    await el.updateComplete;
    const video = root(el).querySelector('video') as HTMLVideoElement;
    const outline = root(el).querySelector('[part="card"]') as SVGSVGElement;
    expect(outline.getAttribute('viewBox')).toBe(`0 0 ${video.videoWidth} ${video.videoHeight}`);
    const points = (outline.querySelector('polygon.over') as SVGPolygonElement).getAttribute('points');
    expect(points?.split(' ')[0]).toBe(
      `${(0.2 * video.videoWidth).toFixed(1)},${(0.25 * video.videoHeight).toFixed(1)}`,
    );
    // On screen the outline's corners sit on the same share of the preview as of the frame.
    const stage = (root(el).querySelector('.stage') as HTMLElement).getBoundingClientRect();
    const polygon = (outline.querySelector('polygon.over') as SVGPolygonElement).getBoundingClientRect();
    expect((polygon.left - stage.left) / stage.width).toBeCloseTo(0.2, 1);
    expect((polygon.bottom - stage.top) / stage.height).toBeCloseTo(0.75, 1);
    expect(root(el).querySelector('[part="guide"]')?.className).toBe('found');
    expect(outline.getAttribute('class')).toBe('card-outline');
    expect(await axeViolations(el)).toEqual([]);
  });
});
