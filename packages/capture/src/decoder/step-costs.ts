/** How many of a step's latest runs its expected time is taken from. */
const RUNS_KEPT = 7;

/**
 * How long each attempt of the read plan has lately taken on this device: the median of its last
 * few runs (0 until it has run). The live budget is a time to finish by, not to start by: a step
 * that starts just inside it and runs as long as the rest of the frame doubles the frame's time
 * (a failing frame used to take the budget and half again). Learned rather than fixed, because
 * the same step costs two or three times as much on a slow phone as here, and a step's cost
 * depends on the symbol in view, which stays the same from frame to frame.
 */
export class StepCosts {
  private readonly runs = new Map<string, number[]>();

  /** Notes that `attempt` just took `ms` milliseconds. */
  record(attempt: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const runs = this.runs.get(attempt) ?? [];
    runs.push(ms);
    if (runs.length > RUNS_KEPT) runs.shift();
    this.runs.set(attempt, runs);
  }

  /** The median of `attempt`'s recent runs, in milliseconds; 0 when it has not run yet. */
  expected(attempt: string): number {
    const runs = this.runs.get(attempt);
    if (!runs?.length) return 0;
    const sorted = [...runs].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
}
