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
import { detectEdges } from './card-edges.js';
import {
  ASSUMED_FOCAL_SHARE,
  longEdgeAngle,
  orderClockwise,
  type Point,
  polygonArea,
  type Quad,
  rectify,
} from './card-geometry.js';
import { houghLines, type Line } from './card-lines.js';
import { ENCLOSING_MIN_SCORE, scoredQuads } from './card-quads.js';

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
  const image = { gray, width, height, chroma: options.chroma };
  return bestQuad(lines, image, options.focal ?? ASSUMED_FOCAL_SHARE * Math.max(width, height));
}

function bestQuad(
  lines: Line[],
  image: { gray: Uint8Array; width: number; height: number; chroma?: Uint8Array | undefined },
  focal: number,
): FoundCard | null {
  const { width, height } = image;
  const halfW = width / 2;
  const halfH = height / 2;
  const { candidates, best } = scoredQuads(lines, width, height, focal);
  if (!best) return null;
  // A card's outline is the outermost rectangle of its kind: a header band, a photo box or a
  // printed frame inside it makes a smaller quad with nearly the same aspect and often crisper
  // sides. Prefer a well-supported quad that shares two sides with the best one and encloses it,
  // unless what it adds looks like the table (a line in the wood or a shadow beyond the card).
  const inImage = (quad: Quad) => quad.map(([x, y]) => [x + halfW, y + halfH] as Point) as Quad;
  let chosen = best;
  for (const other of candidates) {
    if (other.area <= chosen.area || other.score < ENCLOSING_MIN_SCORE * best.score) continue;
    if (other.confidence < best.confidence - 0.25) continue;
    const shared = other.lines.filter((line) => best.lines.includes(line)).length;
    if (shared < 2 || !encloses(other.corners, best.corners)) continue;
    if (bandLooksLikeTable(image, inImage(other.corners), inImage(chosen.corners))) continue;
    chosen = other;
  }
  const { aspect01, tiltDegrees } = rectify(chosen.corners, focal, [0, 0]);
  const angleDegrees = longEdgeAngle(chosen.corners, aspect01);
  // Back to image coordinates, then the clockwise order the contract promises.
  return {
    corners: orderClockwise(inImage(chosen.corners)),
    aspect: chosen.aspect,
    tiltDegrees,
    angleDegrees,
    coverage: chosen.coverage,
    confidence: chosen.confidence,
  };
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

/** Area of the found card in its image's pixels. */
export function cardArea(card: FoundCard): number {
  return polygonArea(card.corners);
}
