/**
 * Reads a PDF417 symbol straight from its grid, once its quad is known: every scan line across the
 * symbol is sampled module by module through the perspective transform, each 17-module window is
 * matched to a codeword (allowing the weakest modules to flip when blur or glare leaves them near
 * the threshold), and the scan lines vote per row and column. Row numbers come from the codewords'
 * clusters, the row count, column count and error-correction level from the row indicators, and
 * Reed-Solomon decides; when it refuses, each cell is read once more by correlation
 * (`soft-cells.ts`). This is what a bar-counting reader cannot do on a 2-pixel module blurred by
 * a pixel: it sees runs merge, while the grid still knows where each module is.
 *
 * The codeword table, the Reed-Solomon decoder and the bit-stream parser are `@zxing/library`'s
 * (deep imports, so only those modules are bundled).
 */

import { type Homography, type Point, project, type Quad, squareToQuad } from '../homography.js';
import { type Correspondence, fitHomography } from './homography-fit.js';
import { sampleAlong } from './image.js';
import { rowAt, rowModel } from './rows.js';
import { FIXED_MODULES, PAD_LEFT, PAD_RIGHT_MODULES, type Read, readLine, SUB } from './scanline.js';
import { softVotes } from './soft-cells.js';
import type { DecodedSymbol, GrayImage } from './types.js';
import { decodeVotes, newVotes, vote } from './votes.js';

/** What the row indicators say about the symbol, by vote. */
interface Shape {
  rows: number;
  columns: number;
  ecLevel: number;
}

/** A read of the grid, and what is left to try when it nearly read. */
export interface GridRead {
  symbol: DecodedSymbol | null;
  /**
   * Set when the grid nearly read (its shape found, Reed-Solomon refusing): reads it once more
   * through a quad fitted to it (`refinedAlongBars`). It costs as much as the read and seldom
   * succeeds, so the caller decides when it is worth the time.
   */
  refine: (() => DecodedSymbol | null) | null;
}

/**
 * Decodes the symbol whose quad runs from the start pattern's outer edge to the stop pattern bar's
 * inner edge (module 51 + 17 x columns), as `findSymbolQuad` measures it, with `modulePx` a rough
 * module width. Its symbol is null unless Reed-Solomon accepts the codewords with errors to spare.
 * `barsPerLine` (from `findSymbolQuad`) gives a second guess at the column count.
 */
export function readGrid(image: GrayImage, quad: Quad, modulePx: number, barsPerLine = 0): GridRead {
  const none: GridRead = { symbol: null, refine: null };
  const h = squareToQuad(quad);
  if (!h) return none;
  const [tl, tr, br, bl] = quad;
  const across = (Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) + Math.hypot(br[0] - bl[0], br[1] - bl[1])) / 2;
  const down = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  const estimate = Math.round((across / modulePx - gridModules(0)) / 17);
  // Bars per line give a second guess (4 per column, 9 in the start and stop patterns); blur that
  // merges bars biases the width estimate up and this one down, so both neighbourhoods are tried.
  const fromBars = barsPerLine > 0 ? Math.round((barsPerLine - 17) / 4) : estimate;
  const candidates = [...new Set([0, -1, 1, -2, 2].flatMap((d) => [estimate + d, fromBars + d]))];
  // A scan line every module down the symbol: at least three per row (rows are 3 modules tall or
  // more), whatever the scale. Denser lines vote more often with the same noise and blur, and cost
  // time on every frame whose grid does not read.
  const lines = Math.max(24, Math.min(300, Math.round(down / modulePx)));
  // Blur widens the bars and merges thin ones, so both guesses can run low together; when none of
  // them reads clearly, every count up to modules 40% narrower than the bars suggest is tried.
  const widest = Math.min(30, Math.round((across / (0.6 * modulePx) - gridModules(0)) / 17));
  const fallback = Array.from({ length: Math.max(0, widest - estimate + 3) }, (_, i) => estimate - 2 + i);
  const scores = new Map<number, number>();
  const best = likeliestColumns(image, h, candidates, fallback, scores);
  if (!best || best.score < minExact(best.columns)) return none;
  const read = readCounted(image, h, best.columns, scores, lines);
  // Refining pays only where the grid nearly read: its row indicators gave the symbol's shape, and
  // Reed-Solomon found too many codewords wrong or missing.
  if (read.symbol || !read.near) return { symbol: read.symbol, refine: null };
  const refine = () => {
    const refined = refinedAlongBars(image, quad, [...new Set([best.columns, estimate])], modulePx, best.score);
    const hr = refined && squareToQuad(refined.quad);
    return hr && refined ? readColumns(image, hr, refined.columns, lines).symbol : null;
  };
  return { symbol: null, refine };
}

