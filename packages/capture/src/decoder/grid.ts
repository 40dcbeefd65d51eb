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
import { type Homography, project, type Quad, squareToQuad } from '../homography.js';
import { bilinear } from './image.js';
import { bytesFromWindows1252Text, textFromBytes } from './payload.js';
import type { DecodedSymbol, GrayImage } from './types.js';

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
  /** Sample index (fractional) of the codeword's middle on its scan line, set by `readWindow`. */
  centre: number;
}

/** What the row indicators say about the symbol, by vote. */
interface Shape {
  rows: number;
  columns: number;
  ecLevel: number;
}

const errorCorrection = new ErrorCorrection();

/**
 * Decodes the symbol whose quad runs from the start pattern's outer edge to the stop pattern bar's
 * inner edge (module 51 + 17 x columns), as `findSymbolQuad` measures it, with `modulePx` a rough
 * module width. Returns null unless Reed-Solomon accepts the codewords with errors to spare.
 * `barsPerLine` (from `findSymbolQuad`) gives a second guess at the column count.
 */
export function readGridBetweenBars(
  image: GrayImage,
  quad: Quad,
  modulePx: number,
  barsPerLine = 0,
): DecodedSymbol | null {
  const h = squareToQuad(quad);
  if (!h) return null;
  const [tl, tr, br, bl] = quad;
  const across = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
  const down = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  const estimate = Math.round((across / modulePx - gridModules(0)) / 17);
  // Bars per line give a second guess (4 per column, 9 in the start and stop patterns); blur that
  // merges bars biases the width estimate up and this one down, so both neighbourhoods are tried.
  const fromBars = barsPerLine > 0 ? Math.round((barsPerLine - 17) / 4) : estimate;
  const candidates = [...new Set([0, -1, 1, -2, 2].flatMap((d) => [estimate + d, fromBars + d]))];
  // A scan line every two pixels down the symbol: at least three per row (rows are 3 or more
  // modules of 2 px or more), and half the work of one per pixel.
  const lines = Math.max(24, Math.min(300, Math.round(down / 1.25)));
  let best: { columns: number; score: number } | null = null;
  // The module estimate from two bar widths is rough: the column count that makes the most
  // windows read as codewords is the right one.
  // The estimate first: when most of its windows read exactly, the others need not be tried.
  for (const [index, columns] of candidates.entries()) {
    if (columns < 1 || columns > 30) continue;
    let score = 0;
    for (let k = 0; k < 8; k++) {
      const profile = sampleLine(image, h, (k + 0.5) / 8, columns);
      for (const read of readLine(profile, columns)) if (read?.weight === 3) score++;
    }
    if (!best || score > best.score) best = { columns, score };
    if (index === 0 && score >= 0.6 * 8 * (columns + 2)) break;
  }
  if (!best || best.score < 4) return null;
  const chosen = best.columns;
  const attempt = (columns: number) => readColumns(image, h, columns, lines);
  const first = attempt(chosen);
  if (first.symbol || first.columns === null || first.columns === chosen) return first.symbol;
  // The row indicators name the column count; when they disagree with the count that read best,
  // they are usually right (the stop bar's edge was off), so read again with theirs.
  return attempt(first.columns).symbol;
}

