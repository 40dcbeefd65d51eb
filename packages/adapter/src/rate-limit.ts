/**
 * Fixed-window request budgets kept in this process. Each adapter instance counts on its own, so
 * behind a load balancer of N instances a client gets at most N times the budget: the point is to
 * stop a flood from spending Berbix transactions and uploads, not exact accounting.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /**
   * @param maxKeys keys tracked at most; the oldest windows are dropped first, so memory stays
   *   bounded however many addresses a flood comes from.
   */
  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one request against `key`; answers the seconds to wait when the budget is spent, or 0
   * when the request may go ahead.
   */
  take(key: string, budget: number): number {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      this.windows.delete(key);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.evict();
    }
    if (window.count >= budget) return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    window.count += 1;
    return 0;
  }

  private evict(): void {
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) return;
      this.windows.delete(oldest);
    }
  }
}
