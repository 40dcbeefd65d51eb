import type { Point, Quad } from '../homography.js';
import { type DarkRuns, darkRuns, turnedRuns } from './dark-runs.js';
import { cropSize, extractRotated, type RotatedRect, sampleRotatedRow } from './image.js';
import { leastSquares } from './line-fit.js';
import { fitEdgesAcross, trimToTexture } from './symbol-edges.js';
import type { GrayImage } from './types.js';

/**
 * The symbol's outline under perspective, found from its two long vertical bars: the start
 * pattern opens with a bar 8 modules wide and the stop pattern with one 7 modules wide, and both
 * run the full height of the symbol in every row. Under keystone these two bars are straight lines
 * that are no longer parallel, and no rotation makes every row of the symbol level; a warp to the
 * quad they bound does.
 */
export interface SymbolQuad {
  /** Top-left, top-right, bottom-right, bottom-left of the symbol as printed (start pattern on the left), source pixels. */
  quad: Quad;
  /**
   * From the start pattern's outer edge to the stop pattern's bar's inner edge (its first module),
   * which is module 51 + 17 x columns: both are measured edges, so the grid reader maps modules
   * along the rows without relying on a module width estimated from blurred bars.
   */
  gridQuad: Quad;
  /** Estimated module width in source pixels (from the bars' widths, which blur can merge with a neighbour). */
  modulePx: number;
  /**
   * Median count of bars in a scan line of the symbol: 4 per codeword column, 4 in the start
   * pattern and 5 in the stop pattern, so a second estimate of the column count, fewer when blur
   * merges bars.
   */
  barsPerLine: number;
  /** Rows (scan lines of the deskewed crop) that supported the two bars, 0..1 of the symbol's height. */
  support: number;
}

/** A bar edge line in crop coordinates: x = a + b * y, for y in [top, bottom]. */
interface BarLine {
  a: number;
  b: number;
  top: number;
  bottom: number;
  /** Median width of the bar along the line, pixels. */
  width: number;
  inliers: number;
}

/** One long dark run in a scan line of the crop. */
interface Run {
  y: number;
  left: number;
  right: number;
}

/** Widest crop searched for the bars, pixels. */
const MAX_CROP_WIDTH = 1400;

/** Slope limit of a bar line after the coarse deskew: keystone from a tilted card stays within it. */
const MAX_SLOPE = 0.2;
/** A bar line must be supported by at least this many scan lines. */
const MIN_INLIERS = 12;
/** How far a run's edge may lie from the line, pixels (blur and JPEG move edges by a pixel or two). */
const INLIER_TOLERANCE = 2;

/** A crop around the symbol's coarse region, thresholded into dark runs, where its bars are searched. */
export interface BarSearch {
  /** The region widened, then narrowed to the rows around the bars, as cropped. */
  rect: RotatedRect;
  /** Crop pixels per source pixel. */
  scale: number;
  crop: GrayImage;
  runs: DarkRuns;
}

/**
 * The crop around `region` (from `locateSymbol`) that `quadFromBars` searches, and its dark runs:
 * a first look at every fourth row finds the bars, and only the rows around them are cropped.
 */
export function barSearch(image: GrayImage, region: RotatedRect): BarSearch {
  // The coarse region can be a little short along the rows when the start/stop bars fell in weak
  // blocks; widen it so both bars are inside.
  const widened: RotatedRect = { ...region, width: region.width * 1.12, height: region.height * 1.06 };
  // A symbol this wide has modules of 4 px or more: finding its bars at a lower resolution loses
  // nothing and saves most of the work on large photos.
  const scale = Math.min(1, MAX_CROP_WIDTH / widened.width);
  const { width, height } = cropSize(widened, scale);
  const firstLook = extractRotated(image, widened, scale, FIRST_LOOK_STEP);
  const firstRuns = darkRuns(firstLook);
  const { top, bottom } = barBand(firstRuns, height) ?? { top: 0, bottom: height };
  // Rows [top, bottom) of the crop of the widened region; the first look's rows are copied.
  const data = new Uint8ClampedArray(width * (bottom - top));
  for (let y = top; y < bottom; y++) {
    const offset = (y - top) * width;
    if (y % FIRST_LOOK_STEP === 0) {
      const from = (y / FIRST_LOOK_STEP) * width;
      data.set(firstLook.data.subarray(from, from + width), offset);
    } else sampleRotatedRow(image, widened, scale, y, data, offset);
  }
  const crop = { data, width, height: bottom - top };
  // The rectangle those rows are the crop of: the band's centre, in source pixels down from the region's.
  const shift = ((top + bottom) / 2 - height / 2) / scale;
  const rect: RotatedRect = {
    ...widened,
    cx: widened.cx - shift * Math.sin(widened.angle),
    cy: widened.cy + shift * Math.cos(widened.angle),
    height: crop.height / scale,
  };
  // A row's runs depend on that row alone: the first look's are kept.
  const lineOf = (y: number) => ((y + top) % FIRST_LOOK_STEP === 0 ? (y + top) / FIRST_LOOK_STEP : -1);
  return { rect, scale, crop, runs: darkRuns(crop, { runs: firstRuns, lineOf }) };
}

