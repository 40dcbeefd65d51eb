/**
 * Codewords read by correlation, for a grid whose shape and rows are known. The scan-line reader
 * thresholds each window and looks the pattern up (with the weakest modules flipped): one noisy or
 * blurred module in seventeen makes a window no codeword or the wrong one, and the lines across a
 * row vote only afterwards. Here each cell's modules are averaged over the middle of its row first,
 * and the cell is the codeword of its row's cluster whose pattern, blurred as the scan-line reader
 * assumes (`NEIGHBOUR_SHARE`), correlates best with those values: every module counts by how dark
 * it is, none is decided on its own. It needs the row of every cell, so it comes after the row
 * indicators have given the shape and the cleanly read codewords have placed the rows.
 */

import PDF417Common from '@zxing/library/esm/core/pdf417/PDF417Common';
import type { Homography } from '../homography.js';
import { sampleAlong } from './image.js';
import { codewordOfPattern, NEIGHBOUR_SHARE } from './scanline.js';
import type { GrayImage } from './types.js';
import { newVotes } from './votes.js';

/** Codewords per cluster. */
const CODEWORDS = 929;

/**
 * Per cluster (0, 1, 2 for clusters 0, 3, 6), each codeword's four bars (first module and the
 * module after, 8 numbers a codeword), one over the length of its blurred pattern less its mean,
 * and the codeword values in the same order.
 */
interface ClusterPatterns {
  bars: Uint8Array;
  inverseLength: Float32Array;
  codewords: Int32Array;
}

let patterns: ClusterPatterns[] | null = null;

/**
 * The correlation of a codeword's blurred pattern with a cell's values v (less their mean) is its
 * dot product with v over the pattern's length. Blurred, a module is (1 - 2s) of itself and s of
 * each neighbour (the codeword before ends in a space, the one after starts with a bar), so that
 * dot product is the sum over the bars' modules of w = (1 - 2s) v + s (v's left and right
 * neighbours), plus s v[16]: four differences of w's running sum, where the pattern itself would
 * take 17 products.
 */
function clusterPatterns(): ClusterPatterns[] {
  if (patterns) return patterns;
  const made = [0, 1, 2].map(() => ({
    bars: new Uint8Array(CODEWORDS * 8),
    inverseLength: new Float32Array(CODEWORDS),
    codewords: new Int32Array(CODEWORDS),
    count: 0,
  }));
  const module = new Float32Array(17);
  for (const symbol of PDF417Common.SYMBOL_TABLE) {
    const bits = symbol & 0x1ffff;
    const read = codewordOfPattern(bits);
    const cluster = read && made[read.cluster / 3];
    if (!read || !cluster || cluster.count >= CODEWORDS) continue;
    const k = cluster.count;
    for (let m = 0; m < 17; m++) module[m] = (bits >> (16 - m)) & 1;
    for (let m = 0, bar = 0; m < 17; m++) {
      if (module[m] === 0) continue;
      if (m === 0 || module[m - 1] === 0) cluster.bars[8 * k + 2 * bar] = m;
      if (m === 16 || module[m + 1] === 0) cluster.bars[8 * k + 2 * bar++ + 1] = m + 1;
    }
    let mean = 0;
    let squares = 0;
    for (let m = 0; m < 17; m++) {
      const left = m > 0 ? (module[m - 1] as number) : 0;
      const right = m < 16 ? (module[m + 1] as number) : 1;
      const value = (1 - 2 * NEIGHBOUR_SHARE) * (module[m] as number) + NEIGHBOUR_SHARE * (left + right);
      mean += value;
      squares += value * value;
    }
    cluster.inverseLength[k] = 1 / Math.sqrt(squares - (mean * mean) / 17);
    cluster.codewords[k] = read.value;
    cluster.count++;
  }
  patterns = made.map(({ bars, inverseLength, codewords }) => ({ bars, inverseLength, codewords }));
  return patterns;
}