/**
 * Reads the grid with the count that read best; when the row indicators name another count, they
 * are usually right (the stop bar's edge was off), so it is read again with theirs, if its windows
 * read as often as the bar a count must clear to be read at all: the indicators of a misread grid
 * name a count at random, and reading every scan line again costs far more than the eight that say
 * whether the count reads. `near`: the indicators gave a shape and a count that reads, so it was
 * Reed-Solomon that refused.
 */
function readCounted(
  image: GrayImage,
  h: Homography,
  chosen: number,
  scores: Map<number, number>,
  lines: number,
): { symbol: DecodedSymbol | null; near: boolean } {
  const first = readColumns(image, h, chosen, lines);
  if (first.symbol || first.columns === null) return { symbol: first.symbol, near: false };
  if (first.columns === chosen) return { symbol: null, near: true };
  const named = first.columns;
  if ((scores.get(named) ?? exactReads(image, h, named)) < MIN_EXACT) return { symbol: null, near: false };
  return { symbol: readColumns(image, h, named, lines).symbol, near: true };
}

/**
 * The quad moved to fit the grid: each corner slides along its bar (the quad's left or right side)
 * by a module, then by half a module, and a move is kept when more windows of the eight sample scan
 * lines read exactly, for each count in `counts`. The corners' heights come from where the symbol's
 * texture ends, which noise, blur and glare make uncertain by a few modules; a scan line that runs
 * from one row into the next reads fewer codewords exactly, so the count of exact reads says which
 * way is right. Null unless the best quad reads more windows exactly than `score` (the quad as
 * given) and at least 30% of its windows, half of what makes a count clear: less is no grid worth
 * reading again.
 */
function refinedAlongBars(
  image: GrayImage,
  quad: Quad,
  counts: number[],
  modulePx: number,
  score: number,
): { quad: Quad; columns: number } | null {
  const [tl, tr, br, bl] = quad;
  const along = (from: Point, to: Point): Point => {
    const length = Math.hypot(to[0] - from[0], to[1] - from[1]) || 1;
    return [(to[0] - from[0]) / length, (to[1] - from[1]) / length];
  };
  const down = [along(tl, bl), along(tr, br), along(tr, br), along(tl, bl)];
  let best: { quad: Quad; columns: number; score: number } | null = null;
  for (const columns of counts) {
    if (columns < 1 || columns > 30) continue;
    const reads = (q: Quad) => {
      const h = squareToQuad(q);
      return h ? exactReads(image, h, columns) : -1;
    };
    let current: Quad = quad;
    let currentScore = reads(current);
    for (const step of [modulePx, modulePx / 2]) {
      for (let corner = 0; corner < 4; corner++) {
        for (const sign of [-1, 1]) {
          const moved = current.map((p, i) =>
            i === corner ? [p[0] + sign * step * (down[i] as Point)[0], p[1] + sign * step * (down[i] as Point)[1]] : p,
          ) as unknown as Quad;
          const movedScore = reads(moved);
          if (movedScore > currentScore) {
            current = moved;
            currentScore = movedScore;
          }
        }
      }
    }
    if (!best || currentScore > best.score) best = { quad: current, columns, score: currentScore };
  }
  if (!best || best.score <= score || best.score < 0.3 * 8 * (best.columns + 2)) return null;
  return { quad: best.quad, columns: best.columns };
}

