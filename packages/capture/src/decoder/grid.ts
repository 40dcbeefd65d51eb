/**
 * Reads a PDF417 symbol straight from its grid, once its quad is known: every scan line across the
 * symbol is sampled module by module through the perspective transform, each 17-module window is
 * matched to a codeword (allowing the weakest modules to flip when blur or glare leaves them near
 * the threshold), and the scan lines vote per row and column. Row numbers come from the codewords'
 * clusters, the row count, column count and error-correction level from the row indicators, and
 * Reed-Solomon decides. This is what a bar-counting reader cannot do on a 2-pixel module blurred by
 * a pixel: it sees runs merge, while the grid still knows where each module is.
 *
 * The codeword table, the Reed-Solomon decoder and the bit-stream parser are `@zxing/library`'s
 * (deep imports, so only those modules are bundled).
 */

import DecodedBitStreamParser from '@zxing/library/esm/core/pdf417/decoder/DecodedBitStreamParser';
import ErrorCorrection from '@zxing/library/esm/core/pdf417/decoder/ec/ErrorCorrection';
import PDF417Common from '@zxing/library/esm/core/pdf417/PDF417Common';
import { bytesFromWindows1252Text, textFromBytes } from './payload.js';
import type { DecodedSymbol, GrayImage } from './types.js';
import { type Homography, type Quad, squareToQuad } from './warp.js';

/** Samples per module along a scan line; a codeword may shift by up to half a module either way. */
const SUB = 4;
/** Modules besides the data columns: start 17, left and right row indicators 17 each, stop 18. */
const FIXED_MODULES = 69;

/** One codeword read from a 17-module window. */
interface Read {
  value: number;
  cluster: number;
  /** How much this read counts in the vote: an exact pattern more than one with flipped modules. */
  weight: number;
}

/** What the row indicators say about the symbol, by vote. */
interface Shape {
  rows: number;
  columns: number;
  ecLevel: number;
}

const errorCorrection = new ErrorCorrection();

/**
 * Decodes the symbol whose outer corners are `quad` (top-left of the start pattern, top-right of
 * the stop pattern, ...), with `modulePx` a rough module width. Returns null unless Reed-Solomon
 * accepts the codewords with errors to spare.
 */
export function readGrid(image: GrayImage, quad: Quad, modulePx: number): DecodedSymbol | null {
  return readGridFrom(image, quad, modulePx, 'outer');
}

/**
 * As `readGrid`, for the quad from the start pattern's outer edge to the stop pattern bar's inner
 * edge (module 51 + 17 x columns), which `findSymbolQuad` measures directly.
 */
export function readGridBetweenBars(image: GrayImage, quad: Quad, modulePx: number): DecodedSymbol | null {
  return readGridFrom(image, quad, modulePx, 'bars');
}

/** Modules from the left edge to the quad's right edge for `columns` data columns. */
function spanModules(columns: number, span: 'outer' | 'bars'): number {
  return span === 'outer' ? FIXED_MODULES + 17 * columns : FIXED_MODULES - 18 + 17 * columns;
}

