/**
 * The card finder's second stage, on the edges of a downscaled frame: straight lines (a Hough
 * transform in which each edge pixel votes only near its own gradient direction, refined by a
 * least-squares fit).
 */

import type { Edges } from './card-edges.js';
import { CARD_FINDER } from './card-finder-settings.js';
import { roundPlus } from './round-plus.js';

export interface Line {
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

export const DEG = Math.PI / 180;

const THETA_BINS = 180;
const COS = Float64Array.from({ length: THETA_BINS }, (_, t) => Math.cos((t * Math.PI) / THETA_BINS));
const SIN = Float64Array.from({ length: THETA_BINS }, (_, t) => Math.sin((t * Math.PI) / THETA_BINS));

/** cos and sin of bin k mod 180, for k in [0, 3 x 180): a vote's bin needs no modulo. */
const WRAPPED_BINS = 3 * THETA_BINS;
const WRAPPED_COS = Float64Array.from({ length: WRAPPED_BINS }, (_, k) => COS[k % THETA_BINS] as number);
const WRAPPED_SIN = Float64Array.from({ length: WRAPPED_BINS }, (_, k) => SIN[k % THETA_BINS] as number);

/** Buffers kept between frames (the worker measures one frame at a time, at one size). */
let accumulatorBuffer = new Uint16Array(0);
/** Where bin k mod 180 starts in the accumulator. */
const wrappedRow = new Int32Array(WRAPPED_BINS);
let wrappedRowFor = -1;
let binOfBuffer = new Int32Array(0);
let byThetaBuffer = new Int32Array(0);
/** Edge pixels by direction: those of bin t are byTheta[binStart[t] .. binStart[t + 1]). */
const binStart = new Int32Array(THETA_BINS + 1);

/**
 * Hough vote, peak picking, then a least-squares refit and coverage profile per line. The lines'
 * prefix sums are views of a buffer the next call overwrites.
 */
export function houghLines(edges: Edges, width: number, height: number): Line[] {
  prefixUsed = 0;
  const rMax = Math.ceil(Math.hypot(width, height) / 2) + 2;
  const nRho = 2 * rMax + 1;
  if (accumulatorBuffer.length !== THETA_BINS * nRho) accumulatorBuffer = new Uint16Array(THETA_BINS * nRho);
  if (wrappedRowFor !== nRho) {
    for (let k = 0; k < WRAPPED_BINS; k++) wrappedRow[k] = (k % THETA_BINS) * nRho;
    wrappedRowFor = nRho;
  }
  if (binOfBuffer.length < edges.count) {
    binOfBuffer = new Int32Array(edges.count);
    byThetaBuffer = new Int32Array(edges.count);
  }
  const binOf = binOfBuffer;
  const accumulator = accumulatorBuffer;
  accumulator.fill(0);
  const spread = CARD_FINDER.voteSpread;
  for (let p = 0; p < edges.count; p++) {
    const x = edges.x[p] as number;
    const y = edges.y[p] as number;
    const centre = Math.round(((edges.theta[p] as number) * THETA_BINS) / Math.PI);
    binOf[p] = centre % THETA_BINS;
    for (let k = centre + THETA_BINS - spread, last = centre + THETA_BINS + spread; k <= last; k++) {
      const index =
        (wrappedRow[k] as number) + roundPlus(x * (WRAPPED_COS[k] as number) + y * (WRAPPED_SIN[k] as number), rMax);
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
  // Edge pixels by direction (in edge order within a bin), so a refit only looks at the pixels
  // that could belong to it.
  binStart.fill(0);
  for (let p = 0; p < edges.count; p++)
    binStart[(binOf[p] as number) + 1] = (binStart[(binOf[p] as number) + 1] as number) + 1;
  for (let t = 0; t < THETA_BINS; t++) binStart[t + 1] = (binStart[t + 1] as number) + (binStart[t] as number);
  const byTheta = byThetaBuffer;
  for (let p = 0; p < edges.count; p++) {
    const t = binOf[p] as number;
    byTheta[binStart[t] as number] = p;
    binStart[t] = (binStart[t] as number) + 1;
  }
  // Each bin's start moved to its end: shift back.
  for (let t = THETA_BINS; t > 0; t--) binStart[t] = binStart[t - 1] as number;
  binStart[0] = 0;
  const refined: Line[] = [];
  for (const peak of peaks) {
    if (refined.length >= CARD_FINDER.maxPeaks) break;
    const line = refine(edges, byTheta, (peak.t * Math.PI) / THETA_BINS, peak.r - rMax, rMax, width / 2);
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
  return keptLines(refined);
}

/**
 * The longest-run lines, `maxLines` of them, no more than `maxOneDirection` of them within
 * `directionWindow` degrees of each other while lines of other directions wait: ruled paper,
 * planks or blinds beside the card are dozens of long parallel lines, and ranked by run alone they
 * took every place and left out a card side crossing them, which a thumb had shortened. The lines
 * held back fill any places left.
 */
function keptLines(ranked: Line[]): Line[] {
  const kept: Line[] = [];
  const waiting: Line[] = [];
  const near = CARD_FINDER.directionWindow * DEG;
  for (const line of ranked) {
    if (kept.length >= CARD_FINDER.maxLines) break;
    const alike = kept.filter((other) => angleBetween(other.theta, line.theta) < near).length;
    if (alike >= CARD_FINDER.maxOneDirection) waiting.push(line);
    else kept.push(line);
  }
  for (const line of waiting) {
    if (kept.length >= CARD_FINDER.maxLines) break;
    kept.push(line);
  }
  // Back in the order of their runs: the quad search visits them in this order.
  return kept.sort((a, b) => b.run - a.run);
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
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}

/** `line`'s rho expressed for a normal at angle `theta` (flipped when the normals point apart). */
export function signedRho(line: Line, theta: number): number {
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

/** The first of byTheta[from .. to) whose pixel's row is at or past `y` (rows ascend within a bin); `to` if none. */
function firstRowFrom(ys: Float32Array, byTheta: Int32Array, from: number, to: number, y: number): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((ys[byTheta[middle] as number] as number) < y) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Scratch buffers reused across frames (the worker measures one frame at a time). */
let memberBuffer = new Int32Array(0);
let coveredBuffer = new Uint8Array(0);
/** The lines' prefix sums, one stretch each, handed out afresh from the start every frame. */
let prefixPool = new Uint32Array(0);
let prefixUsed = 0;

/** A zeroed-at-0 stretch of `length` of the prefix pool (a new pool when this one is full). */
function takePrefix(length: number): Uint32Array {
  if (prefixUsed + length > prefixPool.length) {
    // Lines already made keep their stretches of the old pool.
    prefixPool = new Uint32Array(Math.max(2 * prefixPool.length, 64 * length));
    prefixUsed = 0;
  }
  const prefix = prefixPool.subarray(prefixUsed, prefixUsed + length);
  prefixUsed += length;
  prefix[0] = 0;
  return prefix;
}

/** Fits the edge pixels near a Hough line (2.5 px), refits on those within `fitDistance`, then profiles its coverage. */
function refine(
  edges: Edges,
  byTheta: Int32Array,
  theta0: number,
  rho0: number,
  rMax: number,
  halfWidth: number,
): Line | null {
  if (memberBuffer.length < edges.count) memberBuffer = new Int32Array(edges.count);
  const members = memberBuffer;
  const nx0 = Math.cos(theta0);
  const ny0 = Math.sin(theta0);
  const maxAngle = CARD_FINDER.fitDegrees * DEG;
  const centre = Math.round((theta0 * THETA_BINS) / Math.PI);
  const reach = Math.ceil(CARD_FINDER.fitDegrees) + 1;
  // A line nearer horizontal than vertical crosses few rows within 2.5 px (its rows, over a pixel
  // of slack, from where it enters the image to where it leaves): each bin holds its pixels row by
  // row, so only that stretch of it is searched.
  const steep = ny0 > 0.5;
  const across = Math.abs(nx0) * halfWidth + 2.5;
  const fromY = (rho0 - across) / ny0 - 1;
  const toY = (rho0 + across) / ny0 + 1;
  let count = 0;
  for (let d = -reach; d <= reach; d++) {
    const t = (((centre + d) % THETA_BINS) + THETA_BINS) % THETA_BINS;
    let b = binStart[t] as number;
    let end = binStart[t + 1] as number;
    if (steep) {
      b = firstRowFrom(edges.y, byTheta, b, end, fromY);
      end = firstRowFrom(edges.y, byTheta, b, end, toY);
    }
    for (; b < end; b++) {
      const p = byTheta[b] as number;
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
  if (coveredBuffer.length < size) coveredBuffer = new Uint8Array(size);
  const covered = coveredBuffer;
  covered.fill(0, 0, size);
  for (let m = 0; m < kept; m++) {
    const p = members[m] as number;
    // Position along the line (its direction is the normal turned by 90 degrees).
    const t = roundPlus(-(edges.x[p] as number) * ny + (edges.y[p] as number) * nx, rMax);
    // One pixel either side: the suppressed edge steps diagonally between rows.
    for (let k = t - 1; k <= t + 1; k++) if (k >= 0 && k < size) covered[k] = 1;
  }
  const prefix = takePrefix(size + 1);
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