/**
 * Windows of the eight sample scan lines that must read exactly before a column count is read at
 * all: four, fewer than one per line, where a readable grid of the right count reads most windows.
 */
const MIN_EXACT = 4;

/**
 * ...and before the grid's best count is read, 8% of its windows. Every first grid that read on
 * frames-dev (309, four rotations) had 17% or more of them exact; reading every scan line of a grid
 * below that costs up to 100 ms on a quad found three times too tall, and none of those read. A
 * count the row indicators name needs only `MIN_EXACT`: the indicators are evidence of their own.
 */
function minExact(columns: number): number {
  return Math.max(MIN_EXACT, Math.ceil(MIN_EXACT_SHARE * 8 * (columns + 2)));
}

const MIN_EXACT_SHARE = 0.08;

/** How many windows of eight scan lines, evenly down the quad, read exactly with `columns` columns. */
function exactReads(image: GrayImage, h: Homography, columns: number): number {
  let exact = 0;
  for (let k = 0; k < 8; k++) {
    const profile = sampleLine(image, h, (k + 0.5) / 8, columns);
    for (const read of readLine(profile, columns)) if (read?.weight === 3) exact++;
  }
  return exact;
}

/**
 * The column count that makes the most windows of eight scan lines read exactly (the module
 * estimate from two bar widths is rough), tried in order: the estimate first, then its neighbours,
 * then `fallback`, only when none of those reads clearly. The first count whose windows read
 * clearly (60% of them exact) is the symbol's: a wrong count puts nearly every window off its
 * codeword, so no other count reads as well (on frames-dev's 872 first and turned grids, never two
 * clear counts), and the rest need not be tried. Each count tried and its exact reads are left in
 * `scores`.
 */
function likeliestColumns(
  image: GrayImage,
  h: Homography,
  candidates: number[],
  fallback: number[],
  scores: Map<number, number>,
): { columns: number; score: number } | null {
  let best: { columns: number; score: number } | null = null;
  for (const columns of [...candidates, ...fallback]) {
    if (columns < 1 || columns > 30 || scores.has(columns)) continue;
    const exact = exactReads(image, h, columns);
    scores.set(columns, exact);
    if (exact >= 0.6 * 8 * (columns + 2)) return { columns, score: exact };
    if (!best || exact > best.score) best = { columns, score: exact };
  }
  return best;
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
  const model = rowModel(reads, columns, rows);
  const rowOf = (k: number, j: number) => (model ? rowAt(model, k, j, columns) : ((k + 0.5) / lines) * rows);
  const votes = newVotes(total);
  for (let k = 0; k < lines; k++) {
    const row = reads[k] as Array<Read | null>;
    for (let j = 1; j <= columns; j++) {
      const read = row[j];
      if (read) vote(votes, rowFor(Math.floor(rowOf(k, j)), read.cluster, rows), columns, j, read);
    }
  }
  const first = decodeVotes(votes, ecLevel);
  if (first || !model) return { symbol: first, columns };
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
      matches.push([(17 + 17 * j + 8.5) / modules, rowOf(k, j) / rows, x, y]);
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
  const second = decodeVotes(again, ecLevel);
  if (second) return { symbol: second, columns };
  // Last chance: the rows are placed, and Reed-Solomon refused what the scan lines read twice. Each
  // cell's modules averaged down its row and matched whole against its cluster's codewords read
  // where thresholding a module at a time misread too many.
  return { symbol: decodeVotes(softVotes(image, refined, rows, columns, modules), ecLevel), columns };
}

/** Modules from the start pattern's outer edge to the stop pattern bar's inner edge. */
function gridModules(columns: number): number {
  return FIXED_MODULES - 18 + 17 * columns;
}

