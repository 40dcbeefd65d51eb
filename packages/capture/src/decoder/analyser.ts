import type { Step } from '@berbix-capture/protocol';
import type { FrameAnalyser, FrameContext, Pdf417Result } from '../analysers/types.js';
import { WorkerLink, WorkerUnavailableError } from '../worker-rpc.js';
import type { Pdf417WorkerReply, Pdf417WorkerRequest } from './protocol.js';
import type { ReadOptions, ReadPart } from './strategy.js';
import { isPdf417Engine, type Pdf417Engine } from './types.js';

/** The default engine, chosen by `pnpm bench:pdf417` (figures in this folder's README). */
export const DEFAULT_PDF417_ENGINE: Pdf417Engine = 'zxing-js';

/** How long one frame may take before the worker is considered stuck and restarted. */
const FRAME_TIMEOUT_MS = 5_000;

export interface Pdf417AnalyserOptions {
  /** Which engine decodes; default `DEFAULT_PDF417_ENGINE`. */
  engine?: Pdf417Engine;
  /** Overrides of the per-frame read plan (budget, sizes); for the benchmark and tuning. */
  read?: Partial<ReadOptions>;
  /**
   * Decode workers: with 2, one runs our own grid reader and the other the engine on the same
   * frame, and the frame's answer comes when either reads (or both have failed) instead of after
   * both in turn. Default 2 where the device has at least two cores, else 1.
   */
  workers?: 1 | 2;
}

/** Decoded reply of the worker. */
type Decoded = Extract<Pdf417WorkerReply, { type: 'decoded' }>;

/** A PDF417 analyser result with what the benchmark and diagnostics want besides. */
export interface Pdf417Reading extends Pdf417Result {
  /** Attempts the read plan made on this frame, e.g. `located/local`. */
  attempts: string[];
  /** Estimated angle of the symbol, degrees. */
  angleDegrees: number;
  /**
   * The frame shows a PDF417 symbol (its start and stop bars were found), whether or not it read:
   * false on the front of a card, which is how the back step tells a person to turn it over.
   */
  symbolSeen: boolean;
  /** Where the decode time went, ms: frame to grey pixels, locating, cropping, engine. */
  phases: { pixels: number; locate: number; crop: number; engine: number };
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
  /** One link per worker; with two, the first runs the grid's part of the plan and the second the engine's. */
  private readonly links: Array<WorkerLink<Pdf417WorkerRequest, Pdf417WorkerReply>>;
  private loading: Promise<void> | null = null;
  /**
   * The frame being decoded and not yet answered: one at a time, and a stuck one gives up after
   * `FRAME_TIMEOUT_MS`. Taken as soon as `analyse` is called, so a second frame is refused at once.
   */
  private inFlight: { reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> | null } | null = null;
  /**
   * With two workers, a frame is answered when one of them reads it, and the other stops at its
   * next step: this settles when every worker has answered the last frame.
   */
  private draining: Promise<void> = Promise.resolve();

  constructor(options: Pdf417AnalyserOptions = {}) {
    const engine = options.engine ?? DEFAULT_PDF417_ENGINE;
    if (!isPdf417Engine(engine)) throw new TypeError('unknown PDF417 engine');
    this.engine = engine;
    this.read = { ...options.read };
    const workers = options.workers ?? defaultWorkers();
    if (workers !== 1 && workers !== 2) throw new TypeError('workers must be 1 or 2');
    this.links = Array.from(
      { length: workers },
      () =>
        new WorkerLink<Pdf417WorkerRequest, Pdf417WorkerReply>(
          'PDF417',
          () => new Worker(new URL('./pdf417.worker.js', import.meta.url), { type: 'module', name: 'berbix-pdf417' }),
        ),
    );
  }

