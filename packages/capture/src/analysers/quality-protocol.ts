import type { QualityMetrics } from './quality-metrics.js';
import type { Rect } from './types.js';

/** Main thread -> quality worker. `bitmap` is the whole frame; `guide` is in its pixels. */
export type QualityWorkerRequest =
  | { type: 'measure'; id: number; bitmap: ImageBitmap; maxSide: number; guide: Rect }
  | { type: 'reset' };

/** Quality worker -> main thread. `ms` is the worker's own time for the frame (downscale + measure). */
export type QualityWorkerReply = { id: number; metrics: QualityMetrics; ms: number } | { id: number; error: string };
