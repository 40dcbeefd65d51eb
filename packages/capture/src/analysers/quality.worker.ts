/**
 * The quality worker: downscales the whole frame, finds the card and measures it, and keeps the
 * previous frame's thumbnail so motion can be judged. Runs off the main thread; the bitmap arrives
 * transferred.
 */
import { measureFrame } from './quality-metrics.js';
import type { QualityWorkerReply, QualityWorkerRequest } from './quality-protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<QualityWorkerRequest>) => void) | null;
  postMessage(message: QualityWorkerReply): void;
}
const scope = self as unknown as WorkerScope;

let previousThumbnail: Uint8Array | null = null;
let canvas: OffscreenCanvas | null = null;

scope.onmessage = ({ data }) => {
  if (data.type === 'reset') {
    previousThumbnail = null;
    return;
  }
  const { id, bitmap, maxSide, guide } = data;
  const started = performance.now();
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(3, Math.round(bitmap.width * scale));
    const height = Math.max(3, Math.round(bitmap.height * scale));
    canvas ??= new OffscreenCanvas(width, height);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      // A different size means a different camera: the old thumbnail says nothing.
      previousThumbnail = null;
    }
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context in the worker');
    context.drawImage(bitmap, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height).data;
    const { metrics, thumbnail } = measureFrame(pixels, width, height, previousThumbnail, {
      frameWidth: bitmap.width,
      frameHeight: bitmap.height,
      guide,
    });
    previousThumbnail = thumbnail;
    scope.postMessage({ id, metrics, ms: performance.now() - started });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : 'analysis failed' });
  } finally {
    bitmap.close();
  }
};