/** The row within one of `near` whose cluster (row mod 3, times 3) is `cluster`; -1 when none. */
function rowFor(near: number, cluster: number, rows: number): number {
  for (const r of [near, near - 1, near + 1]) if (r >= 0 && r < rows && (r % 3) * 3 === cluster) return r;
  return -1;
}

/**
 * Samples one scan line across the symbol at height `v` (0..1), `SUB` samples per module, from
 * three modules left of the start pattern to a few modules into the stop pattern, and sharpens it
 * along its length (`unsharp`). The line is read before the next is sampled, so each is written
 * over the last one of the same length (a grid read samples a few hundred lines).
 */
function sampleLine(image: GrayImage, h: Homography, v: number, columns: number): Float32Array {
  // `modules` is what the quad's width stands for.
  const modules = gridModules(columns);
  const count = (FIXED_MODULES - 18 + 17 * columns + PAD_RIGHT_MODULES) * SUB + PAD_LEFT + SUB;
  if (lineBuffer.length !== count) lineBuffer = new Float32Array(count);
  const out = lineBuffer;
  const step = 1 / (modules * SUB);
  sampleAlong(image.data, image.width, image.height, h, (0.5 - PAD_LEFT - SUB / 2) * step, step, v, out);
  return unsharp(out);
}

/**
 * The blur `unsharp` undoes: two passes of a box `2 x SUB + 1` samples wide, a Gaussian of about
 * 0.9 module. Defocus and a hand's motion along the rows spread each module into its neighbours by
 * about that much on frames with modules of 2 px that fail to read unsharpened.
 */
const UNSHARP_RADIUS = SUB;
const UNSHARP_PASSES = 2;
/** How much of the difference from the blurred copy is added back: all of it. */
const UNSHARP_AMOUNT = 1;

/** The scan line `sampleLine` last sampled. */
let lineBuffer = new Float32Array(0);

/** Scratch buffers of `unsharp`, grown as needed (one scan line is sharpened at a time). */
let blurA = new Float32Array(0);
let blurB = new Float32Array(0);

/** One pass of a box filter `2 r + 1` samples wide (the ends repeated) from `input` into `output`. */
function boxPass(input: Float32Array, output: Float32Array, count: number, r: number): void {
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += input[Math.min(count - 1, Math.max(0, k))] as number;
  const width = 2 * r + 1;
  for (let i = 0; i < count; i++) {
    output[i] = sum / width;
    sum += (input[Math.min(count - 1, i + r + 1)] as number) - (input[Math.max(0, i - r)] as number);
  }
}

/**
 * The scan line, in place, with blur along it partly undone (an unsharp mask): each sample plus
 * its difference from a copy blurred over about a module. A thin bar or space that blur pulled
 * towards its neighbours' level is pushed back, so more windows match a codeword exactly.
 */
function unsharp(profile: Float32Array): Float32Array {
  const count = profile.length;
  if (blurA.length < count) {
    blurA = new Float32Array(count);
    blurB = new Float32Array(count);
  }
  let from = profile;
  let to = blurA;
  for (let pass = 0; pass < UNSHARP_PASSES; pass++) {
    boxPass(from, to, count, UNSHARP_RADIUS);
    from = to;
    to = to === blurA ? blurB : blurA;
  }
  for (let i = 0; i < count; i++) {
    const value = profile[i] as number;
    profile[i] = value + UNSHARP_AMOUNT * (value - (from[i] as number));
  }
  return profile;
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
  // An exact read counts more than one with modules flipped: a scan line crossing from one row to
  // the next reads a few windows half in each, and a flip can make those some other codeword.
  let weight = 1;
  const vote = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + weight);
  for (const row of reads) {
    const left = row[0];
    const right = row[columns + 1];
    for (const [read, turn] of [
      [left, 0],
      [right, 2],
    ] as const) {
      if (!read) continue;
      weight = read.weight * read.weight;
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
  // A value named by a single indicator read could be a misread: more than one exact read's worth.
  const winner = (map: Map<number, number>) => {
    let best = -1;
    let n = 9;
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
