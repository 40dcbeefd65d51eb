/**
 * Camera-like `VideoFrame`s made from drawn pixels, for tests and benchmarks of the path a live
 * camera frame takes: I420 in video's limited range (BT.601), as Chromium's camera delivers and
 * as it converts back to RGB when it draws one.
 */
import { rgbToI420 } from './i420.js';

/**
 * An I420 frame of `source`, drawn at its own size; a camera's frames have even sides, so an odd
 * side loses its last row or column.
 */
export function i420FrameOf(source: ImageBitmap | OffscreenCanvas, timestamp = 0): VideoFrame {
  const width = source.width - (source.width % 2);
  const height = source.height - (source.height % 2);
  if (width < 2 || height < 2) throw new RangeError('too small for an I420 frame');
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(source, 0, 0);
  const planes = rgbToI420(context.getImageData(0, 0, width, height).data, width, height, 4);
  return new VideoFrame(planes, {
    format: 'I420',
    codedWidth: width,
    codedHeight: height,
    timestamp,
    colorSpace: { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false },
  });
}
