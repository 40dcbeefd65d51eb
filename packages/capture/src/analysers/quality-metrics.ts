/**
 * Pure pixel arithmetic for the quality analyser. It runs inside the quality worker, and the tests
 * call it directly on generated frames, so it touches no DOM and no canvas.
 */

/** What one frame measured. Every figure is on the downscaled guide region. */
export interface QualityMetrics {
  /** Variance of the 4-neighbour Laplacian of luminance: high when edges are crisp. */
  sharpness: number;
  /** Mean luminance, 0..255. */
  brightness: number;
  /** Share of pixels at or above the clipping level, 0..1: specular reflections. */
  glare: number;
  /** Standard deviation of luminance: near zero when the guide holds a blank surface, not a card. */
  contrast: number;
  /** Mean absolute luminance change against the previous frame's thumbnail, 0..255; null on the first frame. */
  motion: number | null;
  /**
   * Width of the card as a share of the guide, 0..1, when both of its side edges are clearly seen
   * inside the guide; null when they are not (the card fills the guide, or its edges do not stand out).
   */
  fill: number | null;
}

/**
 * Thresholds, each measured on generated frames (see README "Quality thresholds"). A frame is good
 * when every figure is on the right side of its threshold.
 */
export const QUALITY_THRESHOLDS = {
  /** Below this variance of the Laplacian the card text is smeared. */
  minSharpness: 100,
  /** Below this mean luminance the sensor noise drowns the print. */
  minBrightness: 70,
  /** Above this mean luminance the print washes out. */
  maxBrightness: 225,
  /** A luminance at or above this counts as clipped. */
  clipLevel: 250,
  /** More than this share of clipped pixels is glare worth mentioning. */
  maxGlare: 0.02,
  /** Below this spread of luminance the guide holds no document. */
  minContrast: 18,
  /** Above this mean change between thumbnails the card or the phone is moving. */
  maxMotion: 6,
  /** Below this share of the guide's width the card is too far away to read. */
  minFill: 0.6,
} as const;

/** A luminance step at least this large between neighbours is an edge. */
const EDGE_STEP = 24;
/** A column is a card side when at least this share of its rows are edges (a long straight edge). */
const SIDE_EDGE_SHARE = 0.3;

/**
 * How wide the card is within the guide, from its two side edges: a card side is a long vertical
 * edge, so a column where many rows step sharply in luminance. Text makes short, scattered edges
 * and does not qualify. Only a clear answer counts: null unless one side is found in each half.
 */
export function cardFill(gray: Uint8Array, width: number, height: number): number | null {
  if (width < 8 || height < 8) return null;
  const edgeRows = new Uint32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width - 1; x++) {
      if (Math.abs((gray[row + x + 1] as number) - (gray[row + x] as number)) >= EDGE_STEP) {
        edgeRows[x] = (edgeRows[x] as number) + 1;
      }
    }
  }
  const needed = SIDE_EDGE_SHARE * height;
  // Ignore the outermost columns: a card that fills the guide has its sides there or beyond.
  const margin = Math.max(1, Math.round(width * 0.03));
  let left = -1;
  for (let x = margin; x < width / 2; x++) {
    if ((edgeRows[x] as number) >= needed) {
      left = x;
      break;
    }
  }
  let right = -1;
  for (let x = width - 1 - margin; x >= width / 2; x--) {
    if ((edgeRows[x] as number) >= needed) {
      right = x;
      break;
    }
  }
  if (left < 0 || right < 0) return null;
  return (right - left) / width;
}

/** Luminance (BT.601) of RGBA pixels, one byte per pixel. */
export function toLuminance(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const pixels = width * height;
  if (rgba.length < pixels * 4) throw new RangeError('pixel buffer smaller than width x height x 4');
  const gray = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    // Integer weights (77, 150, 29)/256 of 0.299, 0.587, 0.114: same result, no floats per pixel.
    gray[i] = ((rgba[j] as number) * 77 + (rgba[j + 1] as number) * 150 + (rgba[j + 2] as number) * 29) >> 8;
  }
  return gray;
}

/** Variance of the 4-neighbour Laplacian over the interior pixels. */
export function laplacianVariance(gray: Uint8Array, width: number, height: number): number {
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const value =
        (gray[i - width] as number) +
        (gray[i + width] as number) +
        (gray[i - 1] as number) +
        (gray[i + 1] as number) -
        4 * (gray[i] as number);
      sum += value;
      sumSquares += value * value;
      count++;
    }
  }
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}

/** Mean and standard deviation of luminance, and the share of clipped pixels. */
export function exposure(gray: Uint8Array, clipLevel: number = QUALITY_THRESHOLDS.clipLevel) {
  let sum = 0;
  let sumSquares = 0;
  let clipped = 0;
  for (const value of gray) {
    sum += value;
    sumSquares += value * value;
    if (value >= clipLevel) clipped++;
  }
  const n = Math.max(1, gray.length);
  const brightness = sum / n;
  return {
    brightness,
    contrast: Math.sqrt(Math.max(0, sumSquares / n - brightness * brightness)),
    glare: clipped / n,
  };
}

/** Side of the square thumbnail compared between frames to judge steadiness. */
export const THUMBNAIL_SIDE = 24;

/** Box-averaged thumbnail, robust to sensor noise, for frame-to-frame motion. */
export function thumbnail(gray: Uint8Array, width: number, height: number, side = THUMBNAIL_SIDE): Uint8Array {
  const out = new Uint8Array(side * side);
  for (let ty = 0; ty < side; ty++) {
    const y0 = Math.floor((ty * height) / side);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / side));
    for (let tx = 0; tx < side; tx++) {
      const x0 = Math.floor((tx * width) / side);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / side));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += gray[y * width + x] as number;
      out[ty * side + tx] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

/** Mean absolute difference of two thumbnails of the same size. */
export function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('thumbnails differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}

/** Every metric of one frame; pass the previous frame's thumbnail to get `motion`. */
export function measureFrame(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  previousThumbnail: Uint8Array | null,
): { metrics: QualityMetrics; thumbnail: Uint8Array } {
  const gray = toLuminance(rgba, width, height);
  const thumb = thumbnail(gray, width, height);
  const { brightness, contrast, glare } = exposure(gray);
  return {
    metrics: {
      sharpness: laplacianVariance(gray, width, height),
      brightness,
      glare,
      contrast,
      motion: previousThumbnail ? meanAbsoluteDifference(thumb, previousThumbnail) : null,
      fill: cardFill(gray, width, height),
    },
    thumbnail: thumb,
  };
}

/** The single most useful thing to tell the person about this frame, or `good`. */
export type QualityVerdict =
  | 'no-document'
  | 'too-far'
  | 'too-dark'
  | 'too-bright'
  | 'glare'
  | 'blurry'
  | 'moving'
  | 'good';

/** Judges a frame, worst problem first: without a card or light nothing else matters. */
export function judge(metrics: QualityMetrics, thresholds = QUALITY_THRESHOLDS): QualityVerdict {
  if (metrics.brightness < thresholds.minBrightness) return 'too-dark';
  if (metrics.contrast < thresholds.minContrast) return 'no-document';
  if (metrics.fill !== null && metrics.fill < thresholds.minFill) return 'too-far';
  if (metrics.glare > thresholds.maxGlare) return 'glare';
  if (metrics.brightness > thresholds.maxBrightness) return 'too-bright';
  if (metrics.motion !== null && metrics.motion > thresholds.maxMotion) return 'moving';
  if (metrics.sharpness < thresholds.minSharpness) return 'blurry';
  return 'good';
}
