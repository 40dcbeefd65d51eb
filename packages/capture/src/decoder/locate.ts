import { downscale, type RotatedRect } from './image.js';
import type { GrayImage } from './types.js';

/** Where the symbol probably is, and how it is turned. */
export interface SymbolEstimate {
  /** Angle (radians) of the symbol's rows, i.e. of the gradient across its bars, in (-pi/2, pi/2]. */
  angle: number;
  /** The symbol's rectangle in source pixels, with a quiet-zone margin; null when nothing bar-like was found. */
  region: RotatedRect | null;
}

/**
 * Largest side of the analysis image: a 1080p frame is halved. Licence symbols seen from a phone are
 * 2 to 3 px per module; shrunk 3 or 4 times the bars blur into grey and the row boundaries win the
 * orientation estimate (the angle came out near 90 degrees off on most such frames).
 */
const ANALYSIS_WIDTH = 960;
/** Side of an orientation block in analysis pixels. */
const BLOCK = 8;
/** Blocks whose edges agree at least this much (0..1) count as bar-like. */
const MIN_COHERENCE = 0.45;
/** ...and carry at least this share of the strongest blocks' edge energy. */
const MIN_ENERGY_SHARE = 0.2;
/** Bar-like blocks within this angle of the dominant one belong to the symbol. */
const ANGLE_TOLERANCE = (12 * Math.PI) / 180;

/**
 * Estimates the symbol's angle and region from the structure tensor of the image gradient, per
 * block: a PDF417 symbol is the densest patch of parallel edges on a licence back. The angle lets
 * the caller deskew before decoding (ZXing loses symbols turned about 3 degrees or more); the region
 * lets it crop instead of downscaling.
 */
