import type { QualityMetrics } from './quality-metrics.js';

/** Main thread -> quality worker. */
export type QualityWorkerRequest =
  | { type: 'measure'; id: number; bitmap: ImageBitmap; maxSide: number }
  | { type: 'reset' };

/** Quality worker -> main thread. */
export type QualityWorkerReply = { id: number; metrics: QualityMetrics } | { id: number; error: string };
