import { i420FrameOf } from '@berbix-capture/testing/camera-frames';
import { describe, expect, it } from 'vitest';
import { pdf417FileImage } from '../testing/pdf417-files.js';
import { FramePixels } from './frame-pixels.js';

function framesDevFrame(name: string): Promise<ImageBitmap> {
  return pdf417FileImage(`frames-dev/${name}`);
}

/** A canvas of one colour. */
function solidCanvas(width: number, height: number, colour: string): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return canvas;
}

/** Largest difference between two grey images, and the share of pixels more than 1 level apart. */
function compare(a: Uint8ClampedArray, b: Uint8ClampedArray) {
  let worst = 0;
  let overOne = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    worst = Math.max(worst, d);
    if (d > 1) overOne++;
  }
  return { worst, overOne: overOne / a.length };
}

describe('a frame to grey pixels', () => {
  it("takes a camera frame's luma plane as Chromium would draw it: the same grey, within rounding", async () => {
    const bitmap = await framesDevFrame('moderate/05.jpg');
    const camera = i420FrameOf(bitmap);
    bitmap.close();
    const fromLuma = await new FramePixels().read(camera);
    expect(fromLuma.source).toBe('luma-plane');
    // The same I420 frame, drawn by Chromium to RGBA and its luminance taken.
    const drawn = await createImageBitmap(camera);
    const fromRgba = await new FramePixels().read(drawn);
    expect(fromRgba.source).toBe('rgba');
    expect([fromLuma.image.width, fromLuma.image.height]).toEqual([1920, 1080]);
    expect([fromRgba.image.width, fromRgba.image.height]).toEqual([1920, 1080]);
    const { worst, overOne } = compare(fromLuma.image.data, fromRgba.image.data);
    // Rounding in Chromium's conversion and in the integer luminance: 2 levels at most, and on
    // fewer than one pixel in a thousand more than 1 (0.005% on this frame).
    expect(worst).toBeLessThanOrEqual(2);
    expect(overOne).toBeLessThan(0.001);
    drawn.close();
    camera.close();
  });

  it('reads only the visible part of a cropped frame, and full-range luma as it is', async () => {
    const canvas = solidCanvas(64, 32, 'rgb(0, 0, 0)');
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    context.fillStyle = 'rgb(255, 255, 255)';
    context.fillRect(32, 0, 32, 32);
    const whole = i420FrameOf(canvas);
    const right = new VideoFrame(whole, { visibleRect: { x: 30, y: 4, width: 8, height: 2 } });
    const pixels = new FramePixels();
    const { image, source } = await pixels.read(right);
    expect(source).toBe('luma-plane');
    expect([image.width, image.height]).toEqual([8, 2]);
    expect([...image.data]).toEqual([0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    // Full range: 16 stays 16 (a limited-range frame would make it black).
    const planes = new Uint8Array(4 * 2 * 1.5).fill(128);
    planes.fill(16, 0, 8);
    const full = new VideoFrame(planes, {
      format: 'I420',
      codedWidth: 4,
      codedHeight: 2,
      timestamp: 0,
      colorSpace: { fullRange: true },
    });
    expect([...(await pixels.read(full)).image.data]).toEqual([16, 16, 16, 16, 16, 16, 16, 16]);
    for (const frame of [whole, right, full]) frame.close();
  });

  it('draws a camera frame whose planes the browser will not copy out', async () => {
    const canvas = solidCanvas(4, 2, 'rgb(128, 128, 128)');
    const camera = i420FrameOf(canvas);
    // The browser's refusal, at the unit's edge: the frame itself is real.
    camera.copyTo = () => Promise.reject(new DOMException('not copyable', 'NotSupportedError'));
    const { image, source } = await new FramePixels().read(camera);
    expect(source).toBe('rgba');
    for (const value of image.data) expect(Math.abs(value - 128)).toBeLessThanOrEqual(2);
    camera.close();
  });

  it('draws an RGB video frame, and fails on a closed one', async () => {
    const canvas = solidCanvas(4, 2, 'rgb(255, 0, 0)');
    const rgb = new VideoFrame(canvas, { timestamp: 0 });
    const { image, source } = await new FramePixels().read(rgb);
    expect(source).toBe('rgba');
    expect([...image.data]).toEqual(Array(8).fill(76));
    rgb.close();
    await expect(new FramePixels().read(rgb)).rejects.toThrow();
    const closed = i420FrameOf(canvas);
    closed.close();
    await expect(new FramePixels().read(closed)).rejects.toThrow();
  });
});
