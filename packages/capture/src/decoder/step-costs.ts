import type { ImageSize } from '@berbix-capture/imaging';

/** How many of a step's latest runs its expected time is taken from. */
const RUNS_KEPT = 7;
/** Frame sizes whose costs are kept at once (a camera gives one or two); the oldest is forgotten first. */
const SIZES_KEPT = 8;

/**
 * How long each attempt of the read plan has lately taken on this device: the median of its last
 * few runs (0 until it has run). The live budget is a time to finish by, not to start by: a step
 * that starts just inside it and runs as long as the rest of the frame doubles the frame's time
 * (a failing frame used to take the budget and half again). Learned rather than fixed, because
 * the same step costs two or three times as much on a slow phone as here, and a step's cost
 * depends on the symbol in view, which stays the same from frame to frame. Kept per frame size:
 * the engine on a whole 1080p frame costs ten times what it costs on a small photo.
 */
export class StepCosts {
  /** Per frame size (`width x height`), each attempt's latest runs. */
  private readonly sizes = new Map<string, Map<string, number[]>>();

  /** Notes that `attempt` just took `ms` milliseconds on a frame of `size`. */
  record(size: ImageSize, attempt: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const key = sizeKey(size);
    let attempts = this.sizes.get(key);
    if (!attempts) {
      if (this.sizes.size >= SIZES_KEPT) this.sizes.delete(this.sizes.keys().next().value as string);
      attempts = new Map();
      this.sizes.set(key, attempts);
    }
    const runs = attempts.get(attempt) ?? [];
    runs.push(ms);
    if (runs.length > RUNS_KEPT) runs.shift();
    attempts.set(attempt, runs);
  }

  /** The median of `attempt`'s recent runs on frames of `size`, in milliseconds; 0 when it has not run on one. */
  expected(size: ImageSize, attempt: string): number {
    const runs = this.sizes.get(sizeKey(size))?.get(attempt);
    if (!runs?.length) return 0;
    const sorted = [...runs].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
}

function sizeKey({ width, height }: ImageSize): string {
  return `${width}x${height}`;
}
