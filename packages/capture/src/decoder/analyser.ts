import type { Step } from '@berbix-capture/protocol';
import type { FrameAnalyser, FrameContext, Pdf417Result } from '../analysers/types.js';
import { WorkerLink, WorkerUnavailableError } from '../worker-rpc.js';
import type { PixelSource } from './frame-pixels.js';
import type { Pdf417WorkerReply, Pdf417WorkerRequest } from './protocol.js';
import type { ReadOptions } from './strategy.js';
import { isPdf417Engine, type Pdf417Engine } from './types.js';

/** The default engine, chosen by `pnpm bench:pdf417` (figures in this folder's README). */
export const DEFAULT_PDF417_ENGINE: Pdf417Engine = 'zxing-js';

/** How long one frame may take before the worker is considered stuck and restarted. */
const FRAME_TIMEOUT_MS = 5_000;

/** Frames of one step this close together show the same scene: the person is still holding the card. */
const SAME_SCENE_MS = 1_000;

export interface Pdf417AnalyserOptions {
  /** Which engine decodes; default `DEFAULT_PDF417_ENGINE`. */
  engine?: Pdf417Engine;
  /** Overrides of the per-frame read plan (budget, sizes); for the benchmark and tuning. */
  read?: Partial<ReadOptions>;
}

/** A PDF417 analyser result with what the benchmark and diagnostics want besides. */
export interface Pdf417Reading extends Pdf417Result {
  /** Attempts the read plan made on this frame, e.g. `located/local`. */
  attempts: string[];
  /** Estimated angle of the symbol, degrees. */
  angleDegrees: number;
  /**
   * The frame shows a PDF417 symbol (it read, or its start and stop bars were found with a
   * symbol's density of bars between them), whether or not it read: false on the front of a card,
   * which is how the back step tells a person to turn it over.
   */
  symbolSeen: boolean;
  /** Where the decode time went, ms: frame to grey pixels, locating, cropping, engine. */
  phases: { pixels: number; locate: number; crop: number; engine: number };
  /** Where the grey pixels came from: a camera frame's luma plane, or RGBA drawn on a canvas. */
  pixelSource: PixelSource;
}