/** The first look for the bars samples every this many rows of the crop. */
const FIRST_LOOK_STEP = 4;
/** Rows kept above and below the bars the first look found, as a share of their length (plus two of its steps). */
const BAND_MARGIN = 0.3;
/** A band over this share of the crop's height is not worth narrowing the crop to. */
const MAX_BAND_SHARE = 0.8;

/**
 * The rows of the crop (of `height` rows; `firstLook` has the runs of every `FIRST_LOOK_STEP`-th)
 * around its start and stop bars, with a margin; null when the first look finds no pair of bars or
 * the band is most of the crop. The located region often takes in print above and below the
 * symbol (lines of text run along its rows), up to five times its height, and thresholding all of
 * it was most of the bar search; print away from the symbol also adds stray runs to the bar fit.
 */
function barBand(firstLook: DarkRuns, height: number): { top: number; bottom: number } | null {
  const { start, stop } = startAndStop(outerBars(firstLook, FIRST_LOOK_STEP), height);
  if (!start || !stop) return null;
  const margin = BAND_MARGIN * Math.max(start.bottom - start.top, stop.bottom - stop.top) + 2 * FIRST_LOOK_STEP;
  const top = Math.max(0, Math.floor(Math.min(start.top, stop.top) - margin));
  const bottom = Math.min(height, Math.ceil(Math.max(start.bottom, stop.bottom) + margin));
  return bottom - top > MAX_BAND_SHARE * height ? null : { top, bottom };
}

/**
 * The same search with the crop turned 180 degrees (the region's angle plus pi): the scan lines
 * and the line fit then meet the symbol from its other end. The crop's pixels reversed are that
 * crop, and its runs mirrored are its runs, so nothing is resampled or thresholded again.
 */
export function turnedOver(search: BarSearch): BarSearch {
  const { rect, scale, crop, runs } = search;
  return {
    rect: { ...rect, angle: rect.angle + Math.PI },
    scale,
    crop: { data: crop.data.slice().reverse(), width: crop.width, height: crop.height },
    runs: turnedRuns(runs),
  };
}

/**
 * Finds the symbol's quad in `image` near the coarse `region` (from `locateSymbol`). Returns null
 * when two bars consistent with a start and a stop pattern are not both found: then the caller falls
 * back to the rotation-only crop.
 */
export function findSymbolQuad(image: GrayImage, region: RotatedRect): SymbolQuad | null {
  return quadFromBars(barSearch(image, region));
}

