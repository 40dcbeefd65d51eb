/**
 * Plane geometry of a card seen by a pinhole camera: from its four image corners to its true aspect,
 * its tilt away from the camera and its in-plane angle. Pure arithmetic, no DOM.
 */

import { squareToQuad } from '../homography.js';

export type Point = [number, number];
export type Quad = [Point, Point, Point, Point];

/** Width / height of the documents the finder accepts. */
export const CARD_ASPECTS = {
  /** ID-1 cards (licences, ID cards, passport cards): 85.6 x 54 mm. */
  id1: 85.6 / 54,
  /** Passport data page (ID-3): 125 x 88 mm. */
  passport: 125 / 88,
} as const;

/**
 * Focal length assumed when turning a quad into a plane, as a share of the frame's long side.
 * Phone main cameras are about 26 mm full-frame equivalent and laptop webcams have a 60-75 degree
 * horizontal view: both are 0.7-0.9 of the long side. The aspect and tilt depend on it only at
 * second order (see `rectify`), so one typical value serves.
 */
export const ASSUMED_FOCAL_SHARE = 0.8;

/**
 * The plane behind a quad: with the camera's focal length `focal` and the principal point at
 * `centre`, the homography H = K [s1 r1, s2 r2, t] gives the two side directions r1, r2 up to their
 * lengths s1, s2; their ratio is the true aspect of side 0-1 against side 1-2, and their cross
 * product the plane's normal. A wrong focal length bends the answer only through the perspective
 * terms (g, h), which are small for a card held within ~30 degrees of flat-on.
 */
export function rectify(quad: Quad, focal: number, centre: Point): { aspect01: number; tiltDegrees: number } {
  const local = quad.map(([x, y]) => [x - centre[0], y - centre[1]] as Point) as Quad;
  const transform = squareToQuad(local);
  // Three corners on a line: no plane (the finder's convexity check keeps such quads out).
  if (!transform) return { aspect01: 0, tiltDegrees: 0 };
  const [a, b, , d, e, , g, h] = transform as unknown as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const c1: [number, number, number] = [a / focal, d / focal, g];
  const c2: [number, number, number] = [b / focal, e / focal, h];
  const n1 = Math.hypot(...c1);
  const n2 = Math.hypot(...c2);
  const normal: [number, number, number] = [
    c1[1] * c2[2] - c1[2] * c2[1],
    c1[2] * c2[0] - c1[0] * c2[2],
    c1[0] * c2[1] - c1[1] * c2[0],
  ];
  const nn = Math.hypot(...normal) || 1;
  const tilt = (Math.acos(Math.min(1, Math.abs(normal[2]) / nn)) * 180) / Math.PI;
  return { aspect01: n2 === 0 ? 0 : n1 / n2, tiltDegrees: tilt };
}

/**
 * `rectify(quad, focal, [0, 0]).aspect01` of the quad (x0, y0) .. (x3, y3), the same arithmetic
 * step for step (so the same bits) without building the quad or the homography: the card finder
 * asks it of thousands of quads a frame. 0 for a degenerate quad.
 */
export function rectifiedAspect(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
  focal: number,
): number {
  // squareToQuad's closed form: the entries a, b, d, e, g, h of the homography.
  const dx3 = x0 - x1 + x2 - x3;
  const dy3 = y0 - y1 + y2 - y3;
  let a: number;
  let b: number;
  let d: number;
  let e: number;
  let g = 0;
  let h = 0;
  if (Math.abs(dx3) < 1e-9 && Math.abs(dy3) < 1e-9) {
    if (Math.abs((x1 - x0) * (y2 - y1) - (x2 - x1) * (y1 - y0)) < 1e-9) return 0;
    a = x1 - x0;
    b = x2 - x1;
    d = y1 - y0;
    e = y2 - y1;
  } else {
    const dx1 = x1 - x2;
    const dx2 = x3 - x2;
    const dy1 = y1 - y2;
    const dy2 = y3 - y2;
    const den = dx1 * dy2 - dx2 * dy1;
    if (Math.abs(den) < 1e-9) return 0;
    g = (dx3 * dy2 - dx2 * dy3) / den;
    h = (dx1 * dy3 - dx3 * dy1) / den;
    a = x1 - x0 + g * x1;
    b = x3 - x0 + h * x3;
    d = y1 - y0 + g * y1;
    e = y3 - y0 + h * y3;
  }
  const n2 = Math.hypot(b / focal, e / focal, h);
  return n2 === 0 ? 0 : Math.hypot(a / focal, d / focal, g) / n2;
}