function readGridFrom(image: GrayImage, quad: Quad, modulePx: number, span: 'outer' | 'bars'): DecodedSymbol | null {
  const h = squareToQuad(quad);
  if (!h) return null;
  const [tl, tr, br, bl] = quad;
  const across = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
  const down = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  const estimate = Math.round((across / modulePx - spanModules(0, span)) / 17);
  const lines = Math.max(12, Math.min(400, Math.round(down)));
  let best: { columns: number; score: number } | null = null;
  // The module estimate from two bar widths is rough: the column count that makes the most
  // windows read as codewords is the right one.
  for (let columns = Math.max(1, estimate - 2); columns <= Math.min(30, estimate + 2); columns++) {
    let score = 0;
    for (let k = 0; k < 16; k++) {
      const profile = sampleLine(image, h, (k + 0.5) / 16, columns, span);
      score += readLine(profile, columns).filter(Boolean).length;
    }
    if (!best || score > best.score) best = { columns, score };
  }
  if (!best || best.score < 16) return null;
  const columns = best.columns;
  const reads: Array<Array<Read | null>> = [];
  for (let k = 0; k < lines; k++) {
    const profile = sampleLine(image, h, (k + 0.5) / lines, columns, span);
    reads.push(readLine(profile, columns));
  }
  const shape = shapeFromIndicators(reads, columns);
  if (!shape || shape.columns !== columns) return null;
  const { rows, ecLevel } = shape;
  const numEc = 1 << (ecLevel + 1);
  const total = rows * columns;
  if (total <= numEc || total > 928) return null;
  // Votes per data cell. Which row a scan line crosses at each column comes from the row
  // indicators at both ends (each names its row), so a scan line that runs across two rows, as one
  // does when a corner of the quad is a pixel off, is followed; then the codeword's cluster (row
  // mod 3) settles the row within one.
  const leftRows = rowTrack(reads, 0, lines, rows);
  const rightRows = rowTrack(reads, columns + 1, lines, rows);
  const votes: Array<Map<number, number>> = Array.from({ length: total }, () => new Map());
  for (let k = 0; k < lines; k++) {
    const geometric = ((k + 0.5) / lines) * rows;
    const atLeft = leftRows ? leftRows.a + leftRows.b * k : geometric;
    const atRight = rightRows ? rightRows.a + rightRows.b * k : atLeft;
    const row = reads[k] as Array<Read | null>;
    for (let j = 1; j <= columns; j++) {
      const read = row[j];
      if (!read) continue;
      const near = Math.floor(atLeft + ((atRight - atLeft) * j) / (columns + 1));
      const r = rowFor(near, read.cluster, rows);
      if (r < 0) continue;
      const cell = votes[r * columns + j - 1] as Map<number, number>;
      cell.set(read.value, (cell.get(read.value) ?? 0) + read.weight);
    }
  }
  const codewords = new Int32Array(total);
  let missing = 0;
  for (let i = 0; i < total; i++) {
    let value = -1;
    let count = 0;
    for (const [v, n] of votes[i] as Map<number, number>) {
      if (n > count) {
        value = v;
        count = n;
      }
    }
    if (value < 0) missing++;
    codewords[i] = Math.max(0, value);
  }
  // An unread cell is an error Reed-Solomon must find: keep a margin so it never guesses.
  const capacity = numEc / 2 - Math.max(1, numEc / 16);
  if (missing > capacity) return null;
  let corrected: number;
  try {
    corrected = errorCorrection.decode(codewords, numEc, new Int32Array(0));
    // The decoder does not check its own answer; a corrected word has no syndrome left.
    if (corrected > 0 && errorCorrection.decode(codewords, numEc, new Int32Array(0)) !== 0) return null;
  } catch {
    return null;
  }
  if (corrected > capacity) return null;
  const declared = codewords[0] as number;
  if (declared < 2 || declared > total - numEc) return null;
  try {
    const text = DecodedBitStreamParser.decode(codewords, String(ecLevel)).getText();
    if (!text) return null;
    const bytes = bytesFromWindows1252Text(text);
    return { bytes, text: bytes.length === text.length ? textFromBytes(bytes) : text };
  } catch {
    return null;
  }
}

/**
 * The row (as a continuous coordinate) that scan line k crosses at indicator column `column`: a
 * straight-line fit of the row numbers the indicator's codewords name, k against row + 0.5, with
 * outliers (misreads) dropped. Null when too few indicator codewords were read.
 */
function rowTrack(
  reads: Array<Array<Read | null>>,
  column: number,
  lines: number,
  rows: number,
): { a: number; b: number } | null {
  const points: Array<[number, number]> = [];
  for (let k = 0; k < lines; k++) {
    const read = (reads[k] as Array<Read | null>)[column];
    if (!read || read.weight < 2) continue;
    const row = Math.floor(read.value / 30) * 3 + read.cluster / 3;
    if (row < rows) points.push([k, row + 0.5]);
  }
  let fit = fitLine(points);
  if (!fit) return null;
  for (let pass = 0; pass < 2 && fit; pass++) {
    const current = fit;
    fit = fitLine(points.filter(([k, row]) => Math.abs(row - (current.a + current.b * k)) < 1));
  }
  // A track must say where every row is: its slope is rows per scan line.
  if (!fit || fit.b <= 0 || Math.abs(fit.b * lines - rows) > rows * 0.25) return null;
  return fit;
}

