import { seededRandom } from '@berbix-capture/testing/random';
import { describe, expect, it } from 'vitest';
import { darkRuns, turnedRuns } from './dark-runs.js';
import type { GrayImage } from './types.js';

/** Bars of random widths on a light ground, with noise and a light gradient across: a crop's scan lines. */
function barcodeLike(width: number, height: number, seed: number): GrayImage {
  const next = seededRandom(seed);
  const data = new Uint8ClampedArray(width * height);
  const edges: number[] = [];
  for (let x = 20; x < width - 20; x += 2 + Math.floor(next() * 9)) edges.push(x);
  for (let y = 0; y < height; y++) {
    let dark = false;
    let e = 0;
    for (let x = 0; x < width; x++) {
      while (e < edges.length && (edges[e] as number) <= x + (y % 3)) {
        dark = !dark;
        e++;
      }
      data[y * width + x] = (dark ? 60 : 200) + (x * 40) / width + next() * 30;
    }
  }
  return { data, width, height };
}

describe('dark runs', () => {
  it('finds the bars of a scan line, each from its first pixel to the pixel after it', () => {
    const width = 200;
    const data = new Uint8ClampedArray(width).fill(210);
    for (const [a, b] of [
      [40, 48],
      [60, 62],
      [100, 107],
    ] as const)
      data.fill(40, a, b);
    const runs = darkRuns({ data, width, height: 1 });
    expect([...runs.ends]).toEqual([40, 48, 60, 62, 100, 107]);
    expect([...runs.from]).toEqual([0, 6]);
  });

  it('keeps the runs of the lines it is given and finds the rest as it would have', () => {
    const crop = barcodeLike(211, 23, 4);
    const everyThird = { data: new Uint8ClampedArray(211 * 8), width: 211, height: 8 };
    for (let k = 0; k < 8; k++) everyThird.data.set(crop.data.subarray(3 * k * 211, (3 * k + 1) * 211), k * 211);
    const lineOf = (y: number) => (y % 3 === 0 ? y / 3 : -1);
    const whole = darkRuns(crop);
    const given = darkRuns(crop, { runs: darkRuns(everyThird), lineOf });
    expect([...given.ends]).toEqual([...whole.ends]);
    expect([...given.from]).toEqual([...whole.from]);
    // The given lines are taken as they are, not found again: other runs given, those come back.
    const other = darkRuns(barcodeLike(211, 8, 5));
    const taken = darkRuns(crop, { runs: other, lineOf });
    const line = (runs: typeof whole, y: number) => [...runs.ends.subarray(runs.from[y], runs.from[y + 1])];
    expect(line(taken, 6)).toEqual(line(other, 2));
    expect(line(taken, 6)).not.toEqual(line(whole, 6));
    expect(line(taken, 7)).toEqual(line(whole, 7));
  });

  it('gives, turned over, exactly the runs of the crop turned 180 degrees', () => {
    for (const seed of [1, 2, 3]) {
      const crop = barcodeLike(317, 41, seed);
      const turned = { data: crop.data.slice().reverse(), width: crop.width, height: crop.height };
      const expected = darkRuns(turned);
      const mirrored = turnedRuns(darkRuns(crop));
      expect(expected.ends.length).toBeGreaterThan(41 * 20);
      expect([...mirrored.ends]).toEqual([...expected.ends]);
      expect([...mirrored.from]).toEqual([...expected.from]);
      expect([...turnedRuns(mirrored).ends]).toEqual([...darkRuns(crop).ends]);
    }
  });
});