/** One read of the grid for a given column count; `columns` is what the row indicators say it is. */
function readColumns(
  image: GrayImage,
  h: Homography,
  columns: number,
  lines: number,
): { symbol: DecodedSymbol | null; columns: number | null } {
  const reads: Array<Array<Read | null>> = [];
  for (let k = 0; k < lines; k++) {
    const profile = sampleLine(image, h, (k + 0.5) / lines, columns);
    reads.push(readLine(profile, columns));
  }
  const shape = shapeFromIndicators(reads, columns);
  if (!shape) return { symbol: null, columns: null };
  if (shape.columns !== columns) return { symbol: null, columns: shape.columns };
  const { rows, ecLevel } = shape;
  const numEc = 1 << (ecLevel + 1);
  const total = rows * columns;
  if (total <= numEc || total > 928) return { symbol: null, columns };
  // Which row a scan line crosses at each column comes from the row indicators at both ends (each
  // names its row), so a scan line that runs across two rows, as one does when a corner of the
  // quad is a pixel off, is followed; then the codeword's cluster (row mod 3) settles the row
  // within one.
  const leftRows = rowTrack(reads, 0, lines, rows);
  const rightRows = rowTrack(reads, columns + 1, lines, rows);
  const rowAt = (k: number, j: number) => {
    const atLeft = leftRows ? leftRows.a + leftRows.b * k : ((k + 0.5) / lines) * rows;
    const atRight = rightRows ? rightRows.a + rightRows.b * k : atLeft;
    return atLeft + ((atRight - atLeft) * j) / (columns + 1);
  };
  const votes = newVotes(total);
  for (let k = 0; k < lines; k++) {
    const row = reads[k] as Array<Read | null>;
    for (let j = 1; j <= columns; j++) {
      const read = row[j];
      if (read) vote(votes, rowFor(Math.floor(rowAt(k, j)), read.cluster, rows), columns, j, read);
    }
  }
  const first = decodeVotes(votes, ecLevel);
  if (first || !leftRows || !rightRows) return { symbol: first, columns };
  // Second chance: the codewords that read cleanly say where the grid really is. Fit the
  // perspective transform to them and read again, with scan lines through the middle of each row.
  const modules = gridModules(columns);
  const matches: Correspondence[] = [];
  for (let k = 0; k < lines; k++) {
    const row = reads[k] as Array<Read | null>;
    const v = (k + 0.5) / lines;
    for (let j = 0; j <= columns + 1; j++) {
      const read = row[j];
      if (!read || read.weight < 3) continue;
      const u = (read.centre + 0.5 - PAD_LEFT - SUB / 2) / (modules * SUB);
      const [x, y] = project(h, u, v);
      matches.push([(17 + 17 * j + 8.5) / modules, rowAt(k, j) / rows, x, y]);
    }
  }
  const refined = fitHomography(matches);
  if (!refined) return { symbol: null, columns };
  const again = newVotes(total);
  for (let r = 0; r < rows; r++) {
    for (const f of [0.2, 0.35, 0.5, 0.65, 0.8]) {
      const profile = sampleLine(image, refined, (r + f) / rows, columns);
      const line = readLine(profile, columns);
      for (let j = 1; j <= columns; j++) {
        const read = line[j];
        if (read && read.cluster === (r % 3) * 3) vote(again, r, columns, j, read);
      }
    }
  }
  return { symbol: decodeVotes(again, ecLevel), columns };
}

/** Modules from the start pattern's outer edge to the stop pattern bar's inner edge. */
function gridModules(columns: number): number {
  return FIXED_MODULES - 18 + 17 * columns;
}

/** Image position of a grid point: [grid u, grid v, image x, image y]. */
type Correspondence = [number, number, number, number];

function newVotes(cells: number): Array<Map<number, number>> {
  return Array.from({ length: cells }, () => new Map());
}

function vote(votes: Array<Map<number, number>>, row: number, columns: number, j: number, read: Read): void {
  if (row < 0) return;
  const cell = votes[row * columns + j - 1];
  cell?.set(read.value, (cell.get(read.value) ?? 0) + read.weight);
}