export function locateSymbol(image: GrayImage, analysisWidth = ANALYSIS_WIDTH): SymbolEstimate {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / analysisWidth));
  const small = downscale(image, factor, analysisBuffer);
  if (small !== image) analysisBuffer = small.data;
  const cols = Math.floor(small.width / BLOCK);
  const rows = Math.floor(small.height / BLOCK);
  if (cols < 2 || rows < 2) return { angle: 0, region: null };
  const [jxx, jyy, jxy, energy, coherence, sorting] = blockBuffers(cols * rows);
  jxx.fill(0);
  jyy.fill(0);
  jxy.fill(0);
  const w = small.width;
  const d = small.data;
  // Sobel, summed per block: each row's run through a block is added in locals, then stored once.
  // Along a row the 3x3 kernels share columns: gx = S(x + 1) - S(x - 1) with S the column's
  // top + 2 x centre + bottom, gy = D(x - 1) + 2 D(x) + D(x + 1) with D its bottom - top, so each
  // pixel reads one new column (three pixels) instead of eight. All integers: the sums are exact.
  const yEnd = Math.min(rows * BLOCK - 1, small.height - 1);
  const xEnd = Math.min(cols * BLOCK - 1, w - 1);
  for (let y = 1; y < yEnd; y++) {
    const blockRow = Math.floor(y / BLOCK) * cols;
    const up = (y - 1) * w;
    const mid = y * w;
    const down = (y + 1) * w;
    let sumBefore = (d[up] as number) + 2 * (d[mid] as number) + (d[down] as number);
    let sumHere = (d[up + 1] as number) + 2 * (d[mid + 1] as number) + (d[down + 1] as number);
    let diffBefore = (d[down] as number) - (d[up] as number);
    let diffHere = (d[down + 1] as number) - (d[up + 1] as number);
    let x = 1;
    for (let bx = 0; bx < cols; bx++) {
      const xStop = Math.min(xEnd, (bx + 1) * BLOCK);
      let xx = 0;
      let yy = 0;
      let xy = 0;
      for (; x < xStop; x++) {
        const top = d[up + x + 1] as number;
        const bottom = d[down + x + 1] as number;
        const sumAfter = top + 2 * (d[mid + x + 1] as number) + bottom;
        const diffAfter = bottom - top;
        const gx = sumAfter - sumBefore;
        const gy = diffBefore + 2 * diffHere + diffAfter;
        xx += gx * gx;
        yy += gy * gy;
        xy += gx * gy;
        sumBefore = sumHere;
        sumHere = sumAfter;
        diffBefore = diffHere;
        diffHere = diffAfter;
      }
      const block = blockRow + bx;
      jxx[block] = (jxx[block] as number) + xx;
      jyy[block] = (jyy[block] as number) + yy;
      jxy[block] = (jxy[block] as number) + xy;
    }
  }
  for (let k = 0; k < energy.length; k++) {
    const sum = (jxx[k] as number) + (jyy[k] as number);
    energy[k] = sum;
    const diff = (jxx[k] as number) - (jyy[k] as number);
    coherence[k] = sum > 0 ? Math.sqrt(diff * diff + 4 * (jxy[k] as number) ** 2) / sum : 0;
  }
  const strong = kthSmallest(energy, Math.floor(energy.length * 0.97), sorting);
  if (strong <= 0) return { angle: 0, region: null };
  // Which blocks are bar-like and their orientations (the latter in the selection's scratch, which
  // `strong` no longer needs): the two directions below look at the same blocks several times.
  const barLike = new Uint8Array(cols * rows);
  const orientation = sorting;
  for (let k = 0; k < barLike.length; k++) {
    if ((energy[k] as number) < MIN_ENERGY_SHARE * strong || (coherence[k] as number) < MIN_COHERENCE) continue;
    barLike[k] = 1;
    orientation[k] = 0.5 * Math.atan2(2 * (jxy[k] as number), (jxx[k] as number) - (jyy[k] as number));
  }
  /** Bar-like blocks within the tolerance of `direction`. */
  const along = (direction: number) => (k: number) =>
    barLike[k] === 1 && angularDistance(orientation[k] as number, direction) <= ANGLE_TOLERANCE;
  const dominant = doubledAngleMean(jxx, jyy, jxy, energy, coherence, (k) => barLike[k] === 1);
  if (dominant === null) return { angle: 0, region: null };
  /** The densest patch of bar-like blocks along `direction`, and its score. */
  const patchAt = (direction: number) => {
    const aligned = new Uint8Array(cols * rows);
    const isAligned = along(direction);
    for (let k = 0; k < aligned.length; k++) if (isAligned(k)) aligned[k] = 1;
    // Close one-block gaps (a quiet codeword, a glare patch) so the symbol is one component.
    const { members, score } = densestComponent(dilate(aligned, cols, rows), cols, rows, energy);
    return { blocks: members.filter((k) => aligned[k]), score, direction };
  };
  // The frame's dominant direction is not always the symbol's: where its modules are under 2 px,
  // the half-size image blurs its bars (its blocks keep the frame's strongest edges but little
  // agreement), a card's lines of text or its stripe win the direction when the card is held in
  // portrait, and in a dim, noisy frame the mean of every block's direction (noise, a wood grain,
  // the card's edges) lies between the symbol's and the others', near none of them. So each mode of
  // the blocks' directions gets its densest patch too, and the densest patch of all is the symbol.
  let patch = patchAt(dominant);
  for (const mode of directionModes(barLike, orientation, coherence, energy)) {
    const rival = patchAt(doubledAngleMean(jxx, jyy, jxy, energy, coherence, along(mode)) ?? mode);
    if (rival.blocks.length >= 3 && rival.score > patch.score) patch = rival;
  }
  const component = patch.blocks;
  if (component.length < 3) return { angle: dominant, region: null };
  const inComponent = new Set(component);
  const coarse = doubledAngleMean(jxx, jyy, jxy, energy, coherence, (k) => inComponent.has(k)) ?? patch.direction;
  const angle = refineAngle(small, component, cols, coarse);
  return { angle, region: boundingRect(component, cols, angle, factor * BLOCK) };
}

/**
 * The k-th smallest of `values` (0-based), the element `values.slice().sort()[k]` is, found by
 * selection (Wirth's) in `into` (values' length; overwritten): sorting every block's energy for one
 * percentile took a third of the locate.
 */
function kthSmallest(values: Float64Array, k: number, into: Float64Array): number {
  const a = into;
  a.set(values);
  let left = 0;
  let right = a.length - 1;
  while (left < right) {
    const pivot = a[k] as number;
    let i = left;
    let j = right;
    do {
      while ((a[i] as number) < pivot) i++;
      while (pivot < (a[j] as number)) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) left = i;
    if (k < i) right = j;
  }
  return a[k] ?? 0;
}

/**
 * The last analysis image's pixels, filled again by the next frame of the same size: it is used
 * only within one call, and a new one each frame left half a megabyte to the collector.
 */
let analysisBuffer: Uint8ClampedArray | undefined;

/** The per-block arrays, kept between calls and grown when a larger image comes. */
let blocks: Float64Array[] = [];

/**
 * Six per-block arrays of length `n` (views of buffers kept between calls: frames are located one
 * at a time, and the full-resolution locate would otherwise leave 1.5 MB a call to the collector).
 * Their contents are whatever the last call left.
 */
