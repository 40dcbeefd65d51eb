/**
 * The quality worker: downscales the whole frame, finds the card and measures it, and keeps the
 * previous frame's thumbnail so motion can be judged. Runs off the main thread; the bitmap arrives
 * transferred.
 */
import { serve } from '../worker-rpc.js';
import { measureFrame } from './quality-metrics.js';
import type { QualityWorkerReply, QualityWorkerRequest } from './quality-protocol.js';

let previousThumbnail: Uint8Array | null = null;
let canvas: OffscreenCanvas | null = null;

function measure(request: QualityWorkerRequest): QualityWorkerReply {
  if (request.type === 'reset') {
    previousThumbnail = null;
    return null;
  }
  const { bitmap, maxSide, guide } = request;
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
    return { metrics, ms: performance.now() - started };
  } finally {
    bitmap.close();
  }
}

serve(measure);
