/**
 * The card finder's first stage, on a downscaled luminance frame: edges (Sobel with non-maximum
 * suppression, plus chroma edges when given). Integer arithmetic throughout, in buffers kept
 * between frames: the worker measures one frame at a time, at one size.
 */

import { CARD_FINDER } from './card-finder-settings.js';

export interface Edges {
  count: number;
  /** Coordinates relative to the image centre, pixel centres at +0.5. */
  x: Float32Array;
  y: Float32Array;
  /** Gradient (normal) direction in [0, pi). */
  theta: Float32Array;
}

/**
 * The Sobel of the x16 blur is 128 x the slope in grey levels per pixel; squared, 16384 x. The
 * magnitudes are kept as float32 (as they always were): only compared, and rounding to float32
 * commutes with the power-of-two scale, so every comparison comes out as on the scaled slopes.
 */
const SLOPE_SCALE_SQUARED = 128 * 128;

/** Per-frame buffers, kept between frames of the same size. */
let scratch: ReturnType<typeof newScratch> | null = null;

function newScratch(size: number) {
  return {
    size,
    across: new Int32Array(size),
    blurred: new Int32Array(size),
    /** Sobel of the blur, x128 (at most 4 x 4080 in magnitude). */
    gx: new Int16Array(size),
    gy: new Int16Array(size),
    magnitude: new Float32Array(size),
    x: new Float32Array(size),
    y: new Float32Array(size),
    theta: new Float32Array(size),
  };
}

/*
 * Luminance and chroma are blurred together, two 16-bit lanes of one 32-bit word (luminance low,
 * chroma high): the blur only adds and halves, every sum stays under 4 x 4080 < 2^16 in each lane,
 * so no lane carries into the other, and a shift is followed by a mask that drops the bits the
 * chroma lane shifted into the luminance lane. Half the work of blurring them one after the other,
 * and the same integers.
 */
const LANE = 0xffff;
const AFTER_SHIFT = 0x3fff3fff;

/**
 * Two passes of a [1 2 1] blur in each direction (a 5-tap binomial, sigma ~1 px), x16, of the
 * packed luminance and chroma into `out`; the image's border pixels repeated outwards.
 */
function smooth(
  gray: Uint8Array,
  chroma: Uint8Array | undefined,
  width: number,
  height: number,
  across: Int32Array,
  out: Int32Array,
): void {
  // The first pass, packing as it goes.
  for (let row = 0; row < width * height; row += width) {
    let left = chroma ? (gray[row] as number) | ((chroma[row] as number) << 16) : (gray[row] as number);
    let centre = left;
    for (let i = row + 1, end = row + width; i < end; i++) {
      const right = chroma ? (gray[i] as number) | ((chroma[i] as number) << 16) : (gray[i] as number);
      across[i - 1] = left + 2 * centre + right;
      left = centre;
      centre = right;
    }
    across[row + width - 1] = left + 3 * centre;
  }
  vertical(across, width, height, out, false);
  // The second pass: the staircase a downscaled slanted edge becomes would otherwise scatter the
  // gradient direction by +-10 degrees.
  for (let row = 0; row < width * height; row += width) {
    let left = out[row] as number;
    let centre = left;
    for (let i = row + 1, end = row + width; i < end; i++) {
      const right = out[i] as number;
      across[i - 1] = ((left + 2 * centre + right) >>> 2) & AFTER_SHIFT;
      left = centre;
      centre = right;
    }
    across[row + width - 1] = ((left + 3 * centre) >>> 2) & AFTER_SHIFT;
  }
  vertical(across, width, height, out, true);
}

/** [1 2 1] down each column of packed words, divided by 4 when `quarter`. */
function vertical(source: Int32Array, width: number, height: number, out: Int32Array, quarter: boolean): void {
  for (let y = 0; y < height; y++) {
    const up = Math.max(0, y - 1) * width;
    const row = y * width;
    const down = Math.min(height - 1, y + 1) * width;
    if (quarter) {
      for (let x = 0; x < width; x++)
        out[row + x] =
          (((source[up + x] as number) + 2 * (source[row + x] as number) + (source[down + x] as number)) >>> 2) &
          AFTER_SHIFT;
    } else {
      for (let x = 0; x < width; x++)
        out[row + x] = (source[up + x] as number) + 2 * (source[row + x] as number) + (source[down + x] as number);
    }
  }
}

