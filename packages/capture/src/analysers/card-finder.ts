/**
 * Finds an ID card (or passport page) in a downscaled luminance frame: edges (Sobel with
 * non-maximum suppression), straight lines (a Hough transform in which each edge pixel votes only
 * near its own gradient direction, refined by a least-squares fit), then the best convex
 * quadrilateral made of two near-parallel pairs of lines whose true aspect, once perspective is
 * undone, is that of an ID-1 card or a passport page, scored by how much of each side is really an
 * edge. Pure arithmetic, no DOM: the quality worker runs it and the tests call it directly.
 *
 * Why lines and not contours: a white card on a white table, a card in a hand (a thumb over an
 * edge) or a card on a patterned cloth rarely gives a closed contour, but each of its sides is still
 * a long straight run of weak edge pixels with one direction, which a Hough vote finds.
 */
import {
  ASSUMED_FOCAL_SHARE,
  CARD_ASPECTS,
  isConvex,
  longEdgeAngle,
  orderClockwise,
  type Point,
  polygonArea,
  type Quad,
  rectify,
} from './card-geometry.js';

export interface FoundCard {
  /** Corners in the searched image's pixels, clockwise from the top-left as seen. */
  corners: Quad;
  /** True long / short side ratio after undoing perspective. */
  aspect: number;
  tiltDegrees: number;
  angleDegrees: number;
  /** Share of each side's length that is an edge (the four sides, in no particular order). */
  coverage: [number, number, number, number];
  /** 0..1, from the side coverage and how well the aspect fits. */
  confidence: number;
}

/** Tunables, each with its reason; exposed for tests, not meant to be changed per call. */
export const CARD_FINDER = {
  /**
   * Smallest luminance slope (grey levels per pixel, after a [1 2 1] blur) that is an edge: a white
   * card on a white table still differs from it by 10-20 levels at its rim and shadow (a slope of
   * 5-10 once blurred), while sensor noise at the downscaled size stays below 2.
   */
  minSlope: 3,
  /** Angular half-width, degrees, of the vote each edge pixel casts around its gradient direction. */
  voteSpread: 8,
  /** Hough peaks refitted, most votes first ... */
  maxPeaks: 60,
  /** ... and lines kept from them, longest unbroken run first. */
  maxLines: 36,
  /** An edge pixel joins a line within this many pixels and this many degrees of its direction. */
  fitDistance: 1.5,
  fitDegrees: 20,
  /** Opposite sides of a card seen under up to ~40 degrees of tilt stay within this angle of parallel. */
  maxOppositeDegrees: 28,
  /**
   * Relative tolerance on the true aspect. Undoing perspective with an assumed focal length errs by
   * up to 7% (95th percentile) and 10% (99th) for cards tilted up to 35 degrees seen by cameras of
   * 0.6-1.1 x the long side (simulated; see the README); 12% keeps those and rejects most of the
   * rectangles printed on a card (a card less its header band is ~15% off).
   */
  aspectTolerance: 0.12,
  /** Each side must be at least this share an edge (a thumb may hide the rest) ... */
  minSideCoverage: 0.3,
  /** ... and the four together at least this share. */
  minMeanCoverage: 0.55,
  /** Share of each side's length left out of its coverage at each end: ID-1 corners are rounded (3.18 mm). */
  cornerSkip: 0.07,
  /** A card side shorter than this share of the image's short side is too small to judge anything by. */
  minSideShare: 0.12,
  /** Corners may lie this far outside the image (share of its long side): a card partly out of view. */
  outsideMargin: 0.04,
} as const;

interface Line {
  /** Unit normal (cos, sin) and offset: n . (p - centre) = rho. */
  nx: number;
  ny: number;
  rho: number;
  /** Normal angle in [0, pi). */
  theta: number;
  votes: number;
  /** Longest run of covered 1-px bins, gaps of up to 3 px bridged. */
  run: number;
  /** Prefix sums of covered 1-px bins along the line (index t + offset). */
  prefix: Uint32Array;
}

const DEG = Math.PI / 180;

