/**
 * Moves the camera's exposure, where the track lets the page do it (Media Capture Image: Android
 * Chromium offers `exposureCompensation`, and `exposureMode` with `exposureTime`): down when a
 * frame is over-exposed or shows glare, up when it is too dark. A darker exposure often brings
 * back print that a bright room or a shiny laminate washed out, a brighter one print that a dim
 * room sank into the dark, without asking the person to move.
 */

/** The image-capture members of a track's capabilities and settings (not in TypeScript's DOM types). */
interface Range {
  min?: number;
  max?: number;
  step?: number;
}
interface ExposureCapabilities {
  exposureCompensation?: Range;
  exposureMode?: string[];
  exposureTime?: Range;
}
interface ExposureSettings {
  exposureCompensation?: number;
  exposureMode?: string;
  exposureTime?: number;
}
type ExposureConstraints = MediaTrackConstraintSet & ExposureSettings;

/** The parts of a MediaStreamTrack this uses (a test passes a plain object). */
export type ExposureTrack = Pick<MediaStreamTrack, 'applyConstraints'> & {
  getCapabilities?: () => unknown;
  getSettings?: () => unknown;
};

/** Auto-exposure takes a few frames to follow a change: no second step before this. */
export const EXPOSURE_SETTLE_MS = 700;
/**
 * At most this many EV below where the track started: further down, print on a dark card drowns
 * in noise, and the person is better told to move.
 */
export const MAX_EV_DROP = 2;
/**
 * At most this many EV above where the track started, and only through compensation (the camera's
 * own auto-exposure then chooses gain or time): a card at a mean luminance of 70, the judge's "too
 * dark", needs about 2 EV to reach the 130 of a well-lit one. A manual exposure time is never made
 * longer than the camera chose: a hand-held card would blur.
 */
export const MAX_EV_RAISE = 2;
/** Smallest step worth taking, EV: some devices offer 1/6 EV steps, too small to see in one go. */
const MIN_EV_STEP = 1 / 3;
/** One step of exposure time in manual mode: a third less light, about half an EV. */
const TIME_STEP = 0.7;

type Plan =
  | {
      kind: 'compensation';
      original: number;
      current: number;
      floor: number;
      ceiling: number;
      step: number;
      /** Steps taken from the original, negative when lowered. */
      steps: number;
    }
  | { kind: 'time'; originalMode: string; original: number; current: number; floor: number; grid: Grid };

/** Which way a frame asks the exposure to go. */
export type ExposureDirection = 'down' | 'up';

export class ExposureControl {
  private lastChange = Number.NEGATIVE_INFINITY;
  private failed = false;
  /** The way the exposure has moved since the track started or was restored. */
  private moved: ExposureDirection | null = null;
  /** The exposure went back to the camera's own after a frame asked for the other way: no more moves. */
  private returned = false;

  private constructor(
    private readonly track: ExposureTrack,
    private plan: Plan,
  ) {}

  /** A control for this track, or null when the track offers no exposure control. */
  static for(track: ExposureTrack | undefined): ExposureControl | null {
    if (!track || typeof track.getCapabilities !== 'function') return null;
    let capabilities: ExposureCapabilities;
    let settings: ExposureSettings;
    try {
      capabilities = (track.getCapabilities() ?? {}) as ExposureCapabilities;
      settings = (track.getSettings?.() ?? {}) as ExposureSettings;
    } catch {
      return null;
    }
    const compensation = capabilities.exposureCompensation;
    if (isRange(compensation)) {
      const original = finite(settings.exposureCompensation) ?? clamp(0, compensation.min, compensation.max);
      const unit = finite(compensation.step) && (compensation.step as number) > 0 ? (compensation.step as number) : 0;
      // A whole number of the device's steps, at least a third of an EV.
      const step = unit > 0 ? Math.ceil(MIN_EV_STEP / unit - 1e-9) * unit : MIN_EV_STEP;
      const floor = Math.max(compensation.min, original - MAX_EV_DROP);
      const ceiling = Math.min(compensation.max, original + MAX_EV_RAISE);
      return new ExposureControl(track, {
        kind: 'compensation',
        original,
        current: original,
        floor,
        ceiling,
        step,
        steps: 0,
      });
    }
    const time = capabilities.exposureTime;
    const modes = Array.isArray(capabilities.exposureMode) ? capabilities.exposureMode : [];
    const current = finite(settings.exposureTime);
    if (isRange(time) && modes.includes('manual') && current !== undefined && current > 0) {
      const floor = Math.max(time.min, current / 2 ** MAX_EV_DROP);
      const originalMode = typeof settings.exposureMode === 'string' ? settings.exposureMode : 'continuous';
      const grid = { min: time.min, step: finite(time.step) && (time.step as number) > 0 ? (time.step as number) : 0 };
      return new ExposureControl(track, { kind: 'time', originalMode, original: current, current, floor, grid });
    }
    return null;
  }

