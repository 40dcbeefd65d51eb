/**
 * A frame's grey pixels, for the PDF417 worker. A camera's `VideoFrame` whose first plane is luma
 * (I420, NV12 and their kin: what cameras deliver) has that plane copied out and used as it is: the
 * luma is the luminance the decoder wants, so nothing is converted to RGB and read back. Anything
 * else (an `ImageBitmap`, an RGB `VideoFrame`, one held on the GPU, one the browser turns or scales
 * on display) is drawn to a canvas and its luminance taken.
 */
import { lumaToGrey } from '@berbix-capture/imaging';
import { shownAsStored } from '../video-frames.js';
import { grayFromRgba } from './image.js';
import type { GrayImage } from './types.js';

/** Where the grey pixels came from: the camera's luma plane, or RGBA drawn on a canvas. */
export type PixelSource = 'luma-plane' | 'rgba';

/** Eight-bit formats whose plane 0 is luma at full resolution. */
const LUMA_FIRST_FORMATS: ReadonlySet<string> = new Set(['I420', 'I420A', 'I422', 'I422A', 'I444', 'I444A', 'NV12']);

/** Turns frames into grey pixels, reusing its buffers frame after frame (one frame at a time). */
export class FramePixels {
  private canvas: OffscreenCanvas | null = null;
  private planes: Uint8Array | null = null;
  private grey: Uint8ClampedArray | null = null;

  /** The frame's grey pixels; the caller still owns (and closes) the frame. */
  async read(frame: ImageBitmap | VideoFrame): Promise<{ image: GrayImage; source: PixelSource }> {
    if (typeof VideoFrame === 'function' && frame instanceof VideoFrame && isLumaFrame(frame)) {
      // A browser that lists the format but will not copy this frame out: drawn below instead.
      const image = await this.fromLuma(frame).catch(() => null);
      if (image) return { image, source: 'luma-plane' };
    }
    const width = frame instanceof ImageBitmap ? frame.width : frame.displayWidth;
    const height = frame instanceof ImageBitmap ? frame.height : frame.displayHeight;
    if (width < 1 || height < 1) throw new RangeError('empty frame');
    this.canvas ??= new OffscreenCanvas(width, height);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context in the worker');
    context.drawImage(frame, 0, 0);
    const image = grayFromRgba(
      context.getImageData(0, 0, width, height).data,
      width,
      height,
      this.buffer(width * height),
    );
    return { image, source: 'rgba' };
  }

  private async fromLuma(frame: VideoFrame): Promise<GrayImage> {
    const { width, height } = frame.visibleRect as DOMRectReadOnly;
    const size = frame.allocationSize();
    if (!this.planes || this.planes.length < size) this.planes = new Uint8Array(size);
    const [luma] = await frame.copyTo(this.planes);
    if (!luma) throw new Error('the frame has no planes');
    const full = frame.colorSpace.fullRange === true;
    return { data: lumaToGrey(this.planes, luma, width, height, full, this.buffer(width * height)), width, height };
  }

  /** The grey buffer for `pixels` pixels: the last one when it is that size. */
  private buffer(pixels: number): Uint8ClampedArray {
    if (this.grey?.length !== pixels) this.grey = new Uint8ClampedArray(pixels);
    return this.grey;
  }
}

/**
 * A video frame whose luma plane can be used as it is: an 8-bit luma-first format in memory, shown
 * at its own size, neither turned nor mirrored (the browser would otherwise draw it differently).
 */
function isLumaFrame(frame: VideoFrame): boolean {
  const rect = frame.visibleRect;
  return (
    frame.format !== null &&
    LUMA_FIRST_FORMATS.has(frame.format) &&
    rect !== null &&
    rect.width >= 1 &&
    rect.height >= 1 &&
    shownAsStored(frame)
  );
}
