import type { GreyPixels } from './grey.js';
import type { Point, Quad } from './homography.js';

/**
 * A region as one horizontal run per row: `start[y]` inclusive to `end[y]` exclusive (empty rows
 * have start >= end). Convex regions (a rectangle, a card) are exactly one run per row.
 */
export interface Spans {
  start: Int32Array;
  end: Int32Array;
}

export interface RectLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The whole image, or a rectangle of it. */
export function rectSpans(width: number, height: number, rect: RectLike = { x: 0, y: 0, width, height }): Spans {
  const start = new Int32Array(height);
  const end = new Int32Array(height);
  const x0 = Math.max(0, Math.round(rect.x));
  const x1 = Math.min(width, Math.round(rect.x + rect.width));
  const y0 = Math.max(0, Math.round(rect.y));
  const y1 = Math.min(height, Math.round(rect.y + rect.height));
  for (let y = 0; y < height; y++) {
    start[y] = y >= y0 && y < y1 ? x0 : 0;
    end[y] = y >= y0 && y < y1 ? x1 : 0;
  }
  return { start, end };
}

/** The pixels whose centres lie inside a convex quad (image pixel coordinates). */
export function quadSpans(width: number, height: number, quad: Quad): Spans {
  const start = new Int32Array(height);
  const end = new Int32Array(height);
  for (let y = 0; y < height; y++) {
    const yc = y + 0.5;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < 4; i++) {
      const [ax, ay] = quad[i] as Point;
      const [bx, by] = quad[(i + 1) % 4] as Point;
      if ((ay <= yc && by > yc) || (by <= yc && ay > yc)) {
        const x = ax + ((yc - ay) / (by - ay)) * (bx - ax);
        low = Math.min(low, x);
        high = Math.max(high, x);
      }
    }
    if (low > high) continue;
    start[y] = Math.max(0, Math.ceil(low - 0.5));
    end[y] = Math.min(width, Math.floor(high - 0.5) + 1);
  }
  return { start, end };
}

/**
 * Variance of the 4-neighbour Laplacian over the interior pixels of a region (the whole image by
 * default): low means few edges, i.e. blur. 0 for an image under 3x3 or a region with no interior.
 */
export function laplacianVariance(grey: GreyPixels, width: number, height: number, spans?: Spans): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    const x0 = Math.max(1, spans ? (spans.start[y] as number) : 1);
    const x1 = Math.min(width - 1, spans ? (spans.end[y] as number) : width - 1);
    for (let x = x0; x < x1; x++) {
      const i = row + x;
      const value =
        (grey[i - width] as number) +
        (grey[i + width] as number) +
        (grey[i - 1] as number) +
        (grey[i + 1] as number) -
        4 * (grey[i] as number);
      sum += value;
      sumSquares += value * value;
      count++;
    }
  }
  if (count === 0) return 0;
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}