/** Where in a module, across it and down its row, the samples averaged into its value are taken. */
const ACROSS = [0.3, 0.5, 0.7];
const DOWN = [0.25, 0.375, 0.5, 0.625, 0.75];
const SAMPLES = ACROSS.length * DOWN.length;
/** The first data column's first module: after the start pattern and the left row indicator. */
const FIRST_DATA_MODULE = 34;

/**
 * One vote per data cell of the grid `h` maps (u from the start pattern's outer edge to the stop
 * bar's inner edge over `modules`, v = (row + fraction) / rows), for the codeword that correlates
 * best, weighted by how far ahead of the runner-up it is (1000 x the difference in correlation): the
 * least sure cells are then the first Reed-Solomon erases. A cell with no contrast gets no vote.
 */
export function softVotes(
  image: GrayImage,
  h: Homography,
  rows: number,
  columns: number,
  modules: number,
): Array<Map<number, number>> {
  const votes = newVotes(rows * columns);
  const byCluster = clusterPatterns();
  // Each data module's summed samples along one row (the row indicators and the patterns around
  // them are not read).
  const count = 17 * columns;
  const sums = new Float32Array(count);
  const values = new Float32Array(17);
  const running = new Float64Array(18);
  const { data, width, height } = image;
  // One point of every module at a time: a line across the symbol, sampled as a scan line is.
  const line = new Float32Array(count);
  for (let row = 0; row < rows; row++) {
    sums.fill(0);
    for (const down of DOWN) {
      const v = (row + down) / rows;
      for (const across of ACROSS) {
        sampleAlong(data, width, height, h, (FIRST_DATA_MODULE + across) / modules, 1 / modules, v, line);
        for (let k = 0; k < count; k++) sums[k] = (sums[k] as number) + (line[k] as number);
      }
    }
    const { bars, inverseLength, codewords } = byCluster[row % 3] as ClusterPatterns;
    for (let j = 1; j <= columns; j++) {
      const from = 17 * (j - 1);
      let mean = 0;
      for (let m = 0; m < 17; m++) {
        // Darkness, so a bar is high as in the patterns.
        values[m] = -(sums[from + m] as number) / SAMPLES;
        mean += (values[m] as number) / 17;
      }
      let length = 0;
      for (let m = 0; m < 17; m++) {
        values[m] = (values[m] as number) - mean;
        length += (values[m] as number) * (values[m] as number);
      }
      if (length < 1) continue;
      for (let m = 0; m < 17; m++) {
        const left = m > 0 ? (values[m - 1] as number) : 0;
        const right = m < 16 ? (values[m + 1] as number) : 0;
        const w = (1 - 2 * NEIGHBOUR_SHARE) * (values[m] as number) + NEIGHBOUR_SHARE * (left + right);
        running[m + 1] = (running[m] as number) + w;
      }
      const after = NEIGHBOUR_SHARE * (values[16] as number);
      let best = Number.NEGATIVE_INFINITY;
      let second = Number.NEGATIVE_INFINITY;
      let winner = -1;
      for (let k = 0, b = 0; k < CODEWORDS; k++, b += 8) {
        const dot =
          ((running[bars[b + 1] as number] as number) -
            (running[bars[b] as number] as number) +
            (running[bars[b + 3] as number] as number) -
            (running[bars[b + 2] as number] as number) +
            (running[bars[b + 5] as number] as number) -
            (running[bars[b + 4] as number] as number) +
            (running[bars[b + 7] as number] as number) -
            (running[bars[b + 6] as number] as number) +
            after) *
          (inverseLength[k] as number);
        if (dot > best) {
          second = best;
          best = dot;
          winner = codewords[k] as number;
        } else if (dot > second) second = dot;
      }
      const lead = (best - second) / Math.sqrt(length);
      (votes[row * columns + j - 1] as Map<number, number>).set(winner, Math.max(1, Math.round(1000 * lead)));
    }
  }
  return votes;
}