/** `findSymbolQuad` on a crop already made (`barSearch`, `turnedOver`). */
export function quadFromBars(search: BarSearch): SymbolQuad | null {
  const { rect, scale, crop } = search;
  const bars = outerBars(search.runs);
  const { upright, start, stop } = startAndStop(bars, crop.height);
  if (!start || !stop) return null;
  const span = Math.abs(stop.a - start.a + (stop.b - start.b) * (crop.height / 2));
  // A symbol is at least 86 modules wide: the bars must be far apart relative to their width.
  if (span < 6 * Math.max(start.width, stop.width)) return null;
  const modulePx = (start.width / 8 + stop.width / 7) / 2 / scale;
  if (!(modulePx > 0.5)) return null;
  // Each bar's own extent: under keystone the symbol's top and bottom edges are not level in the
  // crop, so the two bars end at different heights.
  // A bar's line can run on into print above or below the symbol (guilloche strokes that happen to
  // line up); the symbol's own texture, dense black-and-white bars, says where it really ends.
  // The texture that says where the symbol ends is measured a module apart (`symbol-edges.ts`).
  const lag = Math.min(3, Math.max(1, Math.round(modulePx * scale)));
  trimToTexture(crop, start, stop, lag);
  fitEdgesAcross(crop, start, stop, lag);
  const height = Math.min(start.bottom - start.top, stop.bottom - stop.top);
  if (height < MIN_INLIERS) return null;
  const support = Math.min(1, Math.min(start.inliers, stop.inliers) / height);
  // Outer edges: the start bar's outer edge is the symbol's edge; the stop pattern ends 11 modules
  // beyond its bar's outer edge.
  // The fitted edges, moved outward by `extra` pixels (the stop pattern ends 18 modules beyond its
  // bar's inner edge).
  const dir = upright ? 1 : -1;
  const at = (line: BarLine, y: number, extra = 0): Point => [line.a + line.b * y + dir * extra, y];
  const toSource = cropToSource(rect, crop, scale);
  const [startTop, startBottom, stopTop, stopBottom] = upright
    ? [start.top, start.bottom, stop.top, stop.bottom]
    : // Turned over: the symbol's top is the crop's bottom.
      [start.bottom, start.top, stop.bottom, stop.top];
  return {
    quad: [
      toSource(at(start, startTop)),
      toSource(at(stop, stopTop, 18 * modulePx * scale)),
      toSource(at(stop, stopBottom, 18 * modulePx * scale)),
      toSource(at(start, startBottom)),
    ],
    gridQuad: [
      toSource(at(start, startTop)),
      toSource(at(stop, stopTop)),
      toSource(at(stop, stopBottom)),
      toSource(at(start, startBottom)),
    ],
    modulePx,
    barsPerLine: median(bars.counts),
    support,
  };
}

/**
 * Which way the symbol faces and its start and stop bars' lines (null where not found), in a crop
 * `height` rows tall. Upright (start pattern on the left) when more scan lines show the start's bar
 * outermost on the left and the stop's bar a few bars in from the right than the other way round.
 * The edge fitted is each bar's edge that faces the symbol's printed left: the start bar's outer
 * edge and the stop bar's inner edge; turned over, that is each run's right end in the crop.
 */
function startAndStop(bars: OuterBars, height: number) {
  const upright = bars.startLeft.length + bars.stopRight.length >= bars.startRight.length + bars.stopLeft.length;
  const edge = upright ? (run: Run) => run.left : (run: Run) => run.right;
  return {
    upright,
    start: fitBarLine(upright ? bars.startLeft : bars.startRight, height, edge),
    stop: fitBarLine(upright ? bars.stopRight : bars.stopLeft, height, edge),
  };
}

/** Candidate start and stop bars per scan line, for each way the symbol may face. */
interface OuterBars {
  startLeft: Run[];
  stopRight: Run[];
  startRight: Run[];
  stopLeft: Run[];
  /** Bars in each scan line's symbol cluster. */
  counts: number[];
}

/**
 * Per scan line of the deskewed crop: the symbol's row is the longest cluster of dark runs with no
 * wide light gap (text beside the symbol and the card's edge are separate clusters). Its long runs
 * (well over the cluster's median dark run; codeword bars are at most 6 modules and most are 1 or
 * 2) near the cluster's ends are the start bar (outermost) and the stop pattern's 7-module bar
 * (followed by four thin bars, so among the last five or six runs). Line k of `lines` is row
 * k x `rowStep` of the crop.
 */
