/**
 * The card finder's third stage: every convex quad made of two near-parallel pairs of lines whose
 * true aspect, once perspective is undone, is that of an ID-1 card or a passport page, scored by
 * how much of each side is really an edge. A frame's 36 lines make up to a few hundred thousand
 * pairs of pairs, so what only depends on two lines (where they cross, whether that corner lies in
 * view, whether they cross at a wide angle) is worked out once per frame into tables, and the
 * tests run cheapest first: most quads are turned away after a few table lookups, before a
 * square root is taken.
 */

import { CARD_FINDER } from './card-finder-settings.js';
import { CARD_ASPECTS, polygonArea, type Quad, rectifiedAspect } from './card-geometry.js';
import { angleBetween, DEG, type Line, signedRho } from './card-lines.js';

/** A quad that passed every test, in coordinates relative to the image centre. */
export interface QuadCandidate {
  score: number;
  /** Indices of its lines: one pair (i, j), then the other (k, l). */
  lines: [number, number, number, number];
  area: number;
  corners: Quad;
  /** True long / short side ratio after undoing perspective. */
  aspect: number;
  /** Share of each side that is an edge, sides in the order k, j, l, i. */
  coverage: [number, number, number, number];
  confidence: number;
}

/**
 * A candidate whose score is below this share of the best one's is never chosen, not even as the
 * outline enclosing the best quad (the finder's `ENCLOSING_MIN_SCORE`): a quad whose whole
 * perimeter is already below it need not be scored.
 */
export const ENCLOSING_MIN_SCORE = 0.6;

/**
 * Math.hypot gives the side lengths the score is made of, but it is slow; the square root of the
 * sum of squares lies within a few units in the last place of it, far inside this share, so it
 * settles every length test it is not this close to the limit of.
 */
const ROOT_SLACK = 1e-9;

/** Whether a side (dx, dy) whose plain length is `root` is shorter than `limit`, by Math.hypot's measure. */
function shorter(root: number, dx: number, dy: number, limit: number): boolean {
  if (root < limit * (1 - ROOT_SLACK)) return true;
  if (root > limit * (1 + ROOT_SLACK)) return false;
  return Math.hypot(dx, dy) < limit;
}

/** Tables kept between frames (the worker measures one frame at a time); grown when more lines come. */
let tables = newTables(36);

function newTables(lines: number) {
  const cells = lines * lines;
  return {
    lines,
    /** Where lines a and b cross, at a * n + b and b * n + a. */
    cornerX: new Float64Array(cells),
    cornerY: new Float64Array(cells),
    /** 1 when they cross at a single point within the image's margin. */
    cornerInView: new Uint8Array(cells),
    /** 1 when they cross at 50 degrees or more: a card's sides meet at 90 degrees flat-on. */
    wide: new Uint8Array(cells),
    /** Pairs of near-parallel lines far enough apart to be opposite sides: (pairFirst[p], pairSecond[p]). */
    pairFirst: new Int32Array(cells),
    pairSecond: new Int32Array(cells),
  };
}

/**
 * Every quad that passes the tests, in the order the pairs of pairs are visited (the finder's
 * choice among nested quads depends on it), and the best-scored one (the first of equal scores).
 * Candidates that can never be chosen (see `ENCLOSING_MIN_SCORE`) are left out.
 */