/** Why the analyser could not do its job. `unavailable`: the engine does not exist in this browser. */
export class Pdf417AnalyserError extends Error {
  override readonly name = 'Pdf417AnalyserError';
  constructor(
    readonly code: 'unavailable' | 'failed' | 'busy' | 'timeout' | 'disposed',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads PDF417 symbols in the guide region in a Web Worker. Nothing loads until `prepare()` (the
 * element calls it when a step that needs it begins): then the worker starts and fetches only the
 * chosen engine. At most one frame is in flight: a frame offered while one is decoding is closed
 * and rejected with code `busy`. Frames and payload bytes are transferred, not copied.
 *
 * On the back step a reading with `aamvaValid` is the auto-capture signal; on the front step any
 * reading means the wrong side is showing.
 */
export class Pdf417Analyser implements FrameAnalyser<Pdf417Reading> {
  readonly id = 'pdf417';
  readonly steps: readonly Step[] = ['upload_document_front', 'upload_document_back'];
  readonly engine: Pdf417Engine;
  private readonly read: Partial<ReadOptions>;
  private readonly link = new WorkerLink<Pdf417WorkerRequest, Pdf417WorkerReply>(
    'PDF417',
    () => new Worker(new URL('./pdf417.worker.js', import.meta.url), { type: 'module', name: 'berbix-pdf417' }),
  );
  private loading: Promise<void> | null = null;
  /** The frame being decoded: one at a time, and a stuck one gives up after `FRAME_TIMEOUT_MS`. */
  private inFlight: { reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> } | null = null;
  /**
   * Where the last live frame's budget cut its read plan short, so the next frame of the same
   * scene (same step, within `SAME_SCENE_MS`) tries those steps first after its grid read.
   */
  private resume: { step: string; at: number; leftOut: string } | null = null;

  constructor(options: Pdf417AnalyserOptions = {}) {
    const engine = options.engine ?? DEFAULT_PDF417_ENGINE;
    if (!isPdf417Engine(engine)) throw new TypeError('unknown PDF417 engine');
    this.engine = engine;
    this.read = { ...options.read };
  }

  /**
   * Starts the worker and loads the engine. Rejects with a `Pdf417AnalyserError`, or with a
   * `WorkerUnavailableError` when the worker itself cannot start.
   */
  prepare(): Promise<void> {
    if (this.loading) return this.loading;
    const loading: Promise<void> = this.load().catch((error: unknown) => {
      // A failed load can be retried (e.g. the .wasm request failed on a flaky network), unless a
      // dispose already replaced it: then the worker here is someone else's.
      if (this.loading === loading) {
        this.loading = null;
        this.link.stop();
      }
      throw error;
    });
    this.loading = loading;
    return loading;
  }

  analyse(frame: ImageBitmap, context: FrameContext): Promise<Pdf417Reading> {
    return this.decode(frame, context);
  }

  /** A camera frame: the worker reads its luma plane as it is, with no drawing and no RGB. */
  analyseVideoFrame(frame: VideoFrame, context: FrameContext): Promise<Pdf417Reading> {
    return this.decode(frame, context);
  }

  private async decode(frame: ImageBitmap | VideoFrame, context: FrameContext): Promise<Pdf417Reading> {
    if (this.inFlight) {
      frame.close();
      throw new Pdf417AnalyserError('busy', 'a frame is already being decoded');
    }
    try {
      await this.prepare();
    } catch (error) {
      frame.close();
      throw error;
    }
    const reply = await new Promise<Pdf417WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stuck engine: drop the worker; the next frame starts a fresh one.
        this.finish(new Pdf417AnalyserError('timeout', 'decoding a frame took too long'));
        this.restart();
      }, FRAME_TIMEOUT_MS);
      const pending = { reject, timer };
      this.inFlight = pending;
      // A still photo gets every attempt of the read plan: no next frame will come.
      const options = context.still ? { ...this.read, budgetMs: Number.POSITIVE_INFINITY } : this.read;
      const resume = this.resume;
      const sameScene =
        !context.still &&
        resume !== null &&
        resume.step === context.step &&
        context.timestamp - resume.at < SAME_SCENE_MS;
      const resumeAt = sameScene ? resume.leftOut : null;
      this.link.call({ type: 'decode', frame, options, resumeAt }, [frame]).then(
        (value) => {
          if (this.inFlight !== pending) return;
          this.finish();
          resolve(value);
        },
        (error: unknown) => {
          if (this.inFlight === pending) this.finish(failure(error));
          // The worker died (the link stopped it): the next frame loads the engine in a fresh one.
          if (!this.link.running) this.loading = null;
        },
      );
    });
    if (reply.type !== 'decoded') throw new Pdf417AnalyserError('failed', 'the frame could not be decoded');
    if (!context.still) {
      this.resume =
        reply.leftOut && !reply.bytes ? { step: context.step, at: context.timestamp, leftOut: reply.leftOut } : null;
    }
    return {
      barcode:
        reply.bytes && reply.text !== null
          ? { bytes: reply.bytes, text: reply.text, aamvaValid: reply.aamvaValid }
          : null,
      decodeMs: reply.decodeMs,
      symbolSeen: reply.symbolSeen,
      attempts: reply.attempts,
      angleDegrees: reply.angleDegrees,
      phases: reply.phases,
      pixelSource: reply.pixelSource,
    };
  }

  /** Forgets the last frame: the next one is a new scene (the benchmark's unrelated frames). */
  reset(): void {
    this.resume = null;
  }

  dispose(): void {
    this.resume = null;
    this.restart();
  }

  private async load(): Promise<void> {
    const reply = await this.link.call({ type: 'load', engine: this.engine }).catch((error: unknown) => {
      throw failure(error);
    });
    if (reply.type === 'error') throw new Pdf417AnalyserError(reply.code, reply.message);
  }

  /** Ends the frame in flight; with an error, its promise rejects with it. */
  private finish(error?: Error): void {
    const pending = this.inFlight;
    if (!pending) return;
    this.inFlight = null;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
  }

  private restart(): void {
    this.finish(new Pdf417AnalyserError('disposed', 'the PDF417 worker stopped'));
    this.link.stop(new Pdf417AnalyserError('disposed', 'the PDF417 analyser was disposed'));
    this.loading = null;
  }
}

/** A worker that cannot start stays a `WorkerUnavailableError`; any other failure is the analyser's. */
function failure(error: unknown): Error {
  if (error instanceof WorkerUnavailableError || error instanceof Pdf417AnalyserError) return error;
  return new Pdf417AnalyserError('failed', error instanceof Error ? error.message : 'the PDF417 worker failed');
}

/** The analyser the element registers for PDF417: `createPdf417Analyser({ engine: 'zxing-js' })`. */
export function createPdf417Analyser(options: Pdf417AnalyserOptions = {}): Pdf417Analyser {
  return new Pdf417Analyser(options);
}
