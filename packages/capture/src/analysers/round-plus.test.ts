import { describe, expect, it } from 'vitest';
import { roundPlus } from './round-plus.js';

describe('roundPlus', () => {
  it('equals Math.round(value) + offset on halves, near-halves and random values', () => {
    const values = [0, 0.5, -0.5, 2.5, -2.5, 299.5, -299.5, 1e-300, -1e-300];
    // The doubles just below and above halves: a sum with the offset rounds them up to the next
    // whole number, Math.round does not.
    for (const half of [0.5, 3.5, -3.5, 120.5, -120.5]) {
      let below = half;
      let above = half;
      for (let step = 0; step < 4; step++) {
        below = nextDown(below);
        above = -nextDown(-above);
        values.push(below, above);
      }
    }
    // A horizontal line's vote: cos(90 degrees) is 6e-17, not 0, so half-pixel rows pick up a hair.
    const cos90 = Math.cos(Math.PI / 2);
    for (let x = -240.5; x <= 240.5; x += 1) values.push(x * cos90 + 3.5, x * cos90 - 3.5);
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values.push((seed / 2147483648 - 0.5) * 598);
    }
    for (const value of values) expect(roundPlus(value, 300), String(value)).toBe(Math.round(value) + 300);
  });
});

/** The largest double below `x` (x > 0 or x < 0, not 0). */
function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits - 1n : bits + 1n);
  return view.getFloat64(0);
}
