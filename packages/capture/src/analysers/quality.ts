import type { Step } from '@berbix-capture/protocol';
import { judge, QUALITY_THRESHOLDS, type QualityMetrics, type QualityVerdict } from './quality-metrics.js';
import type { QualityWorkerReply, QualityWorkerRequest } from './quality-protocol.js';
import type { FrameAnalyser, FrameContext } from './types.js';

/** Result of the quality analyser for one frame. */
export interface QualityResult {
  metrics: QualityMetrics;
  verdict: QualityVerdict;
}

/** Longest side, in pixels, of the guide region once downscaled for measuring. */
export const QUALITY_MAX_SIDE = 480;

/**
 * Measures sharpness (variance of the Laplacian), brightness, glare (clipped share), contrast and
 * motion of the guide region in a Web Worker, and judges the frame against `QUALITY_THRESHOLDS`.
 * Downscaling first keeps one frame under a few milliseconds and makes the sharpness figure
 * independent of the camera's resolution.
 */
export class QualityAnalyser implements FrameAnalyser<QualityResult> {
  readonly id = 'quality';
  readonly steps: readonly Step[] = ['upload_document_front', 'upload_document_back'];
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
      if ('error' in data) waiting.reject(new Error(data.error));
      else waiting.resolve({ metrics: data.metrics, verdict: judge(data.metrics, this.thresholds) });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error('the quality worker failed'));
    };
    this.worker = worker;
  }

  async analyse(frame: ImageBitmap, _context: FrameContext): Promise<QualityResult> {
    await this.prepare();
    const worker = this.worker as Worker;
    const id = this.nextId++;
    return new Promise<QualityResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: QualityWorkerRequest = { type: 'measure', id, bitmap: frame, maxSide: QUALITY_MAX_SIDE };
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