/** Finds the most card-like quadrilateral, or null when none is convincing. */
export function findCard(
  gray: Uint8Array,
  width: number,
  height: number,
  options: { focal?: number; chroma?: Uint8Array } = {},
): FoundCard | null {
  if (width < 16 || height < 16) return null;
  if (gray.length < width * height) throw new RangeError('luminance buffer smaller than width x height');
  const edges = detectEdges(gray, width, height, options.chroma);
  if (edges.count < 20) return null;
  const lines = houghLines(edges, width, height);
  if (lines.length < 4) return null;
  return bestQuad(lines, width, height, options.focal ?? ASSUMED_FOCAL_SHARE * Math.max(width, height));
}

interface Edges {
  count: number;
  /** Coordinates relative to the image centre, pixel centres at +0.5. */
  x: Float32Array;
  y: Float32Array;
  /** Gradient (normal) direction in [0, pi). */
  theta: Float32Array;
}

/** Per-frame buffers, kept between frames of the same size: the worker measures one frame at a time. */
let scratch: {
  size: number;
  across: Uint16Array;
  blurred: Uint16Array;
  gx: Float32Array;
  gy: Float32Array;
  magnitude: Float32Array;
} | null = null;

function scratchFor(size: number) {
  if (scratch?.size !== size) {
    scratch = {
      size,
      across: new Uint16Array(size),
      blurred: new Uint16Array(size),
      gx: new Float32Array(size),
      gy: new Float32Array(size),
      magnitude: new Float32Array(size),
    };
  }
  return scratch;
}

/** Two passes of a [1 2 1] blur in each direction (a 5-tap binomial, sigma ~1 px), x16, into `out`. */
function smooth(source: Uint8Array, width: number, height: number, across: Uint16Array, out: Uint16Array): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    across[row] = 3 * (source[row] as number) + (source[row + 1] as number);
    for (let x = 1; x < width - 1; x++)
      across[row + x] =
        (source[row + x - 1] as number) + 2 * (source[row + x] as number) + (source[row + x + 1] as number);
    across[row + width - 1] = 3 * (source[row + width - 1] as number) + (source[row + width - 2] as number);
  }
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const row = y * width;
    const down = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++)
      out[row + x] = (across[up + x] as number) + 2 * (across[row + x] as number) + (across[down + x] as number);
  }
  // The second pass: the staircase a downscaled slanted edge becomes would otherwise scatter the
  // gradient direction by +-10 degrees.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    across[row] = (3 * (out[row] as number) + (out[row + 1] as number)) >> 2;
    for (let x = 1; x < width - 1; x++)
      across[row + x] =
        ((out[row + x - 1] as number) + 2 * (out[row + x] as number) + (out[row + x + 1] as number)) >> 2;
    across[row + width - 1] = (3 * (out[row + width - 1] as number) + (out[row + width - 2] as number)) >> 2;
  }
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const row = y * width;
    const down = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++)
      out[row + x] = ((across[up + x] as number) + 2 * (across[row + x] as number) + (across[down + x] as number)) >> 2;
  }
}

/** Sobel of a smoothed (x16) image in grey levels per pixel, squared; keeps, per pixel, the stronger of this and what is there. */
function sobel(
  blurred: Uint16Array,
  width: number,
  height: number,
  gx: Float32Array,
  gy: Float32Array,
  magnitude: Float32Array,
): void {
  const scale = 1 / 128;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = blurred[i - width - 1] as number;
      const b = blurred[i - width] as number;
      const c = blurred[i - width + 1] as number;
      const d = blurred[i - 1] as number;
      const f = blurred[i + 1] as number;
      const g = blurred[i + width - 1] as number;
      const h = blurred[i + width] as number;
      const k = blurred[i + width + 1] as number;
      const sx = (c + 2 * f + k - a - 2 * d - g) * scale;
      const sy = (g + 2 * h + k - a - 2 * b - c) * scale;
      // Squared magnitude: only compared, never added, so the square root is not needed.
      const m = sx * sx + sy * sy;
      if (m <= (magnitude[i] as number)) continue;
      gx[i] = sx;
      gy[i] = sy;
      magnitude[i] = m;
    }
  }
}