function outerBars(lines: DarkRuns, rowStep = 1): OuterBars {
  const { height, ends, from } = lines;
  const out: OuterBars = { startLeft: [], stopRight: [], startRight: [], stopLeft: [], counts: [] };
  const histogram = new Uint32Array(MAX_COUNTED_RUN + 1);
  for (let y = 0; y < height; y++) {
    // Run i of this line is [ends[first + 2i], ends[first + 2i + 1]).
    const first = from[y] as number;
    const count = ((from[y + 1] as number) - first) / 2;
    if (count < 12) continue;
    const median = medianLength(ends, first, 0, count - 1, histogram);
    // Clusters: consecutive runs separated by light gaps of at most 8 medians (a space is at most
    // 6 modules wide; the quiet zone and the card's margins are wider).
    let bestFrom = 0;
    let bestTo = 0;
    for (let i = 1, start = 0; i <= count; i++) {
      const gap =
        i < count ? (ends[first + 2 * i] as number) - (ends[first + 2 * i - 1] as number) : Number.POSITIVE_INFINITY;
      if (gap > 8 * median) {
        if (i - 1 - start > bestTo - bestFrom) {
          bestFrom = start;
          bestTo = i - 1;
        }
        start = i;
      }
    }
    if (bestTo - bestFrom + 1 < 12) continue;
    out.counts.push(bestTo - bestFrom + 1);
    const typical = medianLength(ends, first, bestFrom, bestTo, histogram);
    // Every long run near each end is a candidate; the line fit keeps the one that is there in
    // every row (a long codeword bar changes from row to row).
    const pick = (indices: number[], into: Run[]) => {
      for (const i of indices) {
        if (i < 0 || i > bestTo - bestFrom) continue;
        const left = ends[first + 2 * (bestFrom + i)] as number;
        const right = ends[first + 2 * (bestFrom + i) + 1] as number;
        const length = right - left;
        if (length >= Math.max(3, 2.6 * typical) && length <= 12 * typical) into.push({ y: y * rowStep, left, right });
      }
    };
    const last = bestTo - bestFrom;
    pick([0, 1], out.startLeft);
    pick([last - 5, last - 4, last - 3, last - 2], out.stopRight);
    pick([last, last - 1], out.startRight);
    pick([2, 3, 4, 5], out.stopLeft);
  }
  return out;
}

/** Runs longer than this count as this long for the median: only short runs decide it. */
const MAX_COUNTED_RUN = 63;

/** Median length (at least 1) of runs `from..to` of the line whose runs start at `ends[first]`, by counting: no sort per scan line. */
function medianLength(ends: Int32Array, first: number, from: number, to: number, histogram: Uint32Array): number {
  histogram.fill(0);
  for (let i = from; i <= to; i++) {
    const length = Math.min(MAX_COUNTED_RUN, (ends[first + 2 * i + 1] as number) - (ends[first + 2 * i] as number));
    histogram[length] = (histogram[length] as number) + 1;
  }
  const half = (to - from + 1) >> 1;
  let seen = 0;
  for (let length = 0; length <= MAX_COUNTED_RUN; length++) {
    seen += histogram[length] as number;
    if (seen > half) return Math.max(1, length);
  }
  return MAX_COUNTED_RUN;
}

/**
 * The near-vertical line through the most run edges (RANSAC over pairs of runs from different scan
 * lines, then a least-squares refit on the inliers). Deterministic: pairs are taken in a fixed
 * stride, so the same frame always gives the same answer.
 */
