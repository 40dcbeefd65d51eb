import type { QualityMetrics } from './quality-metrics.js';
import type { Rect } from './types.js';

/** Main thread -> quality worker. `bitmap` is the whole frame; `guide` is in its pixels. */
export type QualityWorkerRequest =
  | { type: 'measure'; bitmap: ImageBitmap; maxSide: number; guide: Rect }
  | { type: 'reset' };

/**
 * Quality worker -> main thread: the measure (`ms` is the worker's own time for the frame, downscale
 * and measure), or null for a reset.
 */
export type QualityWorkerReply = { metrics: QualityMetrics; ms: number } | null;