/** The winning codeword of each cell, corrected by Reed-Solomon, as text; null unless sure. */
function decodeVotes(votes: Array<Map<number, number>>, ecLevel: number): DecodedSymbol | null {
  const total = votes.length;
  const numEc = 1 << (ecLevel + 1);
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
 * The perspective transform from grid (u, v) to image (x, y) that fits the correspondences best
 * (least squares on the linearised equations, image coordinates normalised for conditioning), with
 * one pass dropping points more than a few pixels off. Null for too few points or a singular fit.
 */
function fitHomography(points: Correspondence[]): Homography | null {
  let fit = solveHomography(points);
  if (!fit) return null;
  const current = fit;
  const residual = ([u, v, x, y]: Correspondence) => {
    const [px, py] = project(current, u, v);
    return Math.hypot(px - x, py - y);
  };
  const errors = points.map(residual).sort((a, b) => a - b);
  const limit = Math.max(2, 3 * (errors[errors.length >> 1] as number));
  fit = solveHomography(points.filter((p) => residual(p) <= limit));
  return fit;
}

function solveHomography(points: Correspondence[]): Homography | null {
  if (points.length < 12) return null;
  let mx = 0;
  let my = 0;
  for (const [, , x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= points.length;
  my /= points.length;
  let spread = 0;
  for (const [, , x, y] of points) spread += Math.hypot(x - mx, y - my);
  const scale = spread / points.length || 1;
  // Normal equations A^T A h = A^T b for h0..h7, two rows per point.
  const ata = new Float64Array(64);
  const atb = new Float64Array(8);
  const row = new Float64Array(8);
  const add = (rhs: number) => {
    for (let i = 0; i < 8; i++) {
      atb[i] = (atb[i] as number) + (row[i] as number) * rhs;
      for (let j = 0; j < 8; j++) ata[i * 8 + j] = (ata[i * 8 + j] as number) + (row[i] as number) * (row[j] as number);
    }
  };
  for (const [u, v, px, py] of points) {
    const x = (px - mx) / scale;
    const y = (py - my) / scale;
    row.set([u, v, 1, 0, 0, 0, -u * x, -v * x]);
    add(x);
    row.set([0, 0, 0, u, v, 1, -u * y, -v * y]);
    add(y);
  }
  const n = solve8(ata, atb);
  if (!n) return null;
  const [a, b, c, d, e, f, g, k] = n as unknown as number[];
  const h = new Float64Array(9);
  // Undo the normalisation: x = scale * x' + mx.
  h.set([
    scale * (a as number) + mx * (g as number),
    scale * (b as number) + mx * (k as number),
    scale * (c as number) + mx,
    scale * (d as number) + my * (g as number),
    scale * (e as number) + my * (k as number),
    scale * (f as number) + my,
    g as number,
    k as number,
    1,
  ]);
  return h;
}

/** Gaussian elimination with partial pivoting on an 8x8 system; null when singular. */
function solve8(a: Float64Array, b: Float64Array): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++)
      if (Math.abs(m[r * 8 + col] as number) > Math.abs(m[pivot * 8 + col] as number)) pivot = r;
    if (Math.abs(m[pivot * 8 + col] as number) < 1e-12) return null;
    if (pivot !== col) {
      for (let c = 0; c < 8; c++) {
        const t = m[col * 8 + c] as number;
        m[col * 8 + c] = m[pivot * 8 + c] as number;
        m[pivot * 8 + c] = t;
      }
      const t = x[col] as number;
      x[col] = x[pivot] as number;
      x[pivot] = t;
    }
    for (let r = col + 1; r < 8; r++) {
      const factor = (m[r * 8 + col] as number) / (m[col * 8 + col] as number);
      if (factor === 0) continue;
      for (let c = col; c < 8; c++) m[r * 8 + c] = (m[r * 8 + c] as number) - factor * (m[col * 8 + c] as number);
      x[r] = (x[r] as number) - factor * (x[col] as number);
    }
  }
  for (let r = 7; r >= 0; r--) {
    let sum = x[r] as number;
    for (let c = r + 1; c < 8; c++) sum -= (m[r * 8 + c] as number) * (x[c] as number);
    x[r] = sum / (m[r * 8 + r] as number);
  }
  return x;
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

/** Samples before module 0 of a scan line, for windows that sit left of the grid (three modules). */
const PAD_LEFT = 3 * SUB;
/** Modules sampled beyond the right row indicator: the stop pattern's 7-module bar and some. */
const PAD_RIGHT_MODULES = 10;

/** Sample index (fractional) of module `m`'s left edge on a sampled scan line. */
function moduleEdge(m: number): number {
  return m * SUB + PAD_LEFT + SUB / 2 - 0.5;
}

/**
 * Samples one scan line across the symbol at height `v` (0..1), `SUB` samples per module, from
 * three modules left of the start pattern to a few modules into the stop pattern.
 */
function sampleLine(image: GrayImage, h: Homography, v: number, columns: number): Float32Array {
  // `modules` is what the quad's width stands for.
  const modules = gridModules(columns);
  const count = (FIXED_MODULES - 18 + 17 * columns + PAD_RIGHT_MODULES) * SUB + PAD_LEFT + SUB;
  const out = new Float32Array(count);
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as unknown as number[];
  for (let i = 0; i < count; i++) {
    const u = (i - PAD_LEFT - SUB / 2 + 0.5) / (modules * SUB);
    const w = (h6 as number) * u + (h7 as number) * v + 1;
    const x = ((h0 as number) * u + (h1 as number) * v + (h2 as number)) / w - 0.5;
    const y = ((h3 as number) * u + (h4 as number) * v + (h5 as number)) / w - 0.5;
    out[i] = bilinear(image, x, y);
  }
  return out;
}

/** Shifts tried for a window, in samples (a quarter module each), nearest first. */
const SHIFTS = [0, -1, 1, -2, 2];
/** How far the windows of one scan line may drift from where they should be, in samples (two modules). */
const MAX_DRIFT = 2 * SUB;

/** Where the scan line's grid really is: sample index = `offset` + `scale` x expected index. */
interface LineMap {
  offset: number;
  scale: number;
}

/**
 * Reads the codeword columns of one scan line, left row indicator first. The line's own start and
 * stop bars (their left edges, sharp even when blurred) pin its grid: the perspective transform
 * gives the spacing, the two edges correct its offset and stretch, which a quad a pixel off at one
 * corner gets wrong by more than a 2-pixel module. Each window may then sit half a module off
 * where the previous one was found.
 */
function readLine(profile: Float32Array, columns: number): Array<Read | null> {
  const map = lineMap(profile, columns);
  const reads: Array<Read | null> = [];
  let drift = 0;
  for (let j = 0; j < columns + 2; j++) {
    const found = readWindow(profile, j, drift, map);
    reads.push(found ? found.read : null);
    if (found) drift = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, found.shift));
  }
  return reads;
}

