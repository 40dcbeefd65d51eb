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

import { bandLooksLikeTable } from './card-band.js';
import { CARD_FINDER } from './card-finder-settings.js';
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
import { angleBetween, DEG, detectEdges, houghLines, type Line, signedRho } from './card-lines.js';

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
  return bestQuad(lines, { gray, width, height }, options.focal ?? ASSUMED_FOCAL_SHARE * Math.max(width, height));
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

function bestQuad(
  lines: Line[],
  image: { gray: Uint8Array; width: number; height: number },
  focal: number,
): FoundCard | null {
  const { width, height } = image;
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
  // sides. Prefer a well-supported quad that shares two sides with the best one and encloses it,
  // unless what it adds looks like the table (a line in the wood or a shadow beyond the card).
  const inImage = (quad: Quad) => quad.map(([x, y]) => [x + halfW, y + halfH] as Point) as Quad;
  let chosen = best;
  for (const other of candidates) {
    if (other.area <= chosen.area || other.score < 0.6 * best.score) continue;
    if (other.card.confidence < best.card.confidence - 0.25) continue;
    const shared = other.lines.filter((line) => best?.lines.includes(line)).length;
    if (shared < 2 || !encloses(other.card.corners, best.card.corners)) continue;
    if (bandLooksLikeTable(image, inImage(other.card.corners), inImage(chosen.card.corners))) continue;
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