function fitBarLine(runs: Run[], height: number, edge: (run: Run) => number): BarLine | null {
  if (runs.length < MIN_INLIERS) return null;
  // Pairs a sixth of the crop apart fix the slope well. When the located region took in the print
  // below a short symbol, the crop is several times the symbol's height and hardly any pair of its
  // own rows is that far apart: then pairs a sixth of the height the candidates span are tried.
  let best = proposeLine(runs, edge, height / 6);
  if (!best || best.count < MIN_INLIERS) {
    const spacing = candidateSpread(runs) / 6;
    if (spacing < height / 6) best = proposeLine(runs, edge, spacing);
  }
  if (!best || best.count < MIN_INLIERS) return null;
  // Refit on the inliers, one run per scan line (the one nearest the line).
  const nearest = new Map<number, Run>();
  for (const r of runs) {
    const d = Math.abs(edge(r) - (best.a + best.b * r.y));
    if (d > INLIER_TOLERANCE) continue;
    const kept = nearest.get(r.y);
    if (!kept || d < Math.abs(edge(kept) - (best.a + best.b * kept.y))) nearest.set(r.y, r);
  }
  const inliers = [...nearest.values()];
  if (inliers.length < MIN_INLIERS) return null;
  const fit = leastSquares(inliers.map((r) => [r.y, edge(r)] as const));
  const ys = inliers.map((r) => r.y).sort((p, q) => p - q);
  const widths = inliers.map((r) => r.right - r.left).sort((p, q) => p - q);
  // The line's extent: the longest stretch of inliers without a gap of more than a tenth of the
  // crop (glare or a thumb can hide part of a bar; text beside the symbol adds strays far away).
  const maxGap = Math.max(6, height / 10);
  let bestStart = 0;
  let bestEnd = 0;
  for (let i = 0, start = 0; i < ys.length; i++) {
    if (i > 0 && (ys[i] as number) - (ys[i - 1] as number) > maxGap) start = i;
    if ((ys[i] as number) - (ys[start] as number) > (ys[bestEnd] as number) - (ys[bestStart] as number)) {
      bestStart = start;
      bestEnd = i;
    }
  }
  return {
    a: fit.a,
    b: fit.b,
    top: ys[bestStart] as number,
    bottom: (ys[bestEnd] as number) + 1,
    width: widths[widths.length >> 1] as number,
    inliers: bestEnd - bestStart + 1,
  };
}

/** RANSAC over pairs of runs at least `minDy` apart: the near-vertical line through the most run edges. */
function proposeLine(
  runs: Run[],
  edge: (run: Run) => number,
  minDy: number,
): { a: number; b: number; count: number } | null {
  let best: { a: number; b: number; count: number } | null = null;
  const n = runs.length;
  const trials = Math.min(400, n * 2);
  for (let t = 0; t < trials; t++) {
    const p = runs[(t * 7919) % n] as Run;
    const q = runs[(t * 104729 + 13) % n] as Run;
    const dy = q.y - p.y;
    if (Math.abs(dy) < minDy) continue;
    const b = (edge(q) - edge(p)) / dy;
    if (Math.abs(b) > MAX_SLOPE) continue;
    const a = edge(p) - b * p.y;
    let count = 0;
    for (const r of runs) if (Math.abs(edge(r) - (a + b * r.y)) <= INLIER_TOLERANCE) count++;
    if (!best || count > best.count) best = { a, b, count };
  }
  return best;
}

/** The height most candidate runs span (the 5th to the 95th percentile of their rows: strays aside). */
function candidateSpread(runs: Run[]): number {
  const ys = runs.map((r) => r.y).sort((p, q) => p - q);
  return (ys[Math.floor(0.95 * (ys.length - 1))] as number) - (ys[Math.floor(0.05 * (ys.length - 1))] as number);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** Maps crop pixel coordinates (as `extractRotated` made the crop at scale 1) back to the source. */
function cropToSource(rect: RotatedRect, crop: GrayImage, scale: number): (p: Point) => Point {
  const cos = Math.cos(rect.angle) / scale;
  const sin = Math.sin(rect.angle) / scale;
  const halfW = crop.width / 2;
  const halfH = crop.height / 2;
  return ([x, y]) => {
    const ox = x - halfW;
    const oy = y - halfH;
    return [rect.cx + ox * cos - oy * sin, rect.cy + ox * sin + oy * cos];
  };
}

/**
 * Whether the grid reader would read both alike: the same module width and bar count, and every
 * corner of the grid within a quarter of a module, one sample of the scan lines (which try shifts
 * of one and two samples anyway and pin each line to its own bar edges). The bars found again from
 * the symbol's other end are usually the same lines, a few hundredths of a pixel apart after the
 * ends are trimmed in the other direction; reading that quad again repeats the first read.
 */
export function sameQuad(a: SymbolQuad, b: SymbolQuad): boolean {
  if (Math.abs(a.modulePx - b.modulePx) > 1e-9 || a.barsPerLine !== b.barsPerLine) return false;
  const reach = a.modulePx / 4;
  return a.gridQuad.every((p, i) => {
    const q = b.gridQuad[i] as Point;
    return Math.hypot(p[0] - q[0], p[1] - q[1]) < reach;
  });
}
