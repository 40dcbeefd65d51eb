/**
 * Fitting a perspective transform to many point correspondences (the grid reader's second pass:
 * the codewords that read cleanly say where the grid really is).
 */

import { type Homography, project } from '../homography.js';

/** Image position of a grid point: [grid u, grid v, image x, image y]. */
export type Correspondence = [number, number, number, number];

/**
 * The perspective transform from grid (u, v) to image (x, y) that fits the correspondences best
 * (least squares on the linearised equations, image coordinates normalised for conditioning), with
 * one pass dropping points more than a few pixels off. Null for too few points or a singular fit.
 */
export function fitHomography(points: Correspondence[]): Homography | null {
  let fit = solveHomography(points);
  if (!fit) return null;
  const current = fit;
  const residual = ([u, v, x, y]: Correspondence) => {
    const [px, py] = project(current, u, v);
    return Math.hypot(px - x, py - y);
  };
  const errors = points.map(residual).sort((a, b) => a - b);
  const limit = Math.max(2, 3 * (errors[errors.length >> 1] as number));
  fit = solveHomography(points.filter((p) => residual(p) <= limit));
  return fit;
}

function solveHomography(points: Correspondence[]): Homography | null {
  if (points.length < 12) return null;
  let mx = 0;
  let my = 0;
  for (const [, , x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= points.length;
  my /= points.length;
  let spread = 0;
  for (const [, , x, y] of points) spread += Math.hypot(x - mx, y - my);
  const scale = spread / points.length || 1;
  // Normal equations A^T A h = A^T b for h0..h7, two rows per point.
  const ata = new Float64Array(64);
  const atb = new Float64Array(8);
  const row = new Float64Array(8);
  const add = (rhs: number) => {
    for (let i = 0; i < 8; i++) {
      atb[i] = (atb[i] as number) + (row[i] as number) * rhs;
      for (let j = 0; j < 8; j++) ata[i * 8 + j] = (ata[i * 8 + j] as number) + (row[i] as number) * (row[j] as number);
    }
  };
  for (const [u, v, px, py] of points) {
    const x = (px - mx) / scale;
    const y = (py - my) / scale;
    row.set([u, v, 1, 0, 0, 0, -u * x, -v * x]);
    add(x);
    row.set([0, 0, 0, u, v, 1, -u * y, -v * y]);
    add(y);
  }
  const n = solve8(ata, atb);
  if (!n) return null;
  const [a, b, c, d, e, f, g, k] = n as unknown as number[];
  const h = new Float64Array(9);
  // Undo the normalisation: x = scale * x' + mx.
  h.set([
    scale * (a as number) + mx * (g as number),
    scale * (b as number) + mx * (k as number),
    scale * (c as number) + mx,
    scale * (d as number) + my * (g as number),
    scale * (e as number) + my * (k as number),
    scale * (f as number) + my,
    g as number,
    k as number,
    1,
  ]);
  return h;
}

/** Gaussian elimination with partial pivoting on an 8x8 system; null when singular. */
function solve8(a: Float64Array, b: Float64Array): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < 8; col++) {
    let pivot = col;
    for (let r = col + 1; r < 8; r++)
      if (Math.abs(m[r * 8 + col] as number) > Math.abs(m[pivot * 8 + col] as number)) pivot = r;
    if (Math.abs(m[pivot * 8 + col] as number) < 1e-12) return null;
    if (pivot !== col) {
      for (let c = 0; c < 8; c++) {
        const t = m[col * 8 + c] as number;
        m[col * 8 + c] = m[pivot * 8 + c] as number;
        m[pivot * 8 + c] = t;
      }
      const t = x[col] as number;
      x[col] = x[pivot] as number;
      x[pivot] = t;
    }
    for (let r = col + 1; r < 8; r++) {
      const factor = (m[r * 8 + col] as number) / (m[col * 8 + col] as number);
      if (factor === 0) continue;
      for (let c = col; c < 8; c++) m[r * 8 + c] = (m[r * 8 + c] as number) - factor * (m[col * 8 + c] as number);
      x[r] = (x[r] as number) - factor * (x[col] as number);
    }
  }
  for (let r = 7; r >= 0; r--) {
    let sum = x[r] as number;
    for (let c = r + 1; c < 8; c++) sum -= (m[r * 8 + c] as number) * (x[c] as number);
    x[r] = sum / (m[r * 8 + r] as number);
  }
  return x;
}