export function scoredQuads(
  lines: Line[],
  width: number,
  height: number,
  focal: number,
): { candidates: QuadCandidate[]; best: QuadCandidate | null } {
  const n = lines.length;
  const pairs = tabulate(lines, width, height);
  const { cornerX, cornerY, cornerInView, wide, pairFirst, pairSecond } = tables;
  const halfW = width / 2;
  const halfH = height / 2;
  const minSide = CARD_FINDER.minSideShare * Math.min(width, height);
  const tolerance = Math.log(1 + CARD_FINDER.aspectTolerance);
  /** Whether the pairs (i, j) and (k, l) cross at a wide angle at four corners in view: most do not. */
  const crossInView = (i: number, j: number, k: number, l: number): boolean =>
    wide[i * n + k] === 1 &&
    cornerInView[i * n + k] === 1 &&
    cornerInView[k * n + j] === 1 &&
    cornerInView[j * n + l] === 1 &&
    cornerInView[l * n + i] === 1;
  /**
   * The quad of lines A = i, C = j (one pair) and B = k, D = l (the other) whose pairs cross in
   * view, or null; null too when it scores below `ENCLOSING_MIN_SCORE` x `floor`.
   */
  const quadOf = (i: number, j: number, k: number, l: number, floor: number): QuadCandidate | null => {
    // Corners ab, bc, cd, da.
    const ab = i * n + k;
    const bc = k * n + j;
    const cd = j * n + l;
    const da = l * n + i;
    const x0 = cornerX[ab] as number;
    const y0 = cornerY[ab] as number;
    const x1 = cornerX[bc] as number;
    const y1 = cornerY[bc] as number;
    const x2 = cornerX[cd] as number;
    const y2 = cornerY[cd] as number;
    const x3 = cornerX[da] as number;
    const y3 = cornerY[da] as number;
    if (!convex(x0, y0, x1, y1, x2, y2, x3, y3)) return null;
    const root0 = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
    const root1 = Math.sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));
    const root2 = Math.sqrt((x3 - x2) * (x3 - x2) + (y3 - y2) * (y3 - y2));
    const root3 = Math.sqrt((x0 - x3) * (x0 - x3) + (y0 - y3) * (y0 - y3));
    if (
      shorter(root0, x1 - x0, y1 - y0, minSide) ||
      shorter(root1, x2 - x1, y2 - y1, minSide) ||
      shorter(root2, x3 - x2, y3 - y2, minSide) ||
      shorter(root3, x0 - x3, y0 - y3, minSide)
    )
      return null;
    // The score is at most the perimeter (coverage, fit and mean are each at most 1): below the
    // share of the best that could still be chosen, it never is.
    if ((root0 + root1 + root2 + root3) * (1 + ROOT_SLACK) < ENCLOSING_MIN_SCORE * floor) return null;
    const aspect01 = rectifiedAspect(x0, y0, x1, y1, x2, y2, x3, y3, focal);
    if (!(aspect01 > 0)) return null;
    const aspect = Math.max(aspect01, 1 / aspect01);
    const misfit = Math.min(
      Math.abs(Math.log(aspect / CARD_ASPECTS.id1)),
      Math.abs(Math.log(aspect / CARD_ASPECTS.passport)),
    );
    if (misfit > tolerance) return null;
    const c0 = sideShare(lines[k] as Line, x0, y0, x1, y1, halfW, halfH);
    if (!(c0 >= CARD_FINDER.minSideCoverage)) return null;
    const c1 = sideShare(lines[j] as Line, x1, y1, x2, y2, halfW, halfH);
    if (!(c1 >= CARD_FINDER.minSideCoverage)) return null;
    const c2 = sideShare(lines[l] as Line, x2, y2, x3, y3, halfW, halfH);
    if (!(c2 >= CARD_FINDER.minSideCoverage)) return null;
    const c3 = sideShare(lines[i] as Line, x3, y3, x0, y0, halfW, halfH);
    if (!(c3 >= CARD_FINDER.minSideCoverage)) return null;
    const mean = (c0 + c1 + c2 + c3) / 4;
    if (mean < CARD_FINDER.minMeanCoverage) return null;
    const covered =
      c0 * Math.hypot(x1 - x0, y1 - y0) +
      c1 * Math.hypot(x2 - x1, y2 - y1) +
      c2 * Math.hypot(x3 - x2, y3 - y2) +
      c3 * Math.hypot(x0 - x3, y0 - y3);
    const fit = 1 - 0.5 * (misfit / tolerance) ** 2;
    // The covered perimeter favours the whole card over a printed box inside it.
    const score = covered * fit * mean;
    if (score < ENCLOSING_MIN_SCORE * floor) return null;
    const minCoverage = Math.min(c0, c1, c2, c3);
    const confidence = Math.max(
      0,
      Math.min(1, fit * (0.6 * clamp01((mean - 0.4) / 0.5) + 0.4 * clamp01((minCoverage - 0.15) / 0.6))),
    );
    const corners: Quad = [
      [x0, y0],
      [x1, y1],
      [x2, y2],
      [x3, y3],
    ];
    return {
      score,
      lines: [i, j, k, l],
      area: polygonArea(corners),
      corners,
      aspect,
      coverage: [c0, c1, c2, c3],
      confidence,
    };
  };
  /** The best score so far: a quad below `ENCLOSING_MIN_SCORE` x it can never be chosen. */
  let floor = 0;
  const candidates: QuadCandidate[] = [];
  let best: QuadCandidate | null = null;
  for (let p = 0; p < pairs; p++) {
    const i = pairFirst[p] as number;
    const j = pairSecond[p] as number;
    for (let q = p + 1; q < pairs; q++) {
      const k = pairFirst[q] as number;
      const l = pairSecond[q] as number;
      if (k === i || k === j || l === i || l === j || !crossInView(i, j, k, l)) continue;
      const candidate = quadOf(i, j, k, l, floor);
      if (!candidate) continue;
      candidates.push(candidate);
      if (!best || candidate.score > best.score) {
        best = candidate;
        floor = candidate.score;
      }
    }
  }
  return { candidates, best };
}

/**
 * Fills the tables for this frame's lines: where each two cross, whether in view and at a wide
 * angle, and which are pairs of opposite sides. Returns the number of pairs.
 */
