import { describe, expect, it } from 'vitest';
import { EXPOSURE_SETTLE_MS, ExposureControl, type ExposureTrack } from './exposure.js';

/**
 * A track with image-capture exposure controls, as Android Chromium reports them. Chromium's fake
 * camera offers none, so this stand-in is the only way to exercise the code; it records what the
 * control asked for and applies it to its settings.
 */
function fakeTrack(capabilities: object, settings: Record<string, unknown>, refuse = false) {
  const applied: Record<string, unknown>[] = [];
  const track: ExposureTrack = {
    getCapabilities: () => capabilities,
    getSettings: () => ({ ...settings }),
    applyConstraints: async (constraints?: MediaTrackConstraints) => {
      const set = (constraints?.advanced?.[0] ?? {}) as Record<string, unknown>;
      applied.push(set);
      if (refuse) throw new DOMException('not supported', 'OverconstrainedError');
      Object.assign(settings, set);
    },
  };
  return { track, applied, settings };
}

const settle = (steps: number) => steps * EXPOSURE_SETTLE_MS;

describe('lowering the exposure on glare or over-exposure', () => {
  it('steps exposureCompensation down a third of an EV at a time, waits for it to settle, stops 2 EV down or at the minimum', async () => {
    const { track, applied } = fakeTrack(
      { exposureCompensation: { min: -3, max: 3, step: 1 / 6 } },
      { exposureCompensation: 0 },
    );
    const dimmer = ExposureControl.for(track) as ExposureControl;
    expect(dimmer).not.toBeNull();
    expect(dimmer.move('down', 0)).toBe(true);
    // Still settling: the camera is dealing with it, no second step yet.
    expect(dimmer.move('down', EXPOSURE_SETTLE_MS - 1)).toBe(true);
    expect(applied).toEqual([{ exposureCompensation: -0.333333 }]);
    let now = 0;
    for (let i = 1; i < 10; i++) {
      now = settle(i);
      dimmer.move('down', now);
    }
    // Six steps of 1/3 EV reach the 2 EV bound; then the person must be asked.
    expect(applied.map((a) => a.exposureCompensation)).toEqual([-0.333333, -0.666667, -1, -1.333333, -1.666667, -2]);
    expect(dimmer.move('down', now + EXPOSURE_SETTLE_MS)).toBe(false);
    await dimmer.restore();
    expect(applied.at(-1)).toEqual({ exposureCompensation: 0 });
    expect(dimmer.lowered).toBe(0);
    // Reversible: after restoring it can dim again.
    expect(dimmer.move('down', now + 2 * EXPOSURE_SETTLE_MS)).toBe(true);
  });

  it('respects the device minimum and whole device steps', () => {
    const { track, applied } = fakeTrack({ exposureCompensation: { min: -1, max: 2, step: 0.5 } }, {});
    const dimmer = ExposureControl.for(track) as ExposureControl;
    for (let i = 0; i < 5; i++) dimmer.move('down', settle(i));
    expect(applied.map((a) => a.exposureCompensation)).toEqual([-0.5, -1]);
    expect(dimmer.move('down', settle(6))).toBe(false);
  });

  it('falls back to a shorter manual exposure time, and restores the automatic mode', async () => {
    const { track, applied } = fakeTrack(
      { exposureMode: ['manual', 'continuous'], exposureTime: { min: 1, max: 10_000, step: 1 } },
      { exposureMode: 'continuous', exposureTime: 200 },
    );
    const dimmer = ExposureControl.for(track) as ExposureControl;
    for (let i = 0; i < 8; i++) dimmer.move('down', settle(i));
    const times = applied.map((a) => a.exposureTime as number);
    expect(applied.every((a) => a.exposureMode === 'manual')).toBe(true);
    // A third shorter each time, on the device's 1-unit grid, never below a quarter of the start (2 EV).
    expect(times).toEqual([140, 98, 68, 50]);
    await dimmer.restore();
    expect(applied.at(-1)).toEqual({ exposureMode: 'continuous' });
  });

  it('does nothing where the track offers no exposure control (Chromium fake camera, desktop webcams)', () => {
    expect(ExposureControl.for(fakeTrack({}, {}).track)).toBeNull();
    expect(ExposureControl.for(fakeTrack({ exposureMode: ['continuous'] }, {}).track)).toBeNull();
    expect(ExposureControl.for(fakeTrack({ exposureCompensation: { min: 0, max: 0 } }, {}).track)).toBeNull();
    expect(ExposureControl.for(undefined)).toBeNull();
    expect(ExposureControl.for({ applyConstraints: async () => {} })).toBeNull();
  });

  it('a device that refuses the change is left alone: the person gets the advice', async () => {
    const { track } = fakeTrack({ exposureCompensation: { min: -2, max: 2, step: 1 / 3 } }, {}, true);
    const dimmer = ExposureControl.for(track) as ExposureControl;
    expect(dimmer.move('down', 0)).toBe(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(dimmer.move('down', settle(1))).toBe(false);
  });
});

describe('raising the exposure on a dark frame', () => {
  it('steps exposureCompensation up a third of an EV at a time, stops 2 EV up or at the maximum, and restores it', async () => {
    const { track, applied } = fakeTrack(
      { exposureCompensation: { min: -3, max: 1.5, step: 1 / 3 } },
      { exposureCompensation: 0 },
    );
    const control = ExposureControl.for(track) as ExposureControl;
    expect(control.move('up', 0)).toBe(true);
    expect(control.move('up', EXPOSURE_SETTLE_MS - 1)).toBe(true);
    for (let i = 1; i < 8; i++) control.move('up', settle(i));
    // The device's maximum (1.5 EV) comes before the 2 EV bound.
    expect(applied.map((a) => a.exposureCompensation)).toEqual([0.333333, 0.666667, 1, 1.333333]);
    expect(control.move('up', settle(9))).toBe(false);
    expect(control.lowered).toBeCloseTo(-1.333333, 5);
    await control.restore();
    expect(applied.at(-1)).toEqual({ exposureCompensation: 0 });
  });

  it("a frame asking the other way brings the camera's own exposure back once, then the advice: no swinging", async () => {
    const { track, applied } = fakeTrack({ exposureCompensation: { min: -2, max: 2, step: 1 / 3 } }, {});
    const control = ExposureControl.for(track) as ExposureControl;
    expect(control.move('up', 0)).toBe(true);
    expect(control.move('up', settle(1))).toBe(true);
    // Brightened, the laminate now glares: still settling, the frame is dropped.
    expect(control.move('down', settle(1) + 1)).toBe(true);
    expect(applied).toEqual([{ exposureCompensation: 0.333333 }, { exposureCompensation: 0.666667 }]);
    // Settled: back to where it started, once.
    expect(control.move('down', settle(2) + 1)).toBe(true);
    expect(applied.at(-1)).toEqual({ exposureCompensation: 0 });
    expect(control.lowered).toBe(0);
    // While that settles frames are dropped; then either way is advice.
    expect(control.move('up', settle(2) + 2)).toBe(true);
    expect(control.move('up', settle(4))).toBe(false);
    expect(control.move('down', settle(5))).toBe(false);
    expect(applied).toHaveLength(3);
    // The next step starts afresh.
    await control.restore();
    expect(control.move('down', settle(6))).toBe(true);
    expect(applied.at(-1)).toEqual({ exposureCompensation: -0.333333 });
  });

  it('never makes a manual exposure time longer than the camera chose (a hand-held card would blur)', () => {
    const { track, applied } = fakeTrack(
      { exposureMode: ['manual', 'continuous'], exposureTime: { min: 1, max: 10_000, step: 1 } },
      { exposureMode: 'continuous', exposureTime: 200 },
    );
    const control = ExposureControl.for(track) as ExposureControl;
    expect(control.move('up', 0)).toBe(false);
    expect(applied).toEqual([]);
  });
});