function blockBuffers(n: number): Six<Float64Array> {
  if ((blocks[0]?.length ?? 0) < n) blocks = Array.from({ length: 6 }, () => new Float64Array(n));
  return blocks.map((buffer) => buffer.subarray(0, n)) as Six<Float64Array>;
}

type Six<T> = [T, T, T, T, T, T];

/** Coarse and fine passes of the projection-profile refinement: [half range, step], degrees. */
const REFINE_PASSES: ReadonlyArray<[number, number]> = [
  [2.5, 0.5],
  [0.5, 0.125],
];

/**
 * Refines the angle by projection profile: projected along the true bar direction, the start and
 * stop patterns (the same in every row) and the codeword edges give the sharpest profile. The
 * gradient estimate is biased by a degree or so by the symbol's outline, and ZXing needs better.
 */
function refineAngle(small: GrayImage, blocks: number[], cols: number, coarse: number): number {
  // Every fourth line along the bars (rows for a level symbol, columns for one on its side): each
  // profile bin keeps samples, at a quarter of the cost. Skipping lines across the bars would leave
  // empty bins and bias the angle.
  const alongRows = Math.abs(Math.cos(coarse)) >= Math.abs(Math.sin(coarse));
  const perBlock = BLOCK * (BLOCK / 4);
  const xs = new Float64Array(blocks.length * perBlock);
  const ys = new Float64Array(blocks.length * perBlock);
  const values = new Float64Array(blocks.length * perBlock);
  let n = 0;
  for (const k of blocks) {
    const bx = (k % cols) * BLOCK;
    const by = Math.floor(k / cols) * BLOCK;
    for (let y = by; y < by + BLOCK; y += alongRows ? 4 : 1) {
      for (let x = bx; x < bx + BLOCK; x += alongRows ? 1 : 4, n++) {
        xs[n] = x;
        ys[n] = y;
        values[n] = small.data[y * small.width + x] as number;
      }
    }
  }
  const diagonal = Math.ceil(Math.hypot(small.width, small.height)) + 2;
  const sums = new Float64Array(2 * diagonal);
  const counts = new Uint32Array(2 * diagonal);
  const score = (angle: number): number => {
    sums.fill(0);
    counts.fill(0);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    for (let i = 0; i < n; i++) {
      const bin = Math.round((xs[i] as number) * cos + (ys[i] as number) * sin) + diagonal;
      sums[bin] = (sums[bin] as number) + (values[i] as number);
      counts[bin] = (counts[bin] as number) + 1;
    }
    let total = 0;
    let previous = -1;
    for (let bin = 0; bin < sums.length; bin++) {
      const count = counts[bin] as number;
      if (!count) continue;
      const mean = (sums[bin] as number) / count;
      if (previous >= 0) total += (mean - previous) ** 2 * Math.min(1, count / 8);
      previous = mean;
    }
    return total;
  };
  let best = coarse;
  for (const [range, step] of REFINE_PASSES) {
    const centre = best;
    let bestScore = -1;
    for (let d = -range; d <= range + 1e-9; d += step) {
      const angle = centre + (d * Math.PI) / 180;
      const value = score(angle);
      if (value > bestScore) {
        bestScore = value;
        best = angle;
      }
    }
  }
  return best;
}

/** Energy- and coherence-weighted mean orientation; orientations are averaged as doubled angles. */
function doubledAngleMean(
  jxx: Float64Array,
  jyy: Float64Array,
  jxy: Float64Array,
  energy: Float64Array,
  coherence: Float64Array,
  include: (k: number) => boolean,
): number | null {
  let c2 = 0;
  let s2 = 0;
  for (let k = 0; k < energy.length; k++) {
    if (!include(k)) continue;
    const weight = (coherence[k] as number) / Math.max(1e-9, energy[k] as number);
    c2 += ((jxx[k] as number) - (jyy[k] as number)) * weight * (energy[k] as number) ** 0.5;
    s2 += 2 * (jxy[k] as number) * weight * (energy[k] as number) ** 0.5;
  }
  if (c2 === 0 && s2 === 0) return null;
  return 0.5 * Math.atan2(s2, c2);
}

/** Bins of the histogram of the bar-like blocks' directions: 5 degrees each. */
const DIRECTION_BINS = 36;
/** How many of its modes are tried: the symbol's, the text's, the card's edges' and one more. */
const DIRECTION_MODES = 4;