/**
 * Sobel of the smoothed, packed luminance and chroma, x128, into gx, gy and their squared
 * magnitude: per pixel the stronger of the two (luminance when they tie, as float32 rounds them).
 * Every interior pixel is written; the outermost ring is never read.
 */
function sobel(
  blurred: Int32Array,
  width: number,
  height: number,
  gx: Int16Array,
  gy: Int16Array,
  magnitude: Float32Array,
): void {
  for (let y = 1; y < height - 1; y++) {
    for (let i = y * width + 1, end = y * width + width - 1; i < end; i++) {
      const a = blurred[i - width - 1] as number;
      const c = blurred[i - width + 1] as number;
      const g = blurred[i + width - 1] as number;
      const k = blurred[i + width + 1] as number;
      // Both lanes at once: each weighted sum stays under 2^16 per lane.
      const right = c + 2 * (blurred[i + 1] as number) + k;
      const left = a + 2 * (blurred[i - 1] as number) + g;
      const down = g + 2 * (blurred[i + width] as number) + k;
      const up = a + 2 * (blurred[i - width] as number) + c;
      let sx = (right & LANE) - (left & LANE);
      let sy = (down & LANE) - (up & LANE);
      let m = sx * sx + sy * sy;
      const cx = (right >>> 16) - (left >>> 16);
      const cy = (down >>> 16) - (up >>> 16);
      const cm = cx * cx + cy * cy;
      // A blue band on a grey table, or a card on a cloth of its own brightness, differs in
      // colour, not in luminance: where the colour channel steps harder, its gradient is the edge.
      if (cm > Math.fround(m)) {
        sx = cx;
        sy = cy;
        m = cm;
      }
      gx[i] = sx;
      gy[i] = sy;
      magnitude[i] = m;
    }
  }
}

/**
 * Edges: the stronger gradient of luminance and colour, thinned along it, above the slope
 * threshold. The arrays returned are views of buffers the next call overwrites.
 */
export function detectEdges(gray: Uint8Array, width: number, height: number, chroma?: Uint8Array): Edges {
  const n = width * height;
  if (scratch?.size !== n) scratch = newScratch(n);
  const { across, blurred, gx, gy, magnitude } = scratch;
  smooth(gray, chroma, width, height, across, blurred);
  sobel(blurred, width, height, gx, gy, magnitude);
  const { x: xs, y: ys, theta: thetas } = scratch;
  let count = 0;
  const cx = width / 2;
  const cy = height / 2;
  const tan22 = 0.41421356;
  const minSlope2 = CARD_FINDER.minSlope * CARD_FINDER.minSlope * SLOPE_SCALE_SQUARED;
  // Skip a 2-px border: the Sobel of the outermost ring reads the clamped blur, not the scene.
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      const m = magnitude[i] as number;
      if (m < minSlope2) continue;
      const sx = gx[i] as number;
      const sy = gy[i] as number;
      const ax = Math.abs(sx);
      const ay = Math.abs(sy);
      let step: number;
      if (ay <= ax * tan22) step = 1;
      else if (ax <= ay * tan22) step = width;
      else step = sx * sy > 0 ? width + 1 : width - 1;
      if (m < (magnitude[i - step] as number) || m < (magnitude[i + step] as number)) continue;
      let theta = Math.atan2(sy, sx);
      if (theta < 0) theta += Math.PI;
      if (theta >= Math.PI) theta -= Math.PI;
      xs[count] = x + 0.5 - cx;
      ys[count] = y + 0.5 - cy;
      thetas[count] = theta;
      count++;
    }
  }
  return { count, x: xs.subarray(0, count), y: ys.subarray(0, count), theta: thetas.subarray(0, count) };
}
