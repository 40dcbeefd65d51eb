/**
 * Which row of the symbol each scan line crosses, column by column. The row indicators name their
 * row, so each indicator column gives a track: the row at its end of every scan line. A scan line
 * that is not level with the rows (a quad a few pixels off at one corner) crosses rows on its way,
 * and the codewords' clusters (row mod 3) say where: the model kept is the one the clusters agree
 * with most.
 */

import { leastSquares } from './line-fit.js';

/** A codeword read at one column of one scan line. */
export interface ClusterRead {
  value: number;
  /** 0, 3 or 6: the row mod 3, times 3. */
  cluster: number;
  /** 3 for an exact pattern, less for one read with modules flipped. */
  weight: number;
}

/** Row (continuous) = a + b x scan line index. */
export interface Track {
  a: number;
  b: number;
}

/** The rows at the left and the right row indicator, for each scan line. */
export interface RowModel {
  left: Track;
  right: Track;
}

type Reads = ReadonlyArray<ReadonlyArray<ClusterRead | null>>;

/**
 * The row model for `reads` (scan lines by columns, indicator columns at 0 and columns + 1):
 * both indicator tracks, or one track and the tilt the clusters show across the columns, whichever
 * more reads agree with. Null when neither indicator could be followed.
 */
export function rowModel(reads: Reads, columns: number, rows: number): RowModel | null {
  const lines = reads.length;
  const left = rowTrack(reads, 0, lines, rows);
  const right = rowTrack(reads, columns + 1, lines, rows);
  const ballot = ballotOf(reads, columns);
  const candidates: RowModel[] = [];
  if (left && right) {
    const both = { left, right };
    // Most reads agreeing with both tracks: nothing for the clusters to correct (and the searches
    // below cost more than the rest of the read).
    if (agreement(ballot, both, rows) >= 0.9 * (ballot.weightFrom[0] ?? 0)) return both;
    candidates.push(both);
  }
  if (left) candidates.push(tilted(ballot, left, 0, rows));
  if (right) candidates.push(tilted(ballot, right, columns + 1, rows));
  let best: RowModel | null = null;
  let bestScore = -1;
  for (const model of candidates) {
    const score = agreement(ballot, model, rows, bestScore);
    if (score > bestScore) {
      best = model;
      bestScore = score;
    }
  }
  return best;
}

/** The row that scan line k crosses at column j (0 .. columns + 1), continuous. */
export function rowAt(model: RowModel, k: number, j: number, columns: number): number {
  const atLeft = model.left.a + model.left.b * k;
  const atRight = model.right.a + model.right.b * k;
  return atLeft + ((atRight - atLeft) * j) / (columns + 1);
}

/**
 * The reads as `agreement` weighs them, in flat arrays, with the weight still to count after each:
 * the searches below weigh the same reads against several hundred models, most of them far behind
 * the best, and stop counting one as soon as it cannot catch up.
 */
interface Ballot {
  /** Per read: its scan line, its column, its row mod 3 (the cluster / 3), its weight squared. */
  line: Int32Array;
  column: Int32Array;
  rowMod3: Int32Array;
  weight: Float64Array;
  /** Per read: the weight of it and every read after it (at 0, the most `agreement` can be). */
  weightFrom: Float64Array;
  count: number;
  columns: number;
}

function ballotOf(reads: Reads, columns: number): Ballot {
  let count = 0;
  for (const line of reads) for (let j = 0; j <= columns + 1; j++) if (line[j]) count++;
  const ballot: Ballot = {
    line: new Int32Array(count),
    column: new Int32Array(count),
    rowMod3: new Int32Array(count),
    weight: new Float64Array(count),
    weightFrom: new Float64Array(count),
    count,
    columns,
  };
  let i = 0;
  for (const [k, line] of reads.entries()) {
    for (let j = 0; j <= columns + 1; j++) {
      const read = line[j];
      if (!read) continue;
      ballot.line[i] = k;
      ballot.column[i] = j;
      ballot.rowMod3[i] = read.cluster / 3;
      // An exact read counts more than one with modules flipped, which is often a misread.
      ballot.weight[i] = read.weight * read.weight;
      i++;
    }
  }
  for (let at = count - 1, sum = 0; at >= 0; at--) {
    sum += ballot.weight[at] as number;
    ballot.weightFrom[at] = sum;
  }
  return ballot;
}

/**
 * How many reads (weighted by how sure each is) have the cluster of the row the model puts them in.
 * A search wants only a model that scores more than `beat`: once the reads left could not lift the
 * score above it, the count stops (returning at most `beat`), as it does for most of the models a
 * search weighs.
 */