  /** How far the exposure has been lowered, in the track's own unit (0 = where it started). */
  get lowered(): number {
    return this.plan.original - this.plan.current;
  }

  /**
   * Moves the exposure one step `direction`. True while the camera is dealing with it (a step taken
   * now, or the last one still settling); false when nothing more can be done here and the person
   * must be asked.
   */
  move(direction: ExposureDirection, now: number): boolean {
    if (this.failed) return false;
    const settling = now - this.lastChange < EXPOSURE_SETTLE_MS;
    if (this.returned) return settling;
    if (this.moved !== null && this.moved !== direction) {
      // The other way after a move (too dark once glare was dimmed, glare once a dark frame was
      // brightened): the move made it worse, so the camera's own exposure comes back once, and then
      // the person is told. No swinging back and forth.
      if (settling) return true;
      this.returned = true;
      this.apply(this.backToOriginal(), now);
      return true;
    }
    if (settling) return this.moved === direction;
    const plan = this.plan;
    const next = nextExposure(plan, direction);
    if (next === null) return false;
    this.plan =
      plan.kind === 'compensation'
        ? { ...plan, current: next, steps: plan.steps + (direction === 'down' ? -1 : 1) }
        : { ...plan, current: next };
    this.moved = direction;
    this.apply(
      plan.kind === 'compensation' ? { exposureCompensation: next } : { exposureMode: 'manual', exposureTime: next },
      now,
    );
    return true;
  }

  /** Puts the exposure back where the track started (the next step starts from the camera's own). */
  async restore(): Promise<void> {
    this.lastChange = Number.NEGATIVE_INFINITY;
    this.moved = null;
    this.returned = false;
    if (this.plan.current === this.plan.original) return;
    try {
      await this.track.applyConstraints({ advanced: [this.backToOriginal()] });
    } catch {
      // An ended track cannot take it back; a new track starts from the camera's own exposure.
    }
  }

  /** Asks the track for `constraints` now; a device that refuses is left alone from then on. */
  private apply(constraints: ExposureConstraints, now: number): void {
    this.lastChange = now;
    this.track.applyConstraints({ advanced: [constraints] }).catch(() => {
      // The person gets the advice instead.
      this.failed = true;
    });
  }

  /** Sets the plan back to where the track started and returns the constraints that say so. */
  private backToOriginal(): ExposureConstraints {
    const plan = this.plan;
    this.plan =
      plan.kind === 'compensation'
        ? { ...plan, current: plan.original, steps: 0 }
        : { ...plan, current: plan.original };
    if (plan.kind === 'compensation') return { exposureCompensation: plan.original };
    return plan.originalMode === 'manual'
      ? { exposureMode: 'manual', exposureTime: plan.original }
      : { exposureMode: plan.originalMode };
  }
}

/** The plan's next value one step `direction`, or null when it may go no further that way. */
function nextExposure(plan: Plan, direction: ExposureDirection): number | null {
  if (plan.kind === 'compensation') {
    // Counted in whole steps from the start, so 1/3 EV steps land on -1, not -0.999999.
    const next = round(plan.original + (plan.steps + (direction === 'down' ? -1 : 1)) * plan.step);
    return next < plan.floor - 1e-6 || next > plan.ceiling + 1e-6 ? null : next;
  }
  // Exposure time goes down, never longer than the camera's own choice (see MAX_EV_RAISE).
  if (direction === 'up') return null;
  const next = shorterTime(plan.current, plan.floor, plan.grid);
  return next < plan.floor - 1e-6 || next >= plan.current ? null : next;
}

/** The device's exposure-time grid (`min + k * step`); step 0 means any value. */
interface Grid {
  min: number;
  step: number;
}

/** The next exposure time: a third shorter, on the device's grid, not below the floor. */
function shorterTime(current: number, floor: number, { min, step }: Grid): number {
  const target = current * TIME_STEP;
  if (step === 0) return round(Math.max(floor, target));
  const down = min + Math.floor((target - min) / step + 1e-9) * step;
  return round(down >= floor ? down : min + Math.ceil((floor - min) / step - 1e-9) * step);
}

function isRange(value: Range | undefined): value is { min: number; max: number; step?: number } {
  return (
    finite(value?.min) !== undefined &&
    finite(value?.max) !== undefined &&
    (value?.max as number) > (value?.min as number)
  );
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Six decimals: what a device reports, without floating-point dust. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
