/**
 * The PDF417 worker: loads one engine when asked (never before), turns each transferred frame (an
 * `ImageBitmap`, or a camera's `VideoFrame`) into grey pixels, runs the read plan, checks the
 * payload as AAMVA, and transfers the bytes back. Errors carry a fixed message, never pixel or
 * payload content.
 */
import { parseAamva } from '@berbix-capture/aamva';
import { serve } from '../worker-rpc.js';
import { loadPdf417Decoder } from './engines/load.js';
import { FramePixels } from './frame-pixels.js';
import type { Pdf417WorkerReply, Pdf417WorkerRequest } from './protocol.js';
import { StepCosts } from './step-costs.js';
import { DEFAULT_READ_OPTIONS, type ReadOptions, readPdf417 } from './strategy.js';
import type { Pdf417Decoder } from './types.js';

let decoder: Promise<Pdf417Decoder> | null = null;
const pixels = new FramePixels();
/** What each step of the read plan has cost lately on this device: for the budget, across frames. */
const costs = new StepCosts();

async function load(engine: Parameters<typeof loadPdf417Decoder>[0]): Promise<Pdf417WorkerReply> {
  decoder ??= loadPdf417Decoder(engine);
  try {
    await decoder;
    return { type: 'loaded' };
  } catch (error) {
    decoder = null;
    const unavailable = error instanceof Error && error.name === 'EngineUnavailableError';
    return {
      type: 'error',
      code: unavailable ? 'unavailable' : 'failed',
      message: unavailable ? error.message : 'the PDF417 engine could not be loaded',
    };
  }
}

async function decode(
  frame: ImageBitmap | VideoFrame,
  options: Partial<ReadOptions> | undefined,
  resumeAt: string | null,
): Promise<Pdf417WorkerReply> {
  const started = performance.now();
  try {
    if (!decoder) throw new Error('the PDF417 engine is not loaded');
    const engine = await decoder;
    const { image, source } = await pixels.read(frame);
    // A camera frame goes back to the camera's pool as soon as its pixels are out.
    frame.close();
    const pixelsMs = performance.now() - started;
    // The budget is the frame's whole time in the worker: getting its pixels out counts too.
    const read = { ...DEFAULT_READ_OPTIONS, ...options };
    const outcome = await readPdf417(image, engine, { ...read, budgetMs: read.budgetMs - pixelsMs }, resumeAt, costs);
    const bytes = outcome.symbol?.bytes ?? null;
    return {
      type: 'decoded',
      bytes,
      text: outcome.symbol?.text ?? null,
      aamvaValid: bytes ? parseAamva(bytes).valid : false,
      symbolSeen: outcome.symbolSeen,
      decodeMs: performance.now() - started,
      attempts: outcome.attempts,
      angleDegrees: outcome.angleDegrees,
      phases: { pixels: pixelsMs, ...outcome.phases },
      pixelSource: source,
      leftOut: outcome.leftOut,
    };
  } catch {
    // A fixed message: never pixel or payload content.
    throw new Error('the frame could not be decoded');
  } finally {
    frame.close();
  }
}

serve<Pdf417WorkerRequest, Pdf417WorkerReply>(
  (request) =>
    request.type === 'load' ? load(request.engine) : decode(request.frame, request.options, request.resumeAt ?? null),
  (reply) => (reply.type === 'decoded' && reply.bytes ? [reply.bytes.buffer] : []),
);