function tabulate(lines: Line[], width: number, height: number): number {
  const n = lines.length;
  if (tables.lines < n) tables = newTables(n);
  const { cornerX, cornerY, cornerInView, wide, pairFirst, pairSecond } = tables;
  const halfW = width / 2;
  const halfH = height / 2;
  const margin = CARD_FINDER.outsideMargin * Math.max(width, height);
  const minSide = CARD_FINDER.minSideShare * Math.min(width, height);
  let pairs = 0;
  for (let a = 0; a < n; a++) {
    const A = lines[a] as Line;
    for (let b = a + 1; b < n; b++) {
      const B = lines[b] as Line;
      const ab = a * n + b;
      const ba = b * n + a;
      wide[ab] = wide[ba] = angleBetween(A.theta, B.theta) < 50 * DEG ? 0 : 1;
      // Where they cross (the same bits whichever line comes first).
      const det = A.nx * B.ny - A.ny * B.nx;
      let inView = 0;
      if (Math.abs(det) >= 1e-6) {
        const x = (A.rho * B.ny - B.rho * A.ny) / det;
        const y = (A.nx * B.rho - B.nx * A.rho) / det;
        cornerX[ab] = cornerX[ba] = x;
        cornerY[ab] = cornerY[ba] = y;
        inView = x < -halfW - margin || x > halfW + margin || y < -halfH - margin || y > halfH + margin ? 0 : 1;
      }
      cornerInView[ab] = cornerInView[ba] = inView;
      if (angleBetween(A.theta, B.theta) > CARD_FINDER.maxOppositeDegrees * DEG) continue;
      // Far enough apart to be two sides of a card, measured where they pass the image centre.
      if (Math.abs(signedRho(B, A.theta) - A.rho) < minSide * 0.9) continue;
      pairFirst[pairs] = a;
      pairSecond[pairs] = b;
      pairs++;
    }
  }
  return pairs;
}

/** True when the quad is strictly convex (all turns the same way): `isConvex` on eight numbers. */
function convex(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, x3: number, y3: number) {
  const t0 = (x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1);
  const t1 = (x2 - x1) * (y3 - y2) - (y2 - y1) * (x3 - x2);
  const t2 = (x3 - x2) * (y0 - y3) - (y3 - y2) * (x0 - x3);
  const t3 = (x0 - x3) * (y1 - y0) - (y0 - y3) * (x1 - x0);
  return (t0 > 0 && t1 > 0 && t2 > 0 && t3 > 0) || (t0 < 0 && t1 < 0 && t2 < 0 && t3 < 0);
}

/**
 * Share of the segment p..q of `line` covered by its edge pixels, over the part inside the image
 * (coordinates relative to the centre), leaving out the rounded corners; -1 when less than 60% of
 * the segment lies inside the image (a side mostly out of view cannot vouch for the card).
 */
function sideShare(line: Line, px: number, py: number, qx: number, qy: number, halfW: number, halfH: number): number {
  const prefix = line.prefix;
  const rMax = (prefix.length - 2) / 2;
  const tp = -px * line.ny + py * line.nx;
  const tq = -qx * line.ny + qy * line.nx;
  if (Math.abs(tq - tp) < 1) return -1;
  // Clip the segment to the image (Liang-Barsky on the parameter s in [0, 1]).
  clipFrom = 0;
  clipTo = 1;
  if (!clipAxis(px, qx - px, halfW) || !clipAxis(py, qy - py, halfH)) return -1;
  let s0 = clipFrom;
  let s1 = clipTo;
  if (Math.max(0, s1 - s0) < 0.6) return -1;
  const skip = CARD_FINDER.cornerSkip;
  s0 = Math.max(s0, skip);
  s1 = Math.min(s1, 1 - skip);
  if (s1 - s0 <= 0) return 0;
  let t0 = tp + (tq - tp) * s0;
  let t1 = tp + (tq - tp) * s1;
  if (t0 > t1) [t0, t1] = [t1, t0];
  const last = prefix.length - 1;
  const k0 = Math.max(0, Math.min(last, Math.round(t0 + rMax)));
  const k1 = Math.max(0, Math.min(last, Math.round(t1 + rMax)));
  const span = Math.max(1, k1 - k0);
  return Math.min(1, ((prefix[k1] as number) - (prefix[k0] as number)) / span);
}

/** The part of a segment inside the image, as its parameter range (set by `clipAxis`). */
let clipFrom = 0;
let clipTo = 1;

/**
 * Narrows [clipFrom, clipTo] to where `start + s * delta` lies within +-`half` on one axis; false
 * when a segment along the axis's border lies wholly outside.
 */
function clipAxis(start: number, delta: number, half: number): boolean {
  if (Math.abs(delta) < 1e-9) return !(start < -half || start > half);
  const a = (-half - start) / delta;
  const b = (half - start) / delta;
  clipFrom = Math.max(clipFrom, Math.min(a, b));
  clipTo = Math.min(clipTo, Math.max(a, b));
  return true;
}

function clamp01(value: number): number {
  return Math.max(0, Math.min(1, value));
}