function agreement(ballot: Ballot, model: RowModel, rows: number, beat = Number.NEGATIVE_INFINITY): number {
  const { line, column, rowMod3, weight, weightFrom, count, columns } = ballot;
  const { left, right } = model;
  let score = 0;
  for (let i = 0; i < count; i++) {
    if (score + (weightFrom[i] as number) <= beat) return score;
    const k = line[i] as number;
    // `rowAt`, written out.
    const atLeft = left.a + left.b * k;
    const atRight = right.a + right.b * k;
    const row = Math.floor(atLeft + ((atRight - atLeft) * (column[i] as number)) / (columns + 1));
    if (row >= 0 && row < rows && row % 3 === rowMod3[i]) score += weight[i] as number;
  }
  return score;
}

/** How far the other indicator's track may sit from the known one, in rows at the first scan line. */
const SHIFT_REACH = 2.5;
/** ...and how much its row pitch may differ (perspective makes the far side's rows nearer together). */
const PITCH_REACH = 0.15;

/**
 * The model with `track` at column `from` and the other indicator's track that the data
 * codewords' clusters agree with most (rows are interpolated straight across the columns, so
 * every column votes for where the far side's rows are): a coarse search over its offset and row
 * pitch, then a finer one around the best.
 */
function tilted(ballot: Ballot, track: Track, from: number, rows: number): RowModel {
  const model = (other: Track): RowModel =>
    from === 0 ? { left: track, right: other } : { left: other, right: track };
  let best: Track = track;
  let bestScore = -1;
  const search = (centre: Track, shiftStep: number, pitchStep: number, shiftReach: number, pitchReach: number) => {
    const around = { ...centre };
    for (let d = -shiftReach; d <= shiftReach + 1e-9; d += shiftStep) {
      for (let p = -pitchReach; p <= pitchReach + 1e-9; p += pitchStep) {
        const other = { a: around.a + d, b: around.b * (1 + p) };
        const score = agreement(ballot, model(other), rows, bestScore);
        if (score > bestScore) {
          bestScore = score;
          best = other;
        }
      }
    }
  };
  search(track, 0.25, 0.015, SHIFT_REACH, PITCH_REACH);
  search(best, 0.0625, 0.003, 0.25, 0.015);
  return model(best);
}

/**
 * The row (continuous) that scan line k crosses at indicator column `column`: a straight-line fit
 * of the row numbers the indicator's codewords name, k against row + 0.5, started from the line
 * most of them agree with (a misread names a row far off) and refitted without outliers. Null when
 * too few indicator codewords were read or the slope cannot be the symbol's.
 */
function rowTrack(reads: Reads, column: number, lines: number, rows: number): Track | null {
  const points: Array<[number, number]> = [];
  for (let k = 0; k < lines; k++) {
    const read = (reads[k] as ReadonlyArray<ClusterRead | null>)[column];
    if (!read || read.weight < 2) continue;
    const row = Math.floor(read.value / 30) * 3 + read.cluster / 3;
    if (row < rows) points.push([k, row + 0.5]);
  }
  let fit = robustLine(points);
  for (let pass = 0; pass < 2 && fit; pass++) {
    const current = fit;
    fit = fitLine(points.filter(([k, row]) => Math.abs(row - (current.a + current.b * k)) < 1));
  }
  // A track must say where every row is: its slope is rows per scan line.
  if (!fit || fit.b <= 0 || Math.abs(fit.b * lines - rows) > rows * 0.25) return null;
  return fit;
}

/** The line through two of the points that most others lie within a row of; null for too few points. */
function robustLine(points: ReadonlyArray<[number, number]>): Track | null {
  const n = points.length;
  if (n < 6) return null;
  // About 1,500 pairs, spread over the whole triangle of pairs.
  const stride = Math.max(1, Math.floor((n * n) / 2 / 1500));
  let best: Track | null = null;
  let bestCount = 0;
  let pair = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, pair++) {
      if (pair % stride !== 0) continue;
      const [k1, r1] = points[i] as [number, number];
      const [k2, r2] = points[j] as [number, number];
      if (k2 - k1 < n / 8) continue;
      const b = (r2 - r1) / (k2 - k1);
      if (b <= 0) continue;
      const a = r1 - b * k1;
      // Counted until the points left could not make it the best line (only a better one is kept).
      let count = 0;
      for (let p = 0; p < n && count + n - p > bestCount; p++) {
        const [k, r] = points[p] as [number, number];
        if (Math.abs(r - (a + b * k)) < 0.75) count++;
      }
      if (count > bestCount) {
        bestCount = count;
        best = { a, b };
      }
    }
  }
  return bestCount >= 6 ? best : null;
}

/**
 * Least-squares row = a + b x scan line index; null for fewer than 6 points. Each scan line gives at
 * most one point, so the points never share one scan line and the fit is never degenerate.
 */
function fitLine(points: ReadonlyArray<[number, number]>): Track | null {
  return points.length < 6 ? null : leastSquares(points);
}
