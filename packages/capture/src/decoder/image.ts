import { type Homography, luminance } from '@berbix-capture/imaging';
import type { GrayImage } from './types.js';

/**
 * Luminance (BT.601, integer weights) of RGBA pixels, from the imaging package. `into`, when it has
 * the right length, is filled instead of a new array: the worker reuses one buffer for every frame
 * rather than leaving two megabytes per 1080p frame to the garbage collector.
 */
export function grayFromRgba(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  into?: Uint8ClampedArray,
): GrayImage {
  const pixels = width * height;
  const data = into && into.length === pixels ? into : new Uint8ClampedArray(pixels);
  return { data: luminance(rgba, width, height, data), width, height };
}

/** Grey to opaque RGBA, for engines that only take `ImageData`. */
export function rgbaFromGray(image: GrayImage): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  const src = image.data;
  for (let i = 0, j = 0; i < src.length; i++, j += 4) {
    const v = src[i] as number;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return rgba;
}

/**
 * Box-filter downscale by an integer factor: cheap, and averages sensor noise away. `into`, when it
 * has the right length, is filled instead of a new array.
 */
export function downscale(image: GrayImage, factor: number, into?: Uint8ClampedArray): GrayImage {
  if (factor <= 1) return image;
  const width = Math.max(1, Math.floor(image.width / factor));
  const height = Math.max(1, Math.floor(image.height / factor));
  const data = into && into.length === width * height ? into : new Uint8ClampedArray(width * height);
  const src = image.data;
  const stride = image.width;
  if (factor === 2) {
    // A 1080p frame is always halved: the same sums without the general loop's index arithmetic.
    for (let y = 0; y < height; y++) {
      let top = 2 * y * stride;
      let bottom = top + stride;
      let out = y * width;
      for (let x = 0; x < width; x++, top += 2, bottom += 2) {
        const sum =
          (src[top] as number) + (src[top + 1] as number) + (src[bottom] as number) + (src[bottom + 1] as number);
        // sum / 4 rounded half to even, as the clamped array's store of the quotient rounds it,
        // in integers: a tenth faster.
        data[out++] = (sum + 1 + ((sum >> 2) & 1)) >> 2;
      }
    }
    return { data, width, height };
  }
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * stride + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += src[row + dx] as number;
      }
      data[y * width + x] = sum / area;
    }
  }
  return { data, width, height };
}

/** A rectangle, possibly rotated: centre, size, and the angle (radians) of its width axis. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  angle: number;
}

/**
 * Samples a rotated rectangle of the source into an upright image, bilinearly, at `scale` output
 * pixels per source pixel. This is the deskew and the crop in one pass; outside the source is white
 * (a quiet zone, which helps the detector more than black would). With `rowStep` over 1 only every
 * `rowStep`-th row of that image is made (rows 0, rowStep, 2 x rowStep...): a first look.
 */
export function extractRotated(src: GrayImage, rect: RotatedRect, scale = 1, rowStep = 1): GrayImage {
  const { width, height: fullHeight } = cropSize(rect, scale);
  const height = Math.ceil(fullHeight / rowStep);
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) sampleRotatedRow(src, rect, scale, y * rowStep, data, y * width);
  return { data, width, height };
}

/** The size in pixels of `extractRotated(src, rect, scale)`. */
export function cropSize(rect: RotatedRect, scale: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(rect.width * scale)), height: Math.max(1, Math.round(rect.height * scale)) };
}

/**
 * Row `y` of `extractRotated(src, rect, scale)`, written into `out` from `offset`: the same
 * samples, so a crop can be made a few rows at a time.
 */
export function sampleRotatedRow(
  src: GrayImage,
  rect: RotatedRect,
  scale: number,
  y: number,
  out: Uint8ClampedArray,
  offset: number,
): void {
  const { width, height } = cropSize(rect, scale);
  const cos = Math.cos(rect.angle) / scale;
  const sin = Math.sin(rect.angle) / scale;
  const oy = y + 0.5 - height / 2;
  const { data: pixels, width: srcWidth, height: srcHeight } = src;
  // Source position of (x=0, y): moving one output pixel right moves (cos, sin) in the source.
  let sx = rect.cx + (0.5 - width / 2) * cos - oy * sin - 0.5;
  let sy = rect.cy + (0.5 - width / 2) * sin + oy * cos - 0.5;
  const end = offset + width;
  const lastX = sx + (width - 1) * cos;
  const lastY = sy + (width - 1) * sin;
  if (!(inside(sx, sy, srcWidth, srcHeight, EDGE) && inside(lastX, lastY, srcWidth, srcHeight, EDGE))) {
    for (let o = offset; o < end; o++, sx += cos, sy += sin) out[o] = bilinear(pixels, srcWidth, srcHeight, sx, sy);
    return;
  }
  // The row is a straight segment: both ends inside means every sample is, so `bilinear`'s test
  // is left out (the same values; most rows of a crop are inside the frame). `EDGE` keeps the
  // ends clear of the border by more than the rounding of the sums along the row.
  for (let o = offset; o < end; o++, sx += cos, sy += sin) out[o] = bilinearInside(pixels, srcWidth, sx, sy);
}

/** Whether `bilinear` samples (x, y) from the image rather than answering white (`margin` 0). */
function inside(x: number, y: number, width: number, height: number, margin = 0): boolean {
  return x >= margin && y >= margin && x < width - 1 - margin && y < height - 1 - margin;
}

