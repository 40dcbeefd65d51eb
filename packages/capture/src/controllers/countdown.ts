import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders the host when the whole seconds left until `until()` change, and only then (at most
 * once a second), for a visible countdown. Times are on `now()`'s clock (`performance.now()`).
 */
export class CountdownTicker implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly until: () => number | null,
    private readonly now: () => number = () => performance.now(),
  ) {
    host.addController(this);
  }

  /** Whole seconds left (at least 1 while waiting), or null when there is nothing to count down to. */
  secondsLeft(): number | null {
    const at = this.until();
    if (at === null) return null;
    return Math.max(1, Math.ceil((at - this.now()) / 1000));
  }

  hostUpdated(): void {
    clearTimeout(this.timer);
    const at = this.until();
    if (at === null) return;
    const left = at - this.now();
    if (left <= 0) return;
    // Wake just after the shown number changes.
    this.timer = setTimeout(() => this.host.requestUpdate(), (left % 1000 || 1000) + 10);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }
}