/** The line's map from its start bar's and stop bar's left edges; identity when either is not found. */
function lineMap(profile: Float32Array, columns: number): LineMap {
  const expectedLeft = moduleEdge(0);
  const expectedRight = moduleEdge(FIXED_MODULES - 18 + 17 * columns);
  const left = barEdge(profile, expectedLeft, 5);
  const right = barEdge(profile, expectedRight, 4);
  if (left === null || right === null) return { offset: 0, scale: 1 };
  const scale = (right - left) / (expectedRight - expectedLeft);
  if (scale < 0.92 || scale > 1.08) return { offset: 0, scale: 1 };
  return { offset: left - expectedLeft * scale, scale };
}

/**
 * The left edge (fractional sample index) of a bar at least `minModules` wide within three modules
 * of `expected`, the nearest such; null when there is none.
 */
function barEdge(profile: Float32Array, expected: number, minModules: number): number | null {
  const from = Math.max(0, Math.floor(expected - 6 * SUB));
  const to = Math.min(profile.length, Math.ceil(expected + 12 * SUB));
  let lo = 255;
  let hi = 0;
  for (let i = from; i < to; i++) {
    const value = profile[i] as number;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (hi - lo < 24) return null;
  const threshold = (lo + hi) / 2;
  let best: number | null = null;
  const start = Math.max(0, Math.floor(expected - 3 * SUB));
  const end = Math.min(profile.length - 1, Math.ceil(expected + 3 * SUB));
  for (let i = start; i < end; i++) {
    const a = profile[i] as number;
    const b = profile[i + 1] as number;
    if (!(a >= threshold && b < threshold)) continue;
    let run = 1;
    while (i + 1 + run < profile.length && (profile[i + 1 + run] as number) < threshold) run++;
    if (run < minModules * SUB * 0.85 || run > 11 * SUB) continue;
    const edge = i + (a - threshold) / (a - b);
    if (best === null || Math.abs(edge - expected) < Math.abs(best - expected)) best = edge;
  }
  return best;
}

/** Module values of the window being read (one buffer: windows are read one at a time). */
const WINDOW = new Float32Array(17);

/** The profile at a fractional sample index (linear interpolation). */
function at(profile: Float32Array, index: number): number {
  const i = Math.floor(index);
  const f = index - i;
  const a = profile[i] ?? 255;
  const b = profile[i + 1] ?? 255;
  return a + (b - a) * f;
}

/**
 * Reads codeword column `j` (0 is the left row indicator) from a sampled scan line: module values
 * are the mean of each module's two central samples; the window may sit up to half a module off
 * `drift`.
 */
function readWindow(
  profile: Float32Array,
  j: number,
  drift: number,
  map: LineMap,
): { read: Read; shift: number } | null {
  const expected = (17 + 17 * j) * SUB + SUB / 2 + PAD_LEFT;
  const first = map.offset + map.scale * expected;
  const step = SUB * map.scale;
  const values = WINDOW;
  let best: { read: Read; shift: number } | null = null;
  // Every shift is tried and the cleanest read wins: with modules allowed to flip, a window half a
  // module off can still match some codeword, but rarely without a flip.
  for (const offset of SHIFTS) {
    const shift = drift + offset;
    const start = first + shift;
    if (start < 0 || start + 17 * step > profile.length) continue;
    let lo = 255;
    let hi = 0;
    for (let m = 0; m < 17; m++) {
      const s = start + m * step;
      const value = (at(profile, s + map.scale) + at(profile, s + 2 * map.scale)) / 2;
      values[m] = value;
      if (value < lo) lo = value;
      if (value > hi) hi = value;
    }
    if (hi - lo < 16) continue;
    const read = matchCodeword(values, (lo + hi) / 2);
    if (read && (!best || read.weight > best.read.weight)) {
      best = { read: { ...read, centre: start + 8 * step + 1.5 * map.scale }, shift };
    }
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
  const order = weakest(values, threshold);
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

/** The four modules nearest the threshold, nearest first (a partial selection: no sort per window). */
function weakest(values: Float32Array, threshold: number): number[] {
  const order = [-1, -1, -1, -1];
  const margins = [Infinity, Infinity, Infinity, Infinity];
  for (let m = 0; m < 17; m++) {
    const margin = Math.abs((values[m] as number) - threshold);
    if (margin >= (margins[3] as number)) continue;
    let i = 3;
    while (i > 0 && margin < (margins[i - 1] as number)) {
      margins[i] = margins[i - 1] as number;
      order[i] = order[i - 1] as number;
      i--;
    }
    margins[i] = margin;
    order[i] = m;
  }
  return order;
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
  return { value, cluster, weight, centre: 0 };
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
  // A value named by a single indicator read could be a misread: two at least.
  const winner = (map: Map<number, number>) => {
    let best = -1;
    let n = 1;
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