/** Pixels: far more than the rounding error of adding a step a few thousand times. */
const EDGE = 1e-6;

/**
 * The image (its pixels, width and height) at (x, y) in pixel-centre coordinates (pixel i's centre
 * is at i), bilinearly interpolated; white outside, as a quiet zone would be (NaN is outside too).
 * Every scan line of the grid reader and every pixel of a crop or a warp come through here: the
 * image is given by its fields, which a loop reads once (read from the image object at each
 * sample, they made the bar search's crop a tenth slower).
 */
export function bilinear(data: GrayImage['data'], width: number, height: number, x: number, y: number): number {
  // Inside means the floor of each coordinate is from 0 to the last pixel but one, which for the
  // whole numbers that bounds are is the coordinate itself; inside, truncation is the floor (a
  // call to `Math.floor` per pixel made the bar search's crop, up to a megapixel, 2-3x slower).
  // NaN and coordinates far outside (a degenerate perspective) fail the test too.
  if (!inside(x, y, width, height)) return 255;
  return bilinearInside(data, width, x, y);
}

/** `bilinear` at a point known to be inside. */
function bilinearInside(data: GrayImage['data'], width: number, x: number, y: number): number {
  const x0 = x | 0;
  const y0 = y | 0;
  const fx = x - x0;
  const i = y0 * width + x0;
  const topLeft = data[i] as number;
  const bottomLeft = data[i + width] as number;
  const top = topLeft + ((data[i + 1] as number) - topLeft) * fx;
  const bottom = bottomLeft + ((data[i + width + 1] as number) - bottomLeft) * fx;
  return top + (bottom - top) * (y - y0);
}

/**
 * The image (its pixels, width and height) at the point `h` maps (u, v) of the unit square to,
 * bilinearly (white outside): every read through a perspective transform (a scan line across the
 * grid, a cell's modules, the warp) samples through here. It is `project` written out (with `h[8]`
 * normalised to 1) rather than called: that returns a pair, and this runs millions of times a frame.
 */
export function sampleThrough(
  data: GrayImage['data'],
  width: number,
  height: number,
  h: Homography,
  u: number,
  v: number,
): number {
  const w = (h[6] as number) * u + (h[7] as number) * v + 1;
  const x = ((h[0] as number) * u + (h[1] as number) * v + (h[2] as number)) / w - 0.5;
  const y = ((h[3] as number) * u + (h[4] as number) * v + (h[5] as number)) / w - 0.5;
  return bilinear(data, width, height, x, y);
}

/**
 * `sampleThrough` at u = `u0`, `u0 + du`, ... (`out.length` points) along the line `v` of the unit
 * square: a scan line across the grid. The projection's three sums are stepped along the line
 * rather than worked out at each point (the same points within rounding): the grid reader samples
 * a thousand points or more a scan line and a few hundred scan lines a read.
 */
export function sampleAlong(
  data: GrayImage['data'],
  width: number,
  height: number,
  h: Homography,
  u0: number,
  du: number,
  v: number,
  out: Float32Array,
): void {
  let x = (h[0] as number) * u0 + (h[1] as number) * v + (h[2] as number);
  let y = (h[3] as number) * u0 + (h[4] as number) * v + (h[5] as number);
  let w = (h[6] as number) * u0 + (h[7] as number) * v + 1;
  const dx = (h[0] as number) * du;
  const dy = (h[3] as number) * du;
  const dw = (h[6] as number) * du;
  for (let i = 0; i < out.length; i++, x += dx, y += dy, w += dw) {
    out[i] = bilinear(data, width, height, x / w - 0.5, y / w - 0.5);
  }
}

/** Rotates by a multiple of 90 degrees clockwise, exactly (no resampling). */
export function rotateQuarter(src: GrayImage, quarterTurns: number): GrayImage {
  const turns = ((quarterTurns % 4) + 4) % 4;
  if (turns === 0) return src;
  const { width: w, height: h, data: s } = src;
  const width = turns === 2 ? w : h;
  const height = turns === 2 ? h : w;
  const data = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = s[y * w + x] as number;
      if (turns === 1) data[x * width + (h - 1 - y)] = v;
      else if (turns === 2) data[(h - 1 - y) * width + (w - 1 - x)] = v;
      else data[(w - 1 - x) * width + y] = v;
    }
  }
  return { data, width, height };
}

/** Otsu's global threshold, applied: black and white in the same grey format. */
export function otsuThreshold(src: GrayImage): GrayImage {
  const histogram = new Uint32Array(256);
  for (const v of src.data) histogram[v] = (histogram[v] as number) + 1;
  const total = src.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * (histogram[i] as number);
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    weightBackground += histogram[t] as number;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += t * (histogram[t] as number);
    const meanB = sumBackground / weightBackground;
    const meanF = (sumAll - sumBackground) / weightForeground;
    const between = weightBackground * weightForeground * (meanB - meanF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  const data = new Uint8ClampedArray(total);
  for (let i = 0; i < total; i++) data[i] = (src.data[i] as number) > threshold ? 255 : 0;
  return { data, width: src.width, height: src.height };
}

/** Mirrors left-right. */
export function mirror(src: GrayImage): GrayImage {
  const { width, height } = src;
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) data[row + x] = src.data[row + width - 1 - x] as number;
  }
  return { data, width, height };
}