  /**
   * Settles when no frame is in flight and every worker is free. With two workers a frame is
   * answered as soon as one reads it; the next frame waits (inside `analyse`) for the other to end
   * its current step. The benchmark waits here so that wait is not timed.
   */
  async idle(): Promise<void> {
    while (this.inFlight) await new Promise((resolve) => setTimeout(resolve, 1));
    await this.draining;
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
        for (const link of this.links) link.stop();
      }
      throw error;
    });
    this.loading = loading;
    return loading;
  }

  async analyse(frame: ImageBitmap, _context: FrameContext): Promise<Pdf417Reading> {
    if (this.inFlight) {
      frame.close();
      throw new Pdf417AnalyserError('busy', 'a frame is already being decoded');
    }
    return new Promise<Pdf417Reading>((resolve, reject) => {
      const slot: NonNullable<Pdf417Analyser['inFlight']> = { reject, timer: null };
      this.inFlight = slot;
      this.start(frame, slot).then(
        (replies) => resolve(reading(replies)),
        (error: unknown) => {
          // A timeout or a dispose has already rejected it with its own reason.
          if (this.inFlight === slot) this.finish();
          reject(error);
        },
      );
    });
  }

  /** Waits for the workers, then decodes the frame on them; rejects (and closes the frame) when it cannot. */
  private async start(frame: ImageBitmap, slot: NonNullable<Pdf417Analyser['inFlight']>): Promise<Decoded[]> {
    const disposed = () => this.inFlight !== slot;
    let bitmaps: ImageBitmap[] = [frame];
    try {
      await this.draining;
      if (!disposed()) await this.prepare();
      if (!disposed()) bitmaps = await copies(frame, this.links.length);
    } catch (error) {
      frame.close();
      throw error;
    }
    if (disposed()) {
      for (const bitmap of bitmaps) bitmap.close();
      throw new Pdf417AnalyserError('disposed', 'the PDF417 analyser was disposed');
    }
    return this.decode(bitmaps, slot);
  }

  /**
   * Sends one bitmap to each worker (with two, the grid's part to the first and the engine's to
   * the second) and settles with the first read, or with every worker's reply when none reads.
   */
  private decode(bitmaps: ImageBitmap[], slot: NonNullable<Pdf417Analyser['inFlight']>): Promise<Decoded[]> {
    const parts: ReadPart[] = bitmaps.length === 2 ? ['grid', 'engine'] : ['all'];
    let release = () => {};
    this.draining = new Promise<void>((resolve) => {
      release = resolve;
    });
    slot.timer = setTimeout(() => {
      // A stuck engine: drop the workers; the next frame starts fresh ones.
      this.finish(new Pdf417AnalyserError('timeout', 'decoding a frame took too long'));
      this.restart();
    }, FRAME_TIMEOUT_MS);
    return new Promise<Decoded[]>((resolve, reject) => {
      const replies: Array<Decoded | undefined> = bitmaps.map(() => undefined);
      let answered = false;
      // One answer: the first read, every worker's failure to read, or an error.
      const answer = (value: Decoded[] | Error) => {
        if (answered) return;
        answered = true;
        if (this.inFlight === slot) {
          this.inFlight = null;
          if (slot.timer) clearTimeout(slot.timer);
        }
        if (value instanceof Error) reject(value);
        else resolve(value);
        // The workers still at it stop before their next step.
        bitmaps.forEach((_, j) => {
          if (!replies[j]) this.links[j]?.call({ type: 'cancel' }).catch(() => {});
        });
      };
      let left = bitmaps.length;
      const settled = () => {
        if (--left > 0) return;
        release();
        answer(
          replies.every(Boolean)
            ? (replies as Decoded[])
            : new Pdf417AnalyserError('failed', 'the frame could not be decoded'),
        );
      };
      bitmaps.forEach((bitmap, i) => {
        const link = this.links[i] as WorkerLink<Pdf417WorkerRequest, Pdf417WorkerReply>;
        link.call({ type: 'decode', bitmap, options: { ...this.read, part: parts[i] } }, [bitmap]).then(
          (reply) => {
            if (reply.type !== 'decoded') answer(new Pdf417AnalyserError('failed', 'the frame could not be decoded'));
            else {
              replies[i] = reply;
              if (reply.bytes && reply.text !== null) answer([reply]);
            }
            settled();
          },
          (error: unknown) => {
            answer(failure(error));
            // The worker died (the link stopped it): the next frame loads the engine in a fresh one.
            if (!link.running) this.loading = null;
            settled();
          },
        );
      });
    });
  }

  dispose(): void {
    this.restart();
  }

  private async load(): Promise<void> {
    const replies = await Promise.all(
      this.links.map((link) =>
        link.call({ type: 'load', engine: this.engine }).catch((error: unknown) => {
          throw failure(error);
        }),
      ),
    );
    for (const reply of replies) {
      if (reply.type === 'error') throw new Pdf417AnalyserError(reply.code, reply.message);
    }
  }

  /** Ends the frame in flight; with an error, its promise rejects with it. */
  private finish(error?: Error): void {
    const pending = this.inFlight;
    if (!pending) return;
    this.inFlight = null;
    if (pending.timer) clearTimeout(pending.timer);
    if (error) pending.reject(error);
  }

  private restart(): void {
    this.finish(new Pdf417AnalyserError('disposed', 'the PDF417 worker stopped'));
    for (const link of this.links) link.stop(new Pdf417AnalyserError('disposed', 'the PDF417 analyser was disposed'));
    this.loading = null;
  }
}

/** Two decode workers where the device has two cores or more. */
function defaultWorkers(): 1 | 2 {
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return cores >= 2 ? 2 : 1;
}

/**
 * The frame, and a copy of it for each further worker (each worker takes its own bitmap). When a
 * copy cannot be made, the frame goes to the first worker alone, which then runs the whole plan.
 */
async function copies(frame: ImageBitmap, count: number): Promise<ImageBitmap[]> {
  if (count < 2) return [frame];
  try {
    return [frame, await createImageBitmap(frame)];
  } catch {
    return [frame];
  }
}

/** The reading of a frame from its workers' replies: the one that read, or all of them merged. */
function reading(replies: Decoded[]): Pdf417Reading {
  const read = replies.find((reply) => reply.bytes && reply.text !== null);
  if (read?.bytes && read.text !== null) {
    return {
      barcode: { bytes: read.bytes, text: read.text, aamvaValid: read.aamvaValid },
      decodeMs: read.decodeMs,
      symbolSeen: true,
      attempts: read.attempts,
      angleDegrees: read.angleDegrees,
      phases: read.phases,
    };
  }
  const first = replies[0] as Decoded;
  const most = (pick: (reply: Decoded) => number) => Math.max(...replies.map(pick));
  const total = (pick: (reply: Decoded) => number) => replies.reduce((sum, reply) => sum + pick(reply), 0);
  return {
    barcode: null,
    // The workers ran side by side: the frame took as long as the slower one.
    decodeMs: most((reply) => reply.decodeMs),
    symbolSeen: replies.some((reply) => reply.symbolSeen),
    attempts: replies.flatMap((reply) => reply.attempts),
    angleDegrees: first.angleDegrees,
    // Each worker turned the frame to grey and located the symbol at the same time; the crops and
    // the engine calls are each one's own work.
    phases: {
      pixels: most((reply) => reply.phases.pixels),
      locate: most((reply) => reply.phases.locate),
      crop: total((reply) => reply.phases.crop),
      engine: total((reply) => reply.phases.engine),
    },
  };
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