/** Least-squares y = a + b x; null for fewer than 6 points. */
function fitLine(points: Array<[number, number]>): { a: number; b: number } | null {
  if (points.length < 6) return null;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const n = points.length;
  const den = n * sxx - sx * sx;
  if (den === 0) return null;
  const b = (n * sxy - sx * sy) / den;
  return { a: (sy - b * sx) / n, b };
}

/** The row within one of `near` whose cluster (row mod 3, times 3) is `cluster`; -1 when none. */
function rowFor(near: number, cluster: number, rows: number): number {
  for (const r of [near, near - 1, near + 1]) if (r >= 0 && r < rows && (r % 3) * 3 === cluster) return r;
  return -1;
}

/**
 * Samples one scan line across the symbol at height `v` (0..1), `SUB` samples per module, plus
 * half a module of margin each side for shifted windows.
 */
function sampleLine(image: GrayImage, h: Homography, v: number, columns: number, span: 'outer' | 'bars'): Float32Array {
  // Sampled up to the right row indicator's end; `modules` is what the quad's width stands for.
  const modules = spanModules(columns, span);
  const count = (FIXED_MODULES - 18 + 17 * columns) * SUB + SUB + 2 * MAX_DRIFT;
  const out = new Float32Array(count);
  const { width, height, data } = image;
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as unknown as number[];
  for (let i = 0; i < count; i++) {
    const u = (i - MAX_DRIFT - SUB / 2 + 0.5) / (modules * SUB);
    const w = (h6 as number) * u + (h7 as number) * v + 1;
    const x = ((h0 as number) * u + (h1 as number) * v + (h2 as number)) / w - 0.5;
    const y = ((h3 as number) * u + (h4 as number) * v + (h5 as number)) / w - 0.5;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1) {
      out[i] = 255;
      continue;
    }
    const fx = x - x0;
    const fy = y - y0;
    const p = y0 * width + x0;
    const top = (data[p] as number) + ((data[p + 1] as number) - (data[p] as number)) * fx;
    const bottom = (data[p + width] as number) + ((data[p + width + 1] as number) - (data[p + width] as number)) * fx;
    out[i] = top + (bottom - top) * fy;
  }
  return out;
}

/** Shifts tried for a window, in samples (a quarter module each), nearest first. */
const SHIFTS = [0, -1, 1, -2, 2];
/** How far the windows of one scan line may drift from the quad's grid, in samples (two modules). */
const MAX_DRIFT = 2 * SUB;

/**
 * Reads the codeword columns of one scan line, left row indicator first. Each window may sit half a
 * module off where the previous one was found: a quad a pixel off at one corner bends the module
 * grid by more than a 2-pixel module across the symbol, and following the codewords absorbs that.
 */
function readLine(profile: Float32Array, columns: number): Array<Read | null> {
  const reads: Array<Read | null> = [];
  let drift = 0;
  for (let j = 0; j < columns + 2; j++) {
    const found = readWindow(profile, j, drift);
    reads.push(found ? found.read : null);
    if (found) drift = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, found.shift));
  }
  return reads;
}

/**
 * Reads codeword column `j` (0 is the left row indicator) from a sampled scan line: module values
 * are the mean of each module's two central samples; the window may sit up to half a module off
 * `drift`.
 */
function readWindow(profile: Float32Array, j: number, drift: number): { read: Read; shift: number } | null {
  const first = (17 + 17 * j) * SUB + SUB / 2 + MAX_DRIFT;
  const values = new Float32Array(17);
  let best: { read: Read; shift: number } | null = null;
  // Every shift is tried and the cleanest read wins: with modules allowed to flip, a window half a
  // module off can still match some codeword, but rarely without a flip.
  for (const offset of SHIFTS) {
    const shift = drift + offset;
    const start = first + shift;
    if (start < 0 || start + 17 * SUB > profile.length) continue;
    let lo = 255;
    let hi = 0;
    for (let m = 0; m < 17; m++) {
      const s = start + m * SUB + 1;
      const value = ((profile[s] as number) + (profile[s + 1] as number)) / 2;
      values[m] = value;
      if (value < lo) lo = value;
      if (value > hi) hi = value;
    }
    if (hi - lo < 16) continue;
    const read = matchCodeword(values, (lo + hi) / 2);
    if (read && (!best || read.weight > best.read.weight)) best = { read, shift };
    if (best && best.read.weight === 3) break;
  }
  return best;
}

