import type { QualityVerdict } from './analysers/quality-metrics.js';

/**
 * What the person is told while framing. `wrong-side` comes from a barcode read on the front step;
 * on a back step that expects a PDF417, `show-barcode` asks for the other side of a card that shows
 * no symbol, and `reading-barcode` stands in for `good` until the barcode has been read. `looking` is
 * what the screen says from the camera's first frame until the first frame has been judged.
 */
export type GuidanceKey = QualityVerdict | 'wrong-side' | 'show-barcode' | 'reading-barcode' | 'looking';

/** How long a message stays before another may replace it: shorter reads as flicker. */
export const GUIDANCE_HOLD_MS = 1000;

/**
 * Keeps guidance readable: a new message replaces the shown one only after the shown one has been up
 * for `holdMs`. The first message shows at once.
 */
export class GuidanceHold {
  private shown: GuidanceKey | null = null;
  private since = 0;

  constructor(private readonly holdMs = GUIDANCE_HOLD_MS) {}

  get current(): GuidanceKey | null {
    return this.shown;
  }

  /** Offers this frame's guidance; returns what to show now. */
  offer(candidate: GuidanceKey, now: number): GuidanceKey {
    if (this.shown === null || (candidate !== this.shown && now - this.since >= this.holdMs)) {
      this.shown = candidate;
      this.since = now;
    }
    return this.shown;
  }

  reset(): void {
    this.shown = null;
  }
}

/** Good frames in a row before auto-capture fires: a few frames means the card is held steady. */
export const AUTO_CAPTURE_STREAK = 4;

/** Counts consecutive good frames; fires once per streak. */
export class AutoCaptureGate {
  private streak = 0;

  constructor(private readonly needed = AUTO_CAPTURE_STREAK) {}

  /** Returns true on the frame that completes the streak. */
  offer(good: boolean): boolean {
    this.streak = good ? this.streak + 1 : 0;
    return this.streak === this.needed;
  }

  reset(): void {
    this.streak = 0;
  }
}

/** A retained frame and the sharpness it was measured at. */
interface Candidate {
  frame: ImageBitmap;
  sharpness: number;
  time: number;
}

/** How far back the shutter looks for a sharper frame. */
export const SHARPEST_WINDOW_MS = 1000;

/**
 * The sharpest frame of the last second, kept with few bitmaps alive: a monotonic queue in which a
 * frame is dropped (and closed) as soon as a newer, at-least-as-sharp frame arrives, since it can
 * never be the answer again.
 */
export class SharpestRecent {
  private queue: Candidate[] = [];

  constructor(private readonly windowMs = SHARPEST_WINDOW_MS) {}

  /** Takes ownership of `frame`. */
  push(frame: ImageBitmap, sharpness: number, time: number): void {
    while (this.queue.length > 0 && (this.queue.at(-1) as Candidate).sharpness <= sharpness) {
      (this.queue.pop() as Candidate).frame.close();
    }
    this.queue.push({ frame, sharpness, time });
    this.expire(time);
  }

  /** Removes and returns the sharpest frame of the window (caller owns it), closing the rest. */
  take(now: number): ImageBitmap | null {
    this.expire(now);
    const best = this.queue.shift() ?? null;
    this.clear();
    return best?.frame ?? null;
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    for (const candidate of this.queue) candidate.frame.close();
    this.queue = [];
  }

  private expire(now: number): void {
    while (this.queue.length > 0 && now - (this.queue[0] as Candidate).time > this.windowMs) {
      (this.queue.shift() as Candidate).frame.close();
    }
  }
}
