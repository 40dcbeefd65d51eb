import { freshPagePerTest, mount, mountForUpload } from '@berbix-capture/testing/element';
import { choosePhoto, root, text, waitForView } from '@berbix-capture/testing/screen';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { QualityResult } from './analysers/quality.js';
import type { FrameAnalyser, FrameContext, Rect } from './analysers/types.js';
import type { BerbixCaptureElement } from './berbix-capture.js';
import { DOCUMENT_ASPECT } from './guide.js';
import { axeViolations } from './testing/axe.js';

/**
 * The camera-first layout (`layout="fullscreen"`; `auto` on a touch device, which the e2e suite
 * emulates): the preview fills the element's box, the guide drawn over it is the region analysed,
 * and the text and buttons lie around the guide. Also: a heading's focus ring only after keys.
 */

let stopCamera: () => void = () => {};

freshPagePerTest();
afterEach(() => stopCamera());

/** A camera that delivers `width` x `height` frames (a canvas stream), as a phone held upright does. */
function cameraOf(width: number, height: number): void {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  let n = 0;
  const timer = setInterval(() => {
    n += 7;
    ctx.fillStyle = `hsl(${n % 360} 35% 55%)`;
    ctx.fillRect(0, 0, width, height);
  }, 40);
  stopCamera = () => clearInterval(timer);
  vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(async () => canvas.captureStream(25));
}

/** A quality analyser that keeps the context of every frame it is given and never says "good". */
function recordingAnalyser(seen: FrameContext[]): FrameAnalyser<QualityResult> {
  return {
    id: 'quality',
    steps: ['upload_document_front', 'upload_document_back'],
    analyse: async (frame, context) => {
      frame.close();
      seen.push(context);
      return {
        verdict: 'moving',
        metrics: {
          sharpness: 1,
          brightness: 120,
          glare: 0,
          clipped: 0,
          contrast: 40,
          motion: 9,
          fill: null,
          card: null,
        },
      };
    },
  };
}

/** Mounts the element inside a fixed box of this size, as the README's full-screen recipe does. */
function mountIn(width: number, height: number, setup: (el: BerbixCaptureElement) => void) {
  const box = document.createElement('div');
  box.style.cssText = `position: fixed; inset: 0 auto auto 0; width: ${width}px; height: ${height}px;`;
  document.body.append(box);
  const el = mount(setup);
  box.append(el);
  return el;
}

/** The analysed region (frame pixels) carried onto the screen the way the preview's fit carries the frame. */
function onScreen(region: Rect, context: FrameContext, stage: DOMRect, fit: string): Rect {
  const sx = stage.width / context.frameWidth;
  const sy = stage.height / context.frameHeight;
  const scale = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  const x0 = stage.left + stage.width / 2 - (context.frameWidth / 2) * scale;
  const y0 = stage.top + stage.height / 2 - (context.frameHeight / 2) * scale;
  return {
    x: x0 + region.x * scale,
    y: y0 + region.y * scale,
    width: region.width * scale,
    height: region.height * scale,
  };
}

