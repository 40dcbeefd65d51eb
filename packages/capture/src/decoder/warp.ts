import { bilinear } from './image.js';
import type { GrayImage } from './types.js';

/** A point in image pixels. */
export type Point = readonly [x: number, y: number];

/** Four corners, in the order top-left, top-right, bottom-right, bottom-left of the target grid. */
export type Quad = readonly [Point, Point, Point, Point];

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

/** Where the unit-square point (u, v) lands under `h`. */
export function project(h: Homography, u: number, v: number): [number, number] {
  const w = (h[6] as number) * u + (h[7] as number) * v + 1;
  return [
    ((h[0] as number) * u + (h[1] as number) * v + (h[2] as number)) / w,
    ((h[3] as number) * u + (h[4] as number) * v + (h[5] as number)) / w,
  ];
}

/**
 * Samples `quad` of the source into an upright `width` x `height` image (bilinear), with `margin`
 * output pixels of white around it: the perspective warp that turns a symbol seen at an angle back
 * into its grid, so that every image row runs along one row of the symbol. Outside the source is
 * white, like a quiet zone.
 */
export function warpQuad(src: GrayImage, quad: Quad, width: number, height: number, margin = 0): GrayImage | null {
  const h = squareToQuad(quad);
  if (!h || width < 1 || height < 1) return null;
  const outWidth = width + 2 * margin;
  const outHeight = height + 2 * margin;
  const data = new Uint8ClampedArray(outWidth * outHeight);
  const [h0, h1, h2, h3, h4, h5, h6, h7] = h as unknown as number[];
  for (let y = 0; y < outHeight; y++) {
    const v = (y - margin + 0.5) / height;
    let o = y * outWidth;
    for (let x = 0; x < outWidth; x++, o++) {
      const u = (x - margin + 0.5) / width;
      const w = (h6 as number) * u + (h7 as number) * v + 1;
      const sx = ((h0 as number) * u + (h1 as number) * v + (h2 as number)) / w - 0.5;
      const sy = ((h3 as number) * u + (h4 as number) * v + (h5 as number)) / w - 0.5;
      data[o] = bilinear(src, sx, sy);
    }
  }
  return { data, width: outWidth, height: outHeight };
}
