/**
 * The PDF417 worker: loads one engine when asked (never before), turns each transferred frame into
 * grey pixels, runs the read plan, checks the payload as AAMVA, and transfers the bytes back.
 * Errors carry a fixed message, never pixel or payload content.
 */
import { parseAamva } from '@berbix-capture/aamva';
import { loadPdf417Decoder } from './engines/load.js';
import { grayFromRgba } from './image.js';
import type { Pdf417WorkerReply, Pdf417WorkerRequest } from './protocol.js';
import { DEFAULT_READ_OPTIONS, type ReadOptions, readPdf417 } from './strategy.js';
import type { Pdf417Decoder } from './types.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<Pdf417WorkerRequest>) => void) | null;
  postMessage(message: Pdf417WorkerReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let decoder: Promise<Pdf417Decoder> | null = null;
let canvas: OffscreenCanvas | null = null;
/** The grey pixels of the frame being read, reused frame after frame (one frame is read at a time). */
let grey: Uint8ClampedArray | undefined;

scope.onmessage = ({ data }) => {
  if (data.type === 'load') {
    decoder ??= loadPdf417Decoder(data.engine);
    decoder.then(
      () => scope.postMessage({ id: data.id, type: 'loaded' }),
      (error: unknown) => {
        decoder = null;
        const unavailable = error instanceof Error && error.name === 'EngineUnavailableError';
        scope.postMessage({
          id: data.id,
          type: 'error',
          code: unavailable ? 'unavailable' : 'failed',
          message: unavailable ? error.message : 'the PDF417 engine could not be loaded',
        });
      },
    );
    return;
  }
  if (data.type === 'decode') void decode(data.id, data.bitmap, data.options);
};

async function decode(id: number, bitmap: ImageBitmap, options: Partial<ReadOptions> | undefined): Promise<void> {
  const started = performance.now();
  try {
    if (!decoder) throw new Error('the PDF417 engine is not loaded');
    const engine = await decoder;
    const { width, height } = bitmap;
    if (width < 1 || height < 1) throw new RangeError('empty frame');
    canvas ??= new OffscreenCanvas(width, height);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context in the worker');
    context.drawImage(bitmap, 0, 0);
    const gray = grayFromRgba(context.getImageData(0, 0, width, height).data, width, height, grey);
    grey = gray.data;
    const pixels = performance.now() - started;
    const outcome = await readPdf417(gray, engine, { ...DEFAULT_READ_OPTIONS, ...options });
    const bytes = outcome.symbol?.bytes ?? null;
    const aamvaValid = bytes ? parseAamva(bytes).valid : false;
    scope.postMessage(
      {
        id,
        type: 'decoded',
        bytes,
        text: outcome.symbol?.text ?? null,
        aamvaValid,
        symbolSeen: outcome.symbolSeen,
        decodeMs: performance.now() - started,
        attempts: outcome.attempts,
        angleDegrees: outcome.angleDegrees,
        phases: { pixels, ...outcome.phases },
      },
      bytes ? [bytes.buffer] : [],
    );
  } catch {
    scope.postMessage({ id, type: 'error', code: 'failed', message: 'the frame could not be decoded' });
  } finally {
    bitmap.close();
  }
}
