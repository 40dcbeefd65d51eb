import type { FlowSample } from './run-once.js';

export interface SpanStats {
  n: number;
  median: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/** Nearest-rank percentile of ascending `sorted` (the figure a run actually had). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

export function spanStats(values: ReadonlyArray<number | null>): SpanStats {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
  };
}

export const SPANS = [
  'pageToLive',
  'screenToLive',
  'liveToGuidance',
  'liveToReview',
  'useToNextScreen',
  'useToNextLive',
] as const satisfies ReadonlyArray<keyof FlowSample>;

export function summarise(samples: readonly FlowSample[]): Record<(typeof SPANS)[number], SpanStats> {
  return Object.fromEntries(SPANS.map((name) => [name, spanStats(samples.map((s) => s[name]))])) as Record<
    (typeof SPANS)[number],
    SpanStats
  >;
}
