import { describe, expect, it } from 'vitest';
import { AutoCaptureGate, GUIDANCE_HOLD_MS, GuidanceHold, SharpestRecent } from './guidance.js';
import { guideFractions, guideRect } from './guide.js';

const bitmap = () => createImageBitmap(new ImageData(4, 4));

describe('guidance that does not flicker', () => {
  it('keeps a message for at least a second, then follows the frames', () => {
    const hold = new GuidanceHold();
    expect(hold.offer('too-dark', 0)).toBe('too-dark');
    // Alternating verdicts frame by frame do not make the text jump.
    for (let t = 33; t < GUIDANCE_HOLD_MS; t += 33) expect(hold.offer(t % 66 ? 'blurry' : 'good', t)).toBe('too-dark');
    expect(hold.offer('good', GUIDANCE_HOLD_MS)).toBe('good');
    expect(hold.offer('blurry', GUIDANCE_HOLD_MS + 500)).toBe('good');
  });
});

describe('auto-capture gate', () => {
  it('fires once after four good frames in a row, and a bad frame starts over', () => {
    const gate = new AutoCaptureGate();
    expect([true, true, true].map((g) => gate.offer(g))).toEqual([false, false, false]);
    expect(gate.offer(false)).toBe(false);
    expect([true, true, true, true, true].map((g) => gate.offer(g))).toEqual([false, false, false, true, false]);
  });
});

describe('sharpest frame of the last second', () => {
  it('returns the sharpest frame within the window, not the last one, and closes the rest', async () => {
    const recent = new SharpestRecent(1000);
    const frames = await Promise.all([bitmap(), bitmap(), bitmap(), bitmap()]);
    const [old, sharp, soft, last] = frames as [ImageBitmap, ImageBitmap, ImageBitmap, ImageBitmap];
    recent.push(old, 900, 0);
    recent.push(sharp, 400, 1200);
    recent.push(soft, 100, 1500);
    recent.push(last, 200, 1900);
    // `old` was sharpest but is more than a second old; `soft` can never win against `last`.
    expect(old.width).toBe(0);
    expect(soft.width).toBe(0);
    expect(recent.take(2000)).toBe(sharp);
    expect(last.width).toBe(0);
    expect(recent.size).toBe(0);
  });
});

describe('guide geometry', () => {
  it('keeps ID-1 and passport proportions inside 16:9 and portrait frames', () => {
    for (const [w, h] of [
      [1920, 1080],
      [1080, 1920],
      [640, 480],
    ] as const) {
      for (const aspect of [85.6 / 54, 125 / 88]) {
        const rect = guideRect(w, h, aspect);
        expect(rect.width / rect.height).toBeCloseTo(aspect, 1);
        expect(rect.x).toBeGreaterThanOrEqual(0);
        expect(rect.y).toBeGreaterThanOrEqual(0);
        expect(rect.x + rect.width).toBeLessThanOrEqual(w);
        expect(rect.y + rect.height).toBeLessThanOrEqual(h);
      }
    }
    const f = guideFractions(1920, 1080, 85.6 / 54);
    // 82% of the width unless the height (90% at most) binds first, as it does for ID-1 in 16:9.
    expect(f.width).toBeLessThanOrEqual(0.82);
    expect(f.height).toBeCloseTo(0.9, 2);
  });
});
