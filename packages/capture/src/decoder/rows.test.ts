import { describe, expect, it } from 'vitest';
import { type ClusterRead, type RowModel, rowAt, rowModel } from './rows.js';

const LINES = 200;
const COLUMNS = 13;
const ROWS = 34;
// Rows tilted across the symbol and nearer together on its right (the far side under keystone).
const TRUTH: RowModel = { left: { a: -0.3, b: 0.168 }, right: { a: 1.1, b: 0.163 } };

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

/**
 * Reads as scan lines would give them under TRUTH: about half the windows read, each with its
 * row's cluster; an indicator names its row (value / 30 is row / 3). `leftIndicator` false makes
 * the left indicator's reads misreads that name random rows, as under glare.
 */
function readsUnder(options: { leftIndicator: boolean; rightIndicator: boolean }): Array<Array<ClusterRead | null>> {
  const next = seeded(9);
  const reads: Array<Array<ClusterRead | null>> = [];
  for (let k = 0; k < LINES; k++) {
    const line: Array<ClusterRead | null> = [];
    for (let j = 0; j <= COLUMNS + 1; j++) {
      const row = Math.floor(rowAt(TRUTH, k, j, COLUMNS));
      const indicator = j === 0 || j === COLUMNS + 1;
      const readable = indicator ? (j === 0 ? options.leftIndicator : options.rightIndicator) : true;
      if (row < 0 || row >= ROWS || next() < 0.5) line.push(null);
      else if (!readable)
        line.push(
          next() < 0.3 ? { value: Math.floor(next() * 12) * 30, cluster: 3 * Math.floor(next() * 3), weight: 1 } : null,
        );
      else line.push({ value: Math.floor(row / 3) * 30 + 5, cluster: (row % 3) * 3, weight: 3 });
    }
    reads.push(line);
  }
  return reads;
}

function expectNear(model: RowModel | null, tolerance: number): void {
  expect(model).not.toBeNull();
  for (const k of [0, LINES / 2, LINES - 1]) {
    for (const j of [0, 7, COLUMNS + 1]) {
      expect(Math.abs(rowAt(model as RowModel, k, j, COLUMNS) - rowAt(TRUTH, k, j, COLUMNS))).toBeLessThan(tolerance);
    }
  }
}

describe('the row model', () => {
  it('follows both row indicators when both read', () => {
    expectNear(rowModel(readsUnder({ leftIndicator: true, rightIndicator: true }), COLUMNS, ROWS), 0.2);
  });

  it('finds the far side from the clusters when one indicator reads only misreads', () => {
    expectNear(rowModel(readsUnder({ leftIndicator: false, rightIndicator: true }), COLUMNS, ROWS), 0.3);
    expectNear(rowModel(readsUnder({ leftIndicator: true, rightIndicator: false }), COLUMNS, ROWS), 0.3);
  });

  it('gives no model when neither indicator can be followed', () => {
    expect(rowModel(readsUnder({ leftIndicator: false, rightIndicator: false }), COLUMNS, ROWS)).toBeNull();
    expect(rowModel([], COLUMNS, ROWS)).toBeNull();
  });
});