/** Area of a simple polygon (shoelace), always positive. */
export function polygonArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i] as Point;
    const [x1, y1] = points[(i + 1) % points.length] as Point;
    sum += x0 * y1 - x1 * y0;
  }
  return Math.abs(sum) / 2;
}

/**
 * Orders four corners clockwise as seen in an image (y down), starting with the top-left one (the
 * smallest x + y), so a card and its ground truth can be compared corner by corner.
 */
export function orderClockwise(points: readonly Point[]): Quad {
  const cx = points.reduce((s, p) => s + p[0], 0) / points.length;
  const cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  const sorted = [...points].sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
  let start = 0;
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i] as Point;
    const s = sorted[start] as Point;
    if (p[0] + p[1] < s[0] + s[1]) start = i;
  }
  return [0, 1, 2, 3].map((k) => sorted[(start + k) % 4] as Point) as Quad;
}

/** True when the quad is strictly convex (all turns the same way). */
export function isConvex(q: Quad): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i] as Point;
    const [bx, by] = q[(i + 1) % 4] as Point;
    const [cx, cy] = q[(i + 2) % 4] as Point;
    const cross = (bx - ax) * (cy - by) - (by - ay) * (cx - bx);
    if (cross === 0) return false;
    const s = Math.sign(cross);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/**
 * In-plane angle of the card's long edge, degrees in (-90, 90]: 0 = long edge horizontal, ~90 =
 * held in portrait. The long pair of sides is the one the rectified aspect says is long.
 */
export function longEdgeAngle(q: Quad, aspect01: number): number {
  // Side 0-1 and 3-2 run along the first axis; 1-2 and 0-3 along the second.
  const [p0, p1, p2, p3] = q;
  const along01: Point = [p1[0] - p0[0] + (p2[0] - p3[0]), p1[1] - p0[1] + (p2[1] - p3[1])];
  const along12: Point = [p2[0] - p1[0] + (p3[0] - p0[0]), p2[1] - p1[1] + (p3[1] - p0[1])];
  const [dx, dy] = aspect01 >= 1 ? along01 : along12;
  let angle = (Math.atan2(dy, dx) * 180) / Math.PI;
  while (angle <= -90) angle += 180;
  while (angle > 90) angle -= 180;
  return angle;
}

/**
 * Largest distance between matching corners of two quads, over the best cyclic shift (both
 * clockwise), as a share of `b`'s diagonal: the corner error used by tests and the benchmark.
 */
export function cornerError(a: Quad, b: Quad): number {
  const diagonal = Math.max(
    Math.hypot(b[2][0] - b[0][0], b[2][1] - b[0][1]),
    Math.hypot(b[3][0] - b[1][0], b[3][1] - b[1][1]),
  );
  let best = Number.POSITIVE_INFINITY;
  // Either winding: a ground truth may list its corners the other way round.
  for (const order of [a, [a[0], a[3], a[2], a[1]] as Quad]) {
    for (let shift = 0; shift < 4; shift++) {
      let worst = 0;
      for (let i = 0; i < 4; i++) {
        const p = order[(i + shift) % 4] as Point;
        const q = b[i] as Point;
        worst = Math.max(worst, Math.hypot(p[0] - q[0], p[1] - q[1]));
      }
      best = Math.min(best, worst);
    }
  }
  return best / diagonal;
}