/** Edges: the stronger gradient of luminance and colour, thinned along it, above the slope threshold. */
function detectEdges(gray: Uint8Array, width: number, height: number, chroma?: Uint8Array): Edges {
  const n = width * height;
  const { across, blurred, gx, gy, magnitude } = scratchFor(n);
  magnitude.fill(0);
  smooth(gray, width, height, across, blurred);
  sobel(blurred, width, height, gx, gy, magnitude);
  // A blue band on a grey table, or a card on a cloth of its own brightness, differs in colour, not
  // in luminance: where the colour channel steps harder than luminance, its gradient is the edge.
  if (chroma) {
    smooth(chroma, width, height, across, blurred);
    sobel(blurred, width, height, gx, gy, magnitude);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  const thetas: number[] = [];
  const cx = width / 2;
  const cy = height / 2;
  const tan22 = 0.41421356;
  const minSlope2 = CARD_FINDER.minSlope * CARD_FINDER.minSlope;
  // Skip a 2-px border: the Sobel of the outermost ring reads the clamped blur, not the scene.
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      const m = magnitude[i] as number;
      if (m < minSlope2) continue;
      const ax = Math.abs(gx[i] as number);
      const ay = Math.abs(gy[i] as number);
      let step: number;
      if (ay <= ax * tan22) step = 1;
      else if (ax <= ay * tan22) step = width;
      else step = (gx[i] as number) * (gy[i] as number) > 0 ? width + 1 : width - 1;
      if (m < (magnitude[i - step] as number) || m < (magnitude[i + step] as number)) continue;
      let theta = Math.atan2(gy[i] as number, gx[i] as number);
      if (theta < 0) theta += Math.PI;
      if (theta >= Math.PI) theta -= Math.PI;
      xs.push(x + 0.5 - cx);
      ys.push(y + 0.5 - cy);
      thetas.push(theta);
    }
  }
  return { count: xs.length, x: Float32Array.from(xs), y: Float32Array.from(ys), theta: Float32Array.from(thetas) };
}

const THETA_BINS = 180;
const COS = Float64Array.from({ length: THETA_BINS }, (_, t) => Math.cos((t * Math.PI) / THETA_BINS));
const SIN = Float64Array.from({ length: THETA_BINS }, (_, t) => Math.sin((t * Math.PI) / THETA_BINS));

let accumulatorBuffer = new Uint16Array(0);

