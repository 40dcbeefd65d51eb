import { seededRandom } from '@berbix-capture/testing/random';
import { describe, expect, it } from 'vitest';
import { type Quad, squareToQuad } from '../homography.js';
import { softVotes } from './soft-cells.js';
import { decodeVotes } from './votes.js';

const QUAD: Quad = [
  [100, 100],
  [700, 100],
  [700, 300],
  [100, 300],
];
const h = squareToQuad(QUAD) as Float64Array;
// 13 columns: 51 + 17 x 13 modules from the start bar's outer edge to the stop bar's inner edge.
const MODULES = 51 + 17 * 13;

describe('codewords by correlation', () => {
  it('votes for nothing where a cell has no contrast', () => {
    const blank = { data: new Uint8ClampedArray(800 * 400).fill(180), width: 800, height: 400 };
    const votes = softVotes(blank, h, 20, 13, MODULES);
    expect(votes).toHaveLength(260);
    expect(votes.every((cell) => cell.size === 0)).toBe(true);
  });

  it('votes once per cell, for a codeword, and reads no text from noise', () => {
    const next = seededRandom(5);
    const noise = { data: new Uint8ClampedArray(800 * 400).map(() => next() * 255), width: 800, height: 400 };
    const votes = softVotes(noise, h, 20, 13, MODULES);
    for (const cell of votes) {
      expect(cell.size).toBe(1);
      const [value, weight] = [...cell][0] ?? [-1, 0];
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(929);
      expect(weight).toBeGreaterThanOrEqual(1);
    }
    for (const level of [2, 4, 5]) expect(decodeVotes(votes, level)).toBeNull();
  });
});
