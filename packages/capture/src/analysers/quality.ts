import type { Step } from '@berbix-capture/protocol';
import { WorkerLink } from '../worker-rpc.js';
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
  private readonly link = new WorkerLink<QualityWorkerRequest, QualityWorkerReply>(
    'quality',
    () => new Worker(new URL('./quality.worker.js', import.meta.url), { type: 'module', name: 'berbix-quality' }),
  );

  constructor(private readonly thresholds: typeof QUALITY_THRESHOLDS = QUALITY_THRESHOLDS) {}

  /** Starts the worker; rejects with `WorkerUnavailableError` when it cannot start. */
  prepare(): Promise<void> {
    return this.link.start();
  }

  /** `frame` is the whole camera frame (or still photo); `context.guide` says where the guide is in it. */
  async analyse(frame: ImageBitmap, context: FrameContext): Promise<QualityResult> {
    const request: QualityWorkerRequest = {
      type: 'measure',
      bitmap: frame,
      maxSide: QUALITY_MAX_SIDE,
      guide: context.guide,
    };
    const reply = await this.link.call(request, [frame]).catch((error: unknown) => {
      frame.close();
      throw error;
    });
    if (!reply) throw new Error('the quality worker gave no measure');
    this.lastWorkerMs = reply.ms;
    return { metrics: reply.metrics, verdict: judge(reply.metrics, this.thresholds) };
  }

  /** Forgets the previous frame, e.g. when a new step begins, so motion is not judged across it. */
  reset(): void {
    // Only a running worker has a previous frame to forget.
    if (this.link.running) void this.link.call({ type: 'reset' }).catch(() => undefined);
  }

  dispose(): void {
    this.link.stop(new Error('the quality analyser was disposed'));
  }
}