/** Hough vote, peak picking, then a least-squares refit and coverage profile per line. */
function houghLines(edges: Edges, width: number, height: number): Line[] {
  const rMax = Math.ceil(Math.hypot(width, height) / 2) + 2;
  const nRho = 2 * rMax + 1;
  if (accumulatorBuffer.length !== THETA_BINS * nRho) accumulatorBuffer = new Uint16Array(THETA_BINS * nRho);
  const accumulator = accumulatorBuffer;
  accumulator.fill(0);
  const spread = CARD_FINDER.voteSpread;
  for (let p = 0; p < edges.count; p++) {
    const x = edges.x[p] as number;
    const y = edges.y[p] as number;
    const centre = Math.round(((edges.theta[p] as number) * THETA_BINS) / Math.PI);
    for (let d = -spread; d <= spread; d++) {
      const t = (centre + d + THETA_BINS) % THETA_BINS;
      const r = Math.round(x * (COS[t] as number) + y * (SIN[t] as number)) + rMax;
      const index = t * nRho + r;
      accumulator[index] = (accumulator[index] as number) + 1;
    }
  }
  // A line at angle t + 180 degrees is the line at t with the opposite rho.
  const at = (t: number, r: number): number => {
    if (t < 0) return at(t + THETA_BINS, 2 * rMax - r);
    if (t >= THETA_BINS) return at(t - THETA_BINS, 2 * rMax - r);
    if (r < 0 || r >= nRho) return 0;
    return accumulator[t * nRho + r] as number;
  };
  const minVotes = Math.max(12, Math.round(CARD_FINDER.minSideShare * Math.min(width, height) * 0.8));
  const peaks: Array<{ t: number; r: number; votes: number }> = [];
  const W = 3;
  for (let t = 0; t < THETA_BINS; t++) {
    const interior = t >= W && t < THETA_BINS - W;
    for (let r = W; r < nRho - W; r++) {
      const votes = accumulator[t * nRho + r] as number;
      if (votes < minVotes) continue;
      let isPeak = true;
      for (let dt = -W; dt <= W && isPeak; dt++) {
        const base = (t + dt) * nRho + r;
        for (let dr = -W; dr <= W; dr++) {
          if (dt === 0 && dr === 0) continue;
          const other = interior ? (accumulator[base + dr] as number) : at(t + dt, r + dr);
          // Ties break towards the earlier bin so a flat top yields one peak.
          if (other > votes || (other === votes && (dt < 0 || (dt === 0 && dr < 0)))) {
            isPeak = false;
            break;
          }
        }
      }
      if (isPeak) peaks.push({ t, r, votes });
    }
  }
  peaks.sort((a, b) => b.votes - a.votes);
  // Edge pixels by direction, so a refit only looks at the pixels that could belong to it.
  const binCounts = new Int32Array(THETA_BINS);
  const binOf = new Int32Array(edges.count);
  for (let p = 0; p < edges.count; p++) {
    const t = Math.round(((edges.theta[p] as number) * THETA_BINS) / Math.PI) % THETA_BINS;
    binOf[p] = t;
    binCounts[t] = (binCounts[t] as number) + 1;
  }
  const byTheta = Array.from({ length: THETA_BINS }, (_, t) => new Int32Array(binCounts[t] as number));
  const filled = new Int32Array(THETA_BINS);
  for (let p = 0; p < edges.count; p++) {
    const t = binOf[p] as number;
    (byTheta[t] as Int32Array)[filled[t] as number] = p;
    filled[t] = (filled[t] as number) + 1;
  }
  const refined: Line[] = [];
  for (const peak of peaks) {
    if (refined.length >= CARD_FINDER.maxPeaks) break;
    const line = refine(edges, byTheta, (peak.t * Math.PI) / THETA_BINS, peak.r - rMax, rMax);
    if (!line || hugsBorder(line, width, height)) continue;
    const duplicate = refined.some(
      (other) =>
        angleBetween(other.theta, line.theta) < 2 * DEG && Math.abs(signedRho(other, line.theta) - line.rho) < 2,
    );
    if (!duplicate) refined.push(line);
  }
  // A card side is one long unbroken edge; a row of print votes as much but in short pieces. Rank
  // by the longest run, so clutter full of text does not push the card's sides out of the list.
  refined.sort((a, b) => b.run - a.run);
  return refined.slice(0, CARD_FINDER.maxLines);
}

/**
 * True for a line along the image's own border (within 4 px, within 2 degrees): the border of the
 * frame (or a dark vignette, or the black bars of a letterboxed stream) is never a card side.
 */
function hugsBorder(line: Line, width: number, height: number): boolean {
  const near = 4;
  if (angleBetween(line.theta, 0) < 2 * DEG) return Math.abs(Math.abs(line.rho) - width / 2) < near;
  if (angleBetween(line.theta, Math.PI / 2) < 2 * DEG) return Math.abs(Math.abs(line.rho) - height / 2) < near;
  return false;
}

/** Angle between two undirected line normals, 0..pi/2. */
function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}

/** `line`'s rho expressed for a normal at angle `theta` (flipped when the normals point apart). */
function signedRho(line: Line, theta: number): number {
  return Math.cos(line.theta - theta) >= 0 ? line.rho : -line.rho;
}