async function liveCameraFirst(el: BerbixCaptureElement, seen: FrameContext[]) {
  await waitForView(el, 'capture');
  await vi.waitFor(() => expect(root(el).querySelector('[part="shutter"]')).not.toBeNull(), { timeout: 10_000 });
  const video = root(el).querySelector('video') as HTMLVideoElement;
  await vi.waitFor(() => expect(video.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
  // Frames analysed after the preview box was measured: the last one's context is current.
  const before = seen.length;
  await vi.waitFor(() => expect(seen.length).toBeGreaterThan(before + 2), { timeout: 10_000 });
  await el.updateComplete;
  return { video, context: seen[seen.length - 1] as FrameContext };
}

/**
 * A live camera-first screen: a camera of `stream` size, the element in a fixed box of `box` size
 * with `layout="fullscreen"`, a licence, no auto-capture, and an analyser that records each frame's
 * context; resolves once the preview plays and frames measured against the box are analysed.
 */
async function fullscreenCamera({ stream, box }: { stream: [number, number]; box: [number, number] }) {
  cameraOf(...stream);
  const seen: FrameContext[] = [];
  const el = mountIn(...box, (e) => {
    e.idType = 'DL';
    e.autoCapture = false;
    e.layout = 'fullscreen';
    e.analysers = [recordingAnalyser(seen)];
  });
  return { el, ...(await liveCameraFirst(el, seen)) };
}

function expectGuideIsAnalysedRegion(el: BerbixCaptureElement, context: FrameContext) {
  const stageElement = root(el).querySelector('.stage') as HTMLElement;
  const stage = stageElement.getBoundingClientRect();
  const guide = (root(el).querySelector('[part="guide"]') as HTMLElement).getBoundingClientRect();
  const fit = stageElement.dataset.fit ?? '';
  expect(getComputedStyle(root(el).querySelector('video') as HTMLVideoElement).objectFit).toBe(fit);
  const analysed = onScreen(context.guide, context, stage, fit);
  // Within 2 CSS px (the analysed region is rounded inwards to whole frame pixels).
  expect(Math.abs(guide.left - analysed.x)).toBeLessThan(2);
  expect(Math.abs(guide.top - analysed.y)).toBeLessThan(2);
  expect(Math.abs(guide.width - analysed.width)).toBeLessThan(2);
  expect(Math.abs(guide.height - analysed.height)).toBeLessThan(2);
  expect(guide.width / guide.height).toBeCloseTo(DOCUMENT_ASPECT.card, 1);
  // Clear of the text and buttons: inside the guide area, which is inside the preview.
  const area = (root(el).querySelector('.guide-area') as HTMLElement).getBoundingClientRect();
  expect(guide.left).toBeGreaterThanOrEqual(area.left);
  expect(guide.right).toBeLessThanOrEqual(area.right);
  expect(guide.top).toBeGreaterThanOrEqual(area.top);
  expect(guide.bottom).toBeLessThanOrEqual(area.bottom);
  return guide;
}

describe('layout="fullscreen": the capture screen is the camera', () => {
  it('a portrait stream fills a phone-sized box; the guide drawn is the region analysed; one shutter, "Upload a photo instead", no drop zone', async () => {
    const { el, video, context } = await fullscreenCamera({ stream: [720, 1280], box: [390, 844] });
    expect([context.frameWidth, context.frameHeight]).toEqual([720, 1280]);
    // The preview covers the whole box the page gave the element.
    const preview = video.getBoundingClientRect();
    expect([preview.left, preview.top, preview.width, preview.height]).toEqual([0, 0, 390, 844]);
    expect(getComputedStyle(video).objectFit).toBe('cover');
    const guide = expectGuideIsAnalysedRegion(el, context);
    expect(guide.width).toBeGreaterThan(0.75 * 390);
    expect(root(el).querySelector('h2')?.textContent).toBe('Step 1 of 2 · Front of your ID');
    expect(root(el).querySelectorAll('[part="shutter"]')).toHaveLength(1);
    expect(root(el).querySelector('[part="shutter"]')?.textContent?.trim()).toBe('Take photo');
    const shutter = (root(el).querySelector('[part="shutter"]') as HTMLElement).getBoundingClientRect();
    expect(Math.min(shutter.width, shutter.height)).toBeGreaterThanOrEqual(44);
    const upload = root(el).querySelector('label[for="file"]') as HTMLElement;
    expect(upload.textContent).toBe('Upload a photo instead');
    expect(upload.getBoundingClientRect().height).toBeGreaterThanOrEqual(44);
    // The camera is already open: its file input offers the photo library, not the camera again.
    const file = root(el).querySelector('#file') as HTMLInputElement;
    expect([file.className, file.hasAttribute('capture'), file.accept]).toEqual(['file-input', false, 'image/*']);
    expect(root(el).querySelector('[data-dropzone]')).toBeNull();
    expect(text(el)).not.toMatch(/drag/i);
    // Before the first verdict the bottom says what to do on this step.
    expect(root(el).querySelector('[part="message"]')?.textContent).not.toBe('');
    expect(await axeViolations(el)).toEqual([]);
    // The photo path works from here.
    await choosePhoto(el);
    expect(root(el).querySelector('h2')?.textContent).toBe('Check the front of your ID');
    // The live region names the side too.
    await vi.waitFor(() =>
      expect(root(el).querySelector('[role="status"]')?.textContent?.trim()).toBe('Check the front of your ID'),
    );
  }, 40_000);

  it('a landscape stream in a landscape box: the text moves to a column at the inline end, the guide keeps clear of it', async () => {
    const { el, context } = await fullscreenCamera({ stream: [1280, 720], box: [844, 390] });
    const guide = expectGuideIsAnalysedRegion(el, context);
    const bottom = (root(el).querySelector('.camera-bottom') as HTMLElement).getBoundingClientRect();
    expect(guide.right).toBeLessThanOrEqual(bottom.left);
    expect(guide.height).toBeGreaterThan(0.7 * 390);
    expect(await axeViolations(el)).toEqual([]);
  }, 40_000);

  it('a landscape webcam in a phone-shaped box is shown whole (contain), not cropped to a third; the guide still marks the analysed region', async () => {
    const { el, context } = await fullscreenCamera({ stream: [1280, 720], box: [390, 844] });
    expect((root(el).querySelector('.stage') as HTMLElement).dataset.fit).toBe('contain');
    const guide = expectGuideIsAnalysedRegion(el, context);
    // The guide spans most of the shown frame's width (390 CSS px here), as on the framed screen.
    expect(guide.width).toBeGreaterThan(0.75 * 390);
  }, 40_000);

  it('layout="framed" keeps the framed screen: the stream-shaped preview, the drop zone on a desktop', async () => {
    const el = mountIn(390, 844, (e) => {
      e.idType = 'DL';
      e.autoCapture = false;
      e.layout = 'framed';
    });
    await waitForView(el, 'capture');
    await vi.waitFor(() => expect(root(el).querySelector('[part="shutter"]')).not.toBeNull(), { timeout: 10_000 });
    expect(root(el).querySelector('.camera')).toBeNull();
    expect(root(el).querySelector('[data-dropzone]')).not.toBeNull();
    expect(getComputedStyle(root(el).querySelector('video') as HTMLVideoElement).objectFit).toBe('contain');
  });
});

describe('focus rings on headings', () => {
  it('a new screen heading takes focus always, but shows its ring only after the keyboard was used', async () => {
    const el = await mountForUpload();
    await choosePhoto(el);
    const heading = () => root(el).activeElement as HTMLElement;
    expect(heading().tagName).toBe('H2');
    expect(getComputedStyle(heading()).outlineStyle).toBe('none');
    // The keyboard: Tab to "Retake", Enter; the capture screen's heading now shows its ring.
    await userEvent.tab();
    await userEvent.tab();
    expect((root(el).activeElement as HTMLElement).dataset.action).toBe('retake');
    await userEvent.keyboard('{Enter}');
    await waitForView(el, 'capture');
    expect(heading().tagName).toBe('H2');
    expect(getComputedStyle(heading()).outlineStyle).toBe('solid');
    // A press with a pointer puts it back to no ring on the next screen.
    await userEvent.click(root(el).querySelector('h2') as HTMLElement);
    await choosePhoto(el);
    expect(heading().tagName).toBe('H2');
    expect(getComputedStyle(heading()).outlineStyle).toBe('none');
  }, 40_000);
});
