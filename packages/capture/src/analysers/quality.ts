import type { Step } from '@berbix-capture/protocol';
import { judge, QUALITY_THRESHOLDS, type QualityMetrics, type QualityVerdict } from './quality-metrics.js';
import type { QualityWorkerReply, QualityWorkerRequest } from './quality-protocol.js';
import type { FrameAnalyser, FrameContext } from './types.js';

/** Result of the quality analyser for one frame. */
export interface QualityResult {
  metrics: QualityMetrics;
  verdict: QualityVerdict;
}

/** Longest side, in pixels, of the frame once downscaled for measuring. */
export const QUALITY_MAX_SIDE = 480;

/**
 * Finds the card in the whole frame and measures sharpness (variance of the Laplacian), brightness,
 * clipping, glare (compact clipped highlights) and contrast inside it, and motion, in a Web Worker;
 * judges the frame against `QUALITY_THRESHOLDS`. It asks for the whole frame, not the guide crop:
 * a card held beside or across the guide is still a card, and its size is judged against the frame.
 * Downscaling first keeps one frame within a few milliseconds and makes the sharpness figure
 * independent of the camera's resolution.
 */
export class QualityAnalyser implements FrameAnalyser<QualityResult> {
  readonly id = 'quality';
  readonly steps: readonly Step[] = ['upload_document_front', 'upload_document_back'];
  readonly region = 'frame' as const;
  /** The worker's own time for the last frame, ms (downscale and measure; for benchmarks). */
  lastWorkerMs: number | null = null;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: QualityResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly thresholds: typeof QUALITY_THRESHOLDS = QUALITY_THRESHOLDS) {}

  async prepare(): Promise<void> {
    if (this.worker) return;
    const worker = new Worker(new URL('./quality.worker.js', import.meta.url), {
      type: 'module',
      name: 'berbix-quality',
    });
    worker.onmessage = ({ data }: MessageEvent<QualityWorkerReply>) => {
      const waiting = this.pending.get(data.id);
      if (!waiting) return;
      this.pending.delete(data.id);
      if ('error' in data) return waiting.reject(new Error(data.error));
      this.lastWorkerMs = data.ms;
      waiting.resolve({ metrics: data.metrics, verdict: judge(data.metrics, this.thresholds) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error('the quality worker failed'));
    };
    this.worker = worker;
  }

  /** `frame` is the whole camera frame (or still photo); `context.guide` says where the guide is in it. */
  async analyse(frame: ImageBitmap, context: FrameContext): Promise<QualityResult> {
    await this.prepare();
    const worker = this.worker as Worker;
    const id = this.nextId++;
    return new Promise<QualityResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: QualityWorkerRequest = {
        type: 'measure',
        id,
        bitmap: frame,
        maxSide: QUALITY_MAX_SIDE,
        guide: context.guide,
      };
      worker.postMessage(request, [frame]);
    });
  }

  /** Forgets the previous frame, e.g. when a new step begins, so motion is not judged across it. */
  reset(): void {
    this.worker?.postMessage({ type: 'reset' } satisfies QualityWorkerRequest);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error('the quality analyser was disposed'));
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