/** Total-least-squares line through the given edge pixels: its unit normal (theta in [0, pi)) and offset. */
function fitLine(edges: Edges, members: Int32Array, count: number) {
  let mx = 0;
  let my = 0;
  for (let m = 0; m < count; m++) {
    const p = members[m] as number;
    mx += edges.x[p] as number;
    my += edges.y[p] as number;
  }
  mx /= count;
  my /= count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let m = 0; m < count; m++) {
    const p = members[m] as number;
    const dx = (edges.x[p] as number) - mx;
    const dy = (edges.y[p] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  // The normal is the eigenvector of the scatter matrix with the smaller eigenvalue.
  let theta = 0.5 * Math.atan2(2 * sxy, sxx - syy) + Math.PI / 2;
  theta = ((theta % Math.PI) + Math.PI) % Math.PI;
  // Every line keeps its normal at an angle in [0, pi), so rho's sign means the same for all.
  const nx = Math.cos(theta);
  const ny = Math.sin(theta);
  return { nx, ny, rho: mx * nx + my * ny, theta };
}

/** Scratch buffers reused across frames (the worker measures one frame at a time). */
let memberBuffer = new Int32Array(0);

/** Fits the edge pixels near a Hough line (2.5 px), refits on those within `fitDistance`, then profiles its coverage. */
function refine(edges: Edges, byTheta: Int32Array[], theta0: number, rho0: number, rMax: number): Line | null {
  if (memberBuffer.length < edges.count) memberBuffer = new Int32Array(edges.count);
  const members = memberBuffer;
  const nx0 = Math.cos(theta0);
  const ny0 = Math.sin(theta0);
  const maxAngle = CARD_FINDER.fitDegrees * DEG;
  const centre = Math.round((theta0 * THETA_BINS) / Math.PI);
  const reach = Math.ceil(CARD_FINDER.fitDegrees) + 1;
  let count = 0;
  for (let d = -reach; d <= reach; d++) {
    const bucket = byTheta[(((centre + d) % THETA_BINS) + THETA_BINS) % THETA_BINS] as Int32Array;
    for (let b = 0; b < bucket.length; b++) {
      const p = bucket[b] as number;
      if (Math.abs((edges.x[p] as number) * nx0 + (edges.y[p] as number) * ny0 - rho0) > 2.5) continue;
      if (angleBetween(edges.theta[p] as number, theta0) > maxAngle) continue;
      members[count++] = p;
    }
  }
  if (count < 8) return null;
  let fit = fitLine(edges, members, count);
  let kept = 0;
  for (let m = 0; m < count; m++) {
    const p = members[m] as number;
    if (
      Math.abs((edges.x[p] as number) * fit.nx + (edges.y[p] as number) * fit.ny - fit.rho) <= CARD_FINDER.fitDistance
    )
      members[kept++] = p;
  }
  if (kept < 8) return null;
  fit = fitLine(edges, members, kept);
  const { nx, ny, rho, theta } = fit;
  const size = 2 * rMax + 1;
  const covered = new Uint8Array(size);
  for (let m = 0; m < kept; m++) {
    const p = members[m] as number;
    // Position along the line (its direction is the normal turned by 90 degrees).
    const t = Math.round(-(edges.x[p] as number) * ny + (edges.y[p] as number) * nx) + rMax;
    // One pixel either side: the suppressed edge steps diagonally between rows.
    for (let k = t - 1; k <= t + 1; k++) if (k >= 0 && k < size) covered[k] = 1;
  }
  const prefix = new Uint32Array(size + 1);
  let run = 0;
  let current = 0;
  let gap = 0;
  for (let k = 0; k < size; k++) {
    prefix[k + 1] = (prefix[k] as number) + (covered[k] as number);
    if (covered[k]) {
      current += gap + 1;
      gap = 0;
      run = Math.max(run, current);
    } else if (current > 0 && ++gap > 3) {
      current = 0;
      gap = 0;
    }
  }
  return { nx, ny, rho, theta, votes: kept, run, prefix };
}

function intersect(a: Line, b: Line): Point | null {
  const det = a.nx * b.ny - a.ny * b.nx;
  if (Math.abs(det) < 1e-6) return null;
  return [(a.rho * b.ny - b.rho * a.ny) / det, (a.nx * b.rho - b.nx * a.rho) / det];
}

/**
 * Share of the segment p..q of `line` covered by its edge pixels, over the part inside the image
 * (coordinates relative to the centre), leaving out the rounded corners. Returns the covered share
 * and the share of the segment that lies inside the image.
 */
function sideCoverage(line: Line, p: Point, q: Point, halfW: number, halfH: number): { share: number; inside: number } {
  const rMax = (line.prefix.length - 2) / 2;
  const tp = -p[0] * line.ny + p[1] * line.nx;
  const tq = -q[0] * line.ny + q[1] * line.nx;
  const length = Math.abs(tq - tp);
  if (length < 1) return { share: 0, inside: 0 };
  // Clip the segment to the image (Liang-Barsky on the parameter s in [0, 1]).
  let s0 = 0;
  let s1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  for (const [d, low, high, value] of [
    [dx, -halfW, halfW, p[0]],
    [dy, -halfH, halfH, p[1]],
  ] as const) {
    if (Math.abs(d) < 1e-9) {
      if (value < low || value > high) return { share: 0, inside: 0 };
      continue;
    }
    const a = (low - value) / d;
    const b = (high - value) / d;
    s0 = Math.max(s0, Math.min(a, b));
    s1 = Math.min(s1, Math.max(a, b));
  }
  const skip = CARD_FINDER.cornerSkip;
  const inside = Math.max(0, s1 - s0);
  s0 = Math.max(s0, skip);
  s1 = Math.min(s1, 1 - skip);
  if (s1 - s0 <= 0) return { share: 0, inside };
  let t0 = tp + (tq - tp) * s0;
  let t1 = tp + (tq - tp) * s1;
  if (t0 > t1) [t0, t1] = [t1, t0];
  const k0 = Math.max(0, Math.min(line.prefix.length - 1, Math.round(t0 + rMax)));
  const k1 = Math.max(0, Math.min(line.prefix.length - 1, Math.round(t1 + rMax)));
  const span = Math.max(1, k1 - k0);
  return { share: Math.min(1, ((line.prefix[k1] as number) - (line.prefix[k0] as number)) / span), inside };
}

function bestQuad(lines: Line[], width: number, height: number, focal: number): FoundCard | null {
  const halfW = width / 2;
  const halfH = height / 2;
  const margin = CARD_FINDER.outsideMargin * Math.max(width, height);
  const minSide = CARD_FINDER.minSideShare * Math.min(width, height);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i] as Line;
      const b = lines[j] as Line;
      if (angleBetween(a.theta, b.theta) > CARD_FINDER.maxOppositeDegrees * DEG) continue;
      // Far enough apart to be two sides of a card, measured where they pass the image centre.
      if (Math.abs(signedRho(b, a.theta) - a.rho) < minSide * 0.9) continue;
      pairs.push([i, j]);
    }
  }
  const tolerance = Math.log(1 + CARD_FINDER.aspectTolerance);
  type Candidate = { score: number; lines: number[]; area: number; card: FoundCard };
  const candidates: Candidate[] = [];
  let best: Candidate | null = null;
  for (let p = 0; p < pairs.length; p++) {
    const [i, j] = pairs[p] as [number, number];
    const A = lines[i] as Line;
    const C = lines[j] as Line;
    const thetaP = A.theta;
    for (let q = p + 1; q < pairs.length; q++) {
      const [k, l] = pairs[q] as [number, number];
      if (k === i || k === j || l === i || l === j) continue;
      const B = lines[k] as Line;
      const D = lines[l] as Line;
      // The two pairs must cross at a wide angle: a card's sides meet at 90 degrees flat-on.
      if (angleBetween(thetaP, B.theta) < 50 * DEG) continue;
      const ab = intersect(A, B);
      const bc = intersect(B, C);
      const cd = intersect(C, D);
      const da = intersect(D, A);
      if (!ab || !bc || !cd || !da) continue;
      const quad: Quad = [ab, bc, cd, da];
      let outside = false;
      for (const [x, y] of quad) {
        if (x < -halfW - margin || x > halfW + margin || y < -halfH - margin || y > halfH + margin) outside = true;
      }
      if (outside || !isConvex(quad)) continue;
      const sides: Array<[Line, Point, Point]> = [
        [B, ab, bc],
        [C, bc, cd],
        [D, cd, da],
        [A, da, ab],
      ];
      let tooShort = false;
      const lengths = sides.map(([, s, e]) => Math.hypot(e[0] - s[0], e[1] - s[1]));
      for (const length of lengths) if (length < minSide) tooShort = true;
      if (tooShort) continue;
      const { aspect01, tiltDegrees } = rectify(quad, focal, [0, 0]);
      if (!(aspect01 > 0)) continue;
      const aspect = Math.max(aspect01, 1 / aspect01);
      const misfit = Math.min(
        Math.abs(Math.log(aspect / CARD_ASPECTS.id1)),
        Math.abs(Math.log(aspect / CARD_ASPECTS.passport)),
      );
      if (misfit > tolerance) continue;
      const coverage: number[] = [];
      let weak = false;
      let covered = 0;
      for (let s = 0; s < 4; s++) {
        const [line, start, end] = sides[s] as [Line, Point, Point];
        const { share, inside } = sideCoverage(line, start, end, halfW, halfH);
        // A side mostly outside the image cannot vouch for the card.
        if (inside < 0.6 || share < CARD_FINDER.minSideCoverage) weak = true;
        coverage.push(share);
        covered += share * (lengths[s] as number);
      }
      if (weak) continue;
      const mean = coverage.reduce((a, b) => a + b, 0) / 4;
      if (mean < CARD_FINDER.minMeanCoverage) continue;
      const fit = 1 - 0.5 * (misfit / tolerance) ** 2;
      // The covered perimeter favours the whole card over a printed box inside it.
      const score = covered * fit * mean;
      const minCoverage = Math.min(...coverage);
      const confidence = Math.max(
        0,
        Math.min(1, fit * (0.6 * clamp01((mean - 0.4) / 0.5) + 0.4 * clamp01((minCoverage - 0.15) / 0.6))),
      );
      const candidate = {
        score,
        lines: [i, j, k, l],
        area: polygonArea(quad),
        card: {
          corners: quad,
          aspect,
          tiltDegrees,
          angleDegrees: 0,
          coverage: coverage as [number, number, number, number],
          confidence,
        },
      };
      candidates.push(candidate);
      if (!best || score > best.score) best = candidate;
    }
  }
  if (!best) return null;
  // A card's outline is the outermost rectangle of its kind: a header band, a photo box or a
  // printed frame inside it makes a smaller quad with nearly the same aspect and often crisper
  // sides. Prefer a well-supported quad that shares two sides with the best one and encloses it.
  let chosen = best;
  for (const other of candidates) {
    if (other.area <= chosen.area || other.score < 0.6 * best.score) continue;
    if (other.card.confidence < best.card.confidence - 0.25) continue;
    const shared = other.lines.filter((line) => best?.lines.includes(line)).length;
    if (shared < 2 || !encloses(other.card.corners, best.card.corners)) continue;
    chosen = other;
  }
  const card = chosen.card;
  const { aspect01 } = rectify(card.corners, focal, [0, 0]);
  const angleDegrees = longEdgeAngle(card.corners, aspect01);
  // Back to image coordinates, then the clockwise order the contract promises.
  const shifted = card.corners.map(([x, y]) => [x + halfW, y + halfH] as Point);
  return { ...card, corners: orderClockwise(shifted), angleDegrees };
}

/** True when every corner of `inner` lies inside the convex quad `outer` (1 px of slack). */
function encloses(outer: Quad, inner: Quad): boolean {
  const cx = outer.reduce((sum, p) => sum + p[0], 0) / 4;
  const cy = outer.reduce((sum, p) => sum + p[1], 0) / 4;
  return inner.every(([x, y]) => {
    for (let i = 0; i < 4; i++) {
      const [ax, ay] = outer[i] as Point;
      const [bx, by] = outer[(i + 1) % 4] as Point;
      const side = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
      const centre = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
      const length = Math.hypot(bx - ax, by - ay) || 1;
      // Opposite side of the edge from the centre, by more than a pixel: outside.
      if (Math.sign(side) !== Math.sign(centre) && Math.abs(side) / length > 1) return false;
    }
    return true;
  });
}

function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/** Area of the found card in its image's pixels. */
export function cardArea(card: FoundCard): number {
  return polygonArea(card.corners);
}
