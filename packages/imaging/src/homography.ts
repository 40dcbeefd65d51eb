/**
 * Plane projective transforms between the unit square and a quad in pixels: the one piece of
 * perspective arithmetic the PDF417 reader, the card geometry and the test scene renderers share.
 */

/** A point in image pixels. */
export type Point = readonly [x: number, y: number];

/** Four corners: the images of the unit square's (0,0), (1,0), (1,1) and (0,1). */
export type Quad = readonly [Point, Point, Point, Point];

/** The nine entries of a 3x3 matrix, row-major. */
export type Matrix3 = [number, number, number, number, number, number, number, number, number];

/** A 3x3 projective transform, row-major, `h[8]` normalised to 1. */
export type Homography = Float64Array;

/**
 * The projective transform that maps the unit square's corners (0,0) (1,0) (1,1) (0,1) onto `quad`.
 * Closed form (Heckbert's square-to-quad), so no linear solver is needed per frame. Returns null for
 * a degenerate quad (three corners on a line).
 */
export function squareToQuad(quad: Quad): Homography | null {
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad;
  const dx3 = x0 - x1 + x2 - x3;
  const dy3 = y0 - y1 + y2 - y3;
  const h = new Float64Array(9);
  if (Math.abs(dx3) < 1e-9 && Math.abs(dy3) < 1e-9) {
    // A parallelogram: affine, degenerate when its sides are parallel (or of no length).
    if (Math.abs((x1 - x0) * (y2 - y1) - (x2 - x1) * (y1 - y0)) < 1e-9) return null;
    h.set([x1 - x0, x2 - x1, x0, y1 - y0, y2 - y1, y0, 0, 0, 1]);
    return h;
  }
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1;
  if (Math.abs(den) < 1e-9) return null;
  const g = (dx3 * dy2 - dx2 * dy3) / den;
  const k = (dx1 * dy3 - dx3 * dy1) / den;
  h.set([x1 - x0 + g * x1, x3 - x0 + k * x3, x0, y1 - y0 + g * y1, y3 - y0 + k * y3, y0, g, k, 1]);
  return h;
}

/** Where the point (u, v) lands under `h`. */
export function project(h: ArrayLike<number>, u: number, v: number): [number, number] {
  const w = (h[6] as number) * u + (h[7] as number) * v + (h[8] as number);
  return [
    ((h[0] as number) * u + (h[1] as number) * v + (h[2] as number)) / w,
    ((h[3] as number) * u + (h[4] as number) * v + (h[5] as number)) / w,
  ];
}

/** The inverse transform (image to unit square), by the adjugate; null when singular. */
export function invertHomography(h: ArrayLike<number>): Homography | null {
  const [a, b, c, d, e, f, g, k, i] = Array.from(h) as Matrix3;
  const A = e * i - f * k;
  const B = -(d * i - f * g);
  const C = d * k - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) return null;
  return Float64Array.from(
    [A, -(b * i - c * k), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * k - b * g), a * e - b * d],
    (value) => value / det,
  );
}