/**
 * The codeword whose bar/space pattern matches the module values: first as thresholded, then with
 * the one or two modules nearest the threshold flipped (a thin bar blurred into its spaces).
 */
function matchCodeword(values: Float32Array, threshold: number): Read | null {
  let bits = 0;
  for (let m = 0; m < 17; m++) bits = (bits << 1) | ((values[m] as number) < threshold ? 1 : 0);
  const exact = lookup(bits, 3);
  if (exact) return exact;
  const order = Array.from({ length: 17 }, (_, m) => m).sort(
    (a, b) => Math.abs((values[a] as number) - threshold) - Math.abs((values[b] as number) - threshold),
  );
  for (let a = 0; a < 3; a++) {
    const flipped = lookup(bits ^ (1 << (16 - (order[a] as number))), 2);
    if (flipped) return flipped;
  }
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      const flipped = lookup(bits ^ (1 << (16 - (order[a] as number))) ^ (1 << (16 - (order[b] as number))), 1);
      if (flipped) return flipped;
    }
  }
  return null;
}

/** A 17-bit pattern (first module in the top bit) as a codeword and its cluster, if it is one. */
function lookup(bits: number, weight: number): Read | null {
  // Every codeword starts with a bar and ends with a space.
  if (!(bits & 0x10000) || bits & 1) return null;
  const value = PDF417Common.getCodeword(bits);
  if (value < 0) return null;
  // Cluster from the element widths: (b1 - b2 + b3 - b4 + 9) mod 9 over the four bars.
  const widths: number[] = [];
  let run = 1;
  for (let m = 15; m >= 0; m--) {
    const same = ((bits >> m) & 1) === ((bits >> (m + 1)) & 1);
    if (same) run++;
    else {
      widths.push(run);
      run = 1;
    }
  }
  widths.push(run);
  if (widths.length !== 8) return null;
  const cluster =
    ((widths[0] as number) - (widths[2] as number) + (widths[4] as number) - (widths[6] as number) + 9) % 9;
  if (cluster % 3 !== 0) return null;
  return { value, cluster, weight };
}

/**
 * Row count, column count and error-correction level from the row indicators, by vote. Left
 * indicator of row r: cluster 0 carries (rows - 1) / 3, cluster 3 the level and (rows - 1) mod 3,
 * cluster 6 columns - 1; the right indicator carries the same, rotated by one cluster.
 */
function shapeFromIndicators(reads: Array<Array<Read | null>>, columns: number): Shape | null {
  const upper = new Map<number, number>();
  const lower = new Map<number, number>();
  const level = new Map<number, number>();
  const count = new Map<number, number>();
  const vote = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const row of reads) {
    const left = row[0];
    const right = row[columns + 1];
    for (const [read, turn] of [
      [left, 0],
      [right, 2],
    ] as const) {
      if (!read) continue;
      const value = read.value % 30;
      switch (((read.cluster / 3 + turn) % 3) as 0 | 1 | 2) {
        case 0:
          vote(upper, value);
          break;
        case 1:
          vote(level, Math.floor(value / 3));
          vote(lower, value % 3);
          break;
        case 2:
          vote(count, value + 1);
          break;
      }
    }
  }
  const winner = (map: Map<number, number>) => {
    let best = -1;
    let n = 0;
    for (const [key, votes] of map) {
      if (votes > n) {
        best = key;
        n = votes;
      }
    }
    return best;
  };
  const u = winner(upper);
  const l = winner(lower);
  const ecLevel = winner(level);
  const cols = winner(count);
  if (u < 0 || l < 0 || ecLevel < 0 || cols < 0) return null;
  const rows = u * 3 + 1 + l;
  if (rows < 3 || rows > 90 || ecLevel > 8) return null;
  return { rows, columns: cols, ecLevel };
}