/**
 * The strongest modes of the bar-like blocks' directions (weighted as in `doubledAngleMean`), as
 * bin centres, strongest first: the local maxima of the histogram smoothed over three bins.
 */
function directionModes(
  barLike: Uint8Array,
  orientation: Float64Array,
  coherence: Float64Array,
  energy: Float64Array,
): number[] {
  const bins = new Float64Array(DIRECTION_BINS);
  for (let k = 0; k < barLike.length; k++) {
    if (barLike[k] !== 1) continue;
    const angle = orientation[k] as number;
    const bin = Math.min(DIRECTION_BINS - 1, Math.floor(((angle + Math.PI / 2) / Math.PI) * DIRECTION_BINS));
    bins[bin] = (bins[bin] as number) + (coherence[k] as number) * Math.sqrt(energy[k] as number);
  }
  // Directions wrap around every half turn, and so does the histogram.
  const at = (i: number) => bins[(i + DIRECTION_BINS) % DIRECTION_BINS] as number;
  const smooth = Array.from({ length: DIRECTION_BINS }, (_, i) => at(i - 1) + 2 * at(i) + at(i + 1));
  const modes: Array<[weight: number, angle: number]> = [];
  for (let i = 0; i < DIRECTION_BINS; i++) {
    const here = smooth[i] as number;
    const before = smooth[(i + DIRECTION_BINS - 1) % DIRECTION_BINS] as number;
    const after = smooth[(i + 1) % DIRECTION_BINS] as number;
    if (here > 0 && here > before && here >= after)
      modes.push([here, ((i + 0.5) / DIRECTION_BINS) * Math.PI - Math.PI / 2]);
  }
  return modes
    .sort((a, b) => b[0] - a[0])
    .slice(0, DIRECTION_MODES)
    .map(([, angle]) => angle);
}

function angularDistance(a: number, b: number): number {
  // Orientations repeat every pi.
  let diff = Math.abs(a - b) % Math.PI;
  if (diff > Math.PI / 2) diff = Math.PI - diff;
  return diff;
}

function dilate(mask: Uint8Array, cols: number, rows: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      if (!mask[y * cols + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < cols && ny < rows) out[ny * cols + nx] = 1;
        }
      }
    }
  }
  return out;
}

/** The 8-connected component whose edge energy, weighted by its density, is the greatest, and that score. */
function densestComponent(
  mask: Uint8Array,
  cols: number,
  rows: number,
  energy: Float64Array,
): { members: number[]; score: number } {
  const seen = new Uint8Array(mask.length);
  let best: number[] = [];
  let bestScore = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    const members: number[] = [];
    let total = 0;
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const k = stack.pop() as number;
      members.push(k);
      total += energy[k] as number;
      const cx = k % cols;
      const cy = (k - cx) / cols;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = cx + dx;
          const ny = cy + dy;
          if (nx < 0 || ny < 0 || nx >= cols || ny >= rows) continue;
          const n = ny * cols + nx;
          if (mask[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    // The densest patch, not merely the largest: a block of print can carry as much edge energy in
    // all as the symbol, spread over three times the blocks.
    const score = total * Math.sqrt(total / members.length);
    if (score > bestScore) {
      bestScore = score;
      best = members;
    }
  }
  return { members: best, score: bestScore };
}

/**
 * The rectangle along `angle` that holds every block of the component, in source pixels, grown by
 * a margin: the blocks miss the start/stop patterns' outer edges and the detector wants a quiet zone.
 */
function boundingRect(blocks: number[], cols: number, angle: number, blockSize: number): RotatedRect {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let minV = Number.POSITIVE_INFINITY;
  let maxV = Number.NEGATIVE_INFINITY;
  for (const k of blocks) {
    const bx = (k % cols) * blockSize;
    const by = Math.floor(k / cols) * blockSize;
    for (const [px, py] of [
      [bx, by],
      [bx + blockSize, by],
      [bx, by + blockSize],
      [bx + blockSize, by + blockSize],
    ] as const) {
      const u = px * cos + py * sin;
      const v = -px * sin + py * cos;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
  }
  const width = maxU - minU;
  const height = maxV - minV;
  const marginU = width * 0.08 + blockSize * 3;
  const marginV = height * 0.12 + blockSize * 3;
  const u = (minU + maxU) / 2;
  const v = (minV + maxV) / 2;
  return {
    cx: u * cos - v * sin,
    cy: u * sin + v * cos,
    width: width + 2 * marginU,
    height: height + 2 * marginV,
    angle,
  };
}
