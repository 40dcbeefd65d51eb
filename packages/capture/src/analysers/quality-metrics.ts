/**
 * Pure pixel arithmetic for the quality analyser. It runs inside the quality worker, and the tests
 * call it directly on generated frames, so it touches no DOM and no canvas.
 */
import { findCard } from './card-finder.js';
import { type Point, polygonArea, type Quad } from './card-geometry.js';
import type { Rect } from './types.js';

/** Where the card is, per frame. */
export interface CardDetection {
  /** Corners in FULL-FRAME pixels, clockwise from top-left as seen in the frame. */
  corners: [[number, number], [number, number], [number, number], [number, number]];
  /** Card area / frame area, 0..1. */
  frameShare: number;
  /** Card area / guide area, 0..1+ (may exceed 1 when the card overflows the guide). */
  guideShare: number;
  /** Keystone: degrees the card plane is tilted away from the camera (0 = flat-on). */
  tiltDegrees: number;
  /** In-plane angle of the card's long edge, degrees in (-90, 90]. ~90 = held in portrait. */
  angleDegrees: number;
  /** 0..1; below ~0.5 treat as not found. */
  confidence: number;
}

/**
 * What one frame measured. Sharpness, brightness, contrast, clipping and glare are measured inside
 * the found card (shrunk a little from its rim), or inside the guide when no card was found; motion
 * on the whole downscaled frame.
 */
export interface QualityMetrics {
  /** Variance of the 4-neighbour Laplacian of luminance: high when edges are crisp. */
  sharpness: number;
  /** Mean luminance, 0..255. */
  brightness: number;
  /**
   * Share of the region hidden under compact clipped highlights, 0..1: clipped blobs at least a
   * line of print across (thin clipped strips and specks do not count). A white card or a white
   * table is not glare: the table is outside the card, and a card whose paper is clipped all over
   * is over-exposed (`clipped`), not glaring.
   */
  glare: number;
  /** Share of the region whose paper is clipped (print gaps filled), 0..1: the card is over-exposed when most of it is. */
  clipped: number;
  /** Standard deviation of luminance: near zero when the region holds a blank surface, not a card. */
  contrast: number;
  /** Mean absolute luminance change against the previous frame's thumbnail, 0..255; null on the first frame. */
  motion: number | null;
  /** The card's long edge as a share of the frame's long side, 0..1; null when no card was found. */
  fill: number | null;
  /** The card found in the frame, or null. */
  card: CardDetection | null;
}

/**
 * Thresholds (the analysers README says where each comes from). A frame is good when a card is
 * found and every figure is on the right side of its threshold.
 */
export const QUALITY_THRESHOLDS = {
  /** Below this variance of the Laplacian the card text is smeared. */
  minSharpness: 100,
  /** Below this mean luminance the sensor noise drowns the print. */
  minBrightness: 70,
  /** Above this mean luminance inside the card the print itself washes out. */
  maxBrightness: 225,
  /** A luminance at or above this counts as clipped. */
  clipLevel: 250,
  /** More than this share of the card under compact highlights (about a 5 mm disc on an ID-1 card) is glare. */
  maxGlare: 0.003,
  /**
   * More than this share of the card clipped (print gaps filled) is an over-exposed frame: then even
   * the portrait or the barcode, at least 15% of any card, is blown out. A white card whose paper
   * alone clips, its print still dark, stays below it.
   */
  maxClipped: 0.85,
  /** Below this spread of luminance the region holds no document. */
  minContrast: 18,
  /** Above this mean change between thumbnails the card or the phone is moving. */
  maxMotion: 6,
  /**
   * Below this long-edge share of the frame's long side the card is too far: at 1920 px that is
   * 730 px over 85.6 mm, 1.45 px per module at AAMVA's smallest PDF417 module (0.17 mm), about the
   * least any reader resolves, and 12 px for the 1.5 mm print on a front.
   */
  minFill: 0.38,
  /** A card found with less confidence than this is treated as not found. */
  minConfidence: 0.5,
} as const;

/**
 * Glare blobs must hold a square this share of the card's long edge across (about 3.4 mm on an
 * ID-1 card, a line of print): smaller specks hide no word and no barcode row.
 */
const GLARE_MIN_ACROSS = 0.04;
/** The region measured inside a card: its quad shrunk towards its centre, off the rim and the background. */
const CARD_INSET = 0.06;

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

/**
 * The blue-yellow opponent channel of RGBA pixels, 128 = neutral: (2B - R - G) / 4. The card
 * finder looks for edges in it as well as in luminance (a blue header on a grey table).
 */
export function toBlueYellow(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Uint8Array {
  const pixels = width * height;
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    out[i] = 128 + ((2 * (rgba[j + 2] as number) - (rgba[j] as number) - (rgba[j + 1] as number)) >> 2);
  }
  return out;
}

/**
 * A region as one horizontal run per row: `start[y]` inclusive to `end[y]` exclusive (empty rows
 * have start >= end). Convex regions (a rectangle, a card) are exactly one run per row.
 */
export interface Spans {
  start: Int32Array;
  end: Int32Array;
}

/** The whole image, or a rectangle of it. */
export function rectSpans(width: number, height: number, rect: Rect = { x: 0, y: 0, width, height }): Spans {
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

/** Variance of the 4-neighbour Laplacian over the interior pixels of a region (the whole image by default). */
export function laplacianVariance(gray: Uint8Array, width: number, height: number, spans?: Spans): number {
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
  if (count === 0) return 0;
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}

/** Mean and standard deviation of luminance over a region (the whole image by default). */
export function exposure(gray: Uint8Array, width: number, height: number, spans?: Spans) {
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const x0 = spans ? (spans.start[y] as number) : 0;
    const x1 = spans ? (spans.end[y] as number) : width;
    for (let x = x0; x < x1; x++) {
      const value = gray[row + x] as number;
      sum += value;
      sumSquares += value * value;
    }
    n += Math.max(0, x1 - x0);
  }
  n = Math.max(1, n);
  const brightness = sum / n;
  return { brightness, contrast: Math.sqrt(Math.max(0, sumSquares / n - brightness * brightness)) };
}

/**
 * Square max (dilate) or min (erode) filter of a 0/1 mask, radius r: separable, with a running
 * count per window so the cost does not grow with r. Pixels past the edge are ignored (an erosion
 * keeps a blob that touches the edge).
 */
function morph(mask: Uint8Array, width: number, height: number, r: number, dilate: boolean): Uint8Array {
  if (r <= 0) return mask;
  const pass = (input: Uint8Array, length: number, lines: number, stride: number, step: number) => {
    const out = new Uint8Array(input.length);
    for (let line = 0; line < lines; line++) {
      const base = line * stride;
      let sum = 0;
      for (let k = 0; k < Math.min(r, length); k++) sum += input[base + k * step] as number;
      for (let i = 0; i < length; i++) {
        const enter = i + r;
        const leave = i - r - 1;
        let span = 2 * r + 1;
        if (enter < length) sum += input[base + enter * step] as number;
        else span -= enter - length + 1;
        if (leave >= 0) sum -= input[base + leave * step] as number;
        else span += leave + 1;
        out[base + i * step] = dilate ? (sum > 0 ? 1 : 0) : sum === span ? 1 : 0;
      }
    }
    return out;
  };
  return pass(pass(mask, width, height, width, 1), height, width, 1, width);
}

/**
 * Clipped paper and glare inside a region. Clipped pixels are closed (a 3x3 dilation then erosion)
 * so the print inside a blown-out area does not split it; `clipped` is that area's share. Glare is
 * what of the clipped pixels themselves survives an opening by a square `across` pixels wide:
 * blobs at least a line of print across in which nothing, print included, escaped clipping. Thin
 * clipped strips (a white margin, a shine along the rim) and specks vanish.
 */
export function clippedAndGlare(
  gray: Uint8Array,
  width: number,
  height: number,
  spans: Spans,
  across: number,
  clipLevel: number = QUALITY_THRESHOLDS.clipLevel,
): { clipped: number; glare: number } {
  // Work on the region's bounding box only.
  let y0 = height;
  let y1 = 0;
  let x0 = width;
  let x1 = 0;
  for (let y = 0; y < height; y++) {
    if ((spans.end[y] as number) <= (spans.start[y] as number)) continue;
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y + 1);
    x0 = Math.min(x0, spans.start[y] as number);
    x1 = Math.max(x1, spans.end[y] as number);
  }
  if (y1 <= y0 || x1 <= x0) return { clipped: 0, glare: 0 };
  const w = x1 - x0;
  const h = y1 - y0;
  // Only the region's own pixels: a white table beside the card is never part of a blob.
  const raw = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) {
    const e = spans.end[y] as number;
    for (let x = spans.start[y] as number; x < e; x++)
      raw[(y - y0) * w + (x - x0)] = (gray[y * width + x] as number) >= clipLevel ? 1 : 0;
  }
  const closed = morph(morph(raw, w, h, 1, true), w, h, 1, false);
  // Glare is opened from the raw mask, not the closed one: a highlight hides print only where the
  // print under it clipped too. Paper that clips around print that still shows is exposure.
  const r = Math.max(1, Math.round(across / 2));
  const opened = morph(morph(raw, w, h, r, false), w, h, r, true);
  let inside = 0;
  let clippedCount = 0;
  let glareCount = 0;
  let rawCount = 0;
  for (let y = y0; y < y1; y++) {
    const s = spans.start[y] as number;
    const e = spans.end[y] as number;
    for (let x = s; x < e; x++) {
      const i = (y - y0) * w + (x - x0);
      inside++;
      rawCount += raw[i] as number;
      clippedCount += closed[i] as number;
      glareCount += opened[i] as number;
    }
  }
  const clipped = clippedCount / Math.max(1, inside);
  // When half the region's own pixels are clipped, its paper is: a white card (or a whole card)
  // exposed to the top. A highlight is light in excess of the paper, which cannot be told apart
  // from paper that is itself clipped, so nothing is called glare; `clipped` reports the exposure.
  if (rawCount >= inside / 2 || glareCount === 0) return { clipped, glare: 0 };
  const hidden = blobsHidingPrint(gray, width, { x0, y0, w, h }, spans, opened, raw, Math.max(2, Math.round(across)));
  return { clipped, glare: hidden / Math.max(1, inside) };
}

/**
 * Of the glare blobs, the pixels of those that hide print: a blob counts when a ring around it
 * (as wide as the smallest blob, past its halo) holds print, i.e. where there should be texture. A highlight on
 * blank paper hides nothing; one over text or a barcode hides what its ring shows continues under
 * it. "Print" is a pixel darker than 70% of the region's paper level (its 90th percentile) or on a
 * sharp edge: text, a barcode (at this scale a mid-grey block) and a portrait, also under the halo
 * of a highlight that lightens them, but not the faint security print.
 */
function blobsHidingPrint(
  gray: Uint8Array,
  width: number,
  box: { x0: number; y0: number; w: number; h: number },
  spans: Spans,
  opened: Uint8Array,
  raw: Uint8Array,
  ring: number,
): number {
  const { x0, y0, w, h } = box;
  const histogram = new Uint32Array(256);
  let total = 0;
  for (let y = y0; y < y0 + h; y++) {
    for (let x = spans.start[y] as number; x < (spans.end[y] as number); x++) {
      const level = gray[y * width + x] as number;
      histogram[level] = (histogram[level] as number) + 1;
      total++;
    }
  }
  let paper = 255;
  for (let level = 0, seen = 0; level < 256; level++) {
    seen += histogram[level] as number;
    if (seen >= 0.9 * total) {
      paper = level;
      break;
    }
  }
  const ink = 0.7 * paper;
  const inside = (x: number, y: number) =>
    y >= y0 && y < y0 + h && x >= (spans.start[y] as number) && x < (spans.end[y] as number);
  // Label the blobs (4-connected) and collect each one's box.
  const label = new Int32Array(w * h);
  let hidden = 0;
  let next = 0;
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (!opened[start] || label[start]) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let size = 0;
    let bx0 = w;
    let by0 = h;
    let bx1 = 0;
    let by1 = 0;
    while (stack.length) {
      const i = stack.pop() as number;
      size++;
      const x = i % w;
      const y = (i - x) / w;
      bx0 = Math.min(bx0, x);
      by0 = Math.min(by0, y);
      bx1 = Math.max(bx1, x);
      by1 = Math.max(by1, y);
      for (const j of [i - 1, i + 1, i - w, i + w]) {
        if (j < 0 || j >= w * h || label[j] || !opened[j]) continue;
        if ((j === i - 1 || j === i + 1) && Math.floor(j / w) !== y) continue;
        label[j] = next;
        stack.push(j);
      }
    }
    // The ring: a band `ring` wide, half the blob's size away from its box, so it lies past the
    // halo that washes out the print right next to a highlight; clipped pixels and pixels outside
    // the region left out.
    const gap = Math.round(Math.max(bx1 - bx0, by1 - by0) / 2);
    const ix0 = bx0 - gap;
    const ix1 = bx1 + gap;
    const iy0 = by0 - gap;
    const iy1 = by1 + gap;
    let ringPixels = 0;
    let inkPixels = 0;
    for (let y = Math.max(1, iy0 - ring); y <= Math.min(h - 2, iy1 + ring); y++) {
      for (let x = Math.max(1, ix0 - ring); x <= Math.min(w - 2, ix1 + ring); x++) {
        const i = y * w + x;
        if (raw[i] || !inside(x + x0, y + y0)) continue;
        if (x >= ix0 && x <= ix1 && y >= iy0 && y <= iy1) continue;
        ringPixels++;
        const at = (y + y0) * width + x + x0;
        const value = gray[at] as number;
        // Ink, or an edge of print lifted by the highlight's halo (which lightens print but keeps
        // its edges; the halo's own slope stays under ~20 per 2 px).
        const edge =
          Math.abs((gray[at + 1] as number) - (gray[at - 1] as number)) +
          Math.abs((gray[at + width] as number) - (gray[at - width] as number));
        if (value <= ink || edge >= 30) inkPixels++;
      }
    }
    // A tenth of the ring as print: sparse text is 15-25% ink, a barcode or a portrait far more.
    if (ringPixels > 0 && inkPixels >= 0.1 * ringPixels) hidden += size;
  }
  return hidden;
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

/** Where the measured image sits in the camera frame. */
export interface FrameGeometry {
  /** The full frame the image was downscaled from. */
  frameWidth: number;
  frameHeight: number;
  /** The guide, in full-frame pixels. */
  guide: Rect;
}

/** Shrinks a quad towards its centroid by `share` of its size. */
function inset(quad: Quad, share: number): Quad {
  const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
  const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
  return quad.map(([x, y]) => [cx + (x - cx) * (1 - share), cy + (y - cy) * (1 - share)] as Point) as Quad;
}

/** Mean length of the card's two long sides. */
function longEdge(quad: Quad): number {
  const side = (i: number) => {
    const [ax, ay] = quad[i] as Point;
    const [bx, by] = quad[(i + 1) % 4] as Point;
    return Math.hypot(bx - ax, by - ay);
  };
  return Math.max((side(0) + side(2)) / 2, (side(1) + side(3)) / 2);
}

/**
 * Every metric of one frame. `rgba` is the whole frame downscaled to `width` x `height`; `geometry`
 * says what it was downscaled from and where the guide is (defaults: the image itself, all guide).
 * Pass the previous frame's thumbnail to get `motion`.
 */
export function measureFrame(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  previousThumbnail: Uint8Array | null,
  geometry: FrameGeometry = { frameWidth: width, frameHeight: height, guide: { x: 0, y: 0, width, height } },
): { metrics: QualityMetrics; thumbnail: Uint8Array } {
  const gray = toLuminance(rgba, width, height);
  const thumb = thumbnail(gray, width, height);
  const sx = geometry.frameWidth / width;
  const sy = geometry.frameHeight / height;
  const found = findCard(gray, width, height, { chroma: toBlueYellow(rgba, width, height) });
  let spans: Spans;
  let card: CardDetection | null = null;
  let fill: number | null = null;
  let across: number;
  if (found) {
    spans = quadSpans(width, height, inset(found.corners, CARD_INSET));
    across = GLARE_MIN_ACROSS * longEdge(found.corners);
    const corners = found.corners.map(([x, y]) => [x * sx, y * sy]) as CardDetection['corners'];
    const area = polygonArea(corners);
    card = {
      corners,
      frameShare: area / (geometry.frameWidth * geometry.frameHeight),
      guideShare: area / Math.max(1, geometry.guide.width * geometry.guide.height),
      tiltDegrees: found.tiltDegrees,
      angleDegrees: found.angleDegrees,
      confidence: found.confidence,
    };
    fill = longEdge(corners) / Math.max(geometry.frameWidth, geometry.frameHeight);
  } else {
    const { x, y, width: gw, height: gh } = geometry.guide;
    spans = rectSpans(width, height, { x: x / sx, y: y / sy, width: gw / sx, height: gh / sy });
    across = GLARE_MIN_ACROSS * Math.max(gw / sx, gh / sy);
  }
  const { brightness, contrast } = exposure(gray, width, height, spans);
  const { clipped, glare } = clippedAndGlare(gray, width, height, spans, across);
  return {
    metrics: {
      sharpness: laplacianVariance(gray, width, height, spans),
      brightness,
      glare,
      clipped,
      contrast,
      motion: previousThumbnail ? meanAbsoluteDifference(thumb, previousThumbnail) : null,
      fill,
      card,
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

/**
 * Judges a frame, worst problem first: without light nothing can be seen, without a card nothing
 * else matters, a card too small cannot be read whatever its quality, and a frame blown out as a
 * whole is exposure (the camera can fix it) before it is a highlight (the person must tilt).
 */
export function judge(metrics: QualityMetrics, thresholds = QUALITY_THRESHOLDS): QualityVerdict {
  if (metrics.brightness < thresholds.minBrightness) return 'too-dark';
  const card = metrics.card && metrics.card.confidence >= thresholds.minConfidence ? metrics.card : null;
  // A blown-out frame hides the card's edges too: say what the camera can fix, not "no document".
  if (!card && metrics.clipped > thresholds.maxClipped) return 'too-bright';
  if (metrics.contrast < thresholds.minContrast) return 'no-document';
  // Blur hides the card's edges as well: something is in the guide (it has contrast) but nothing
  // in it is sharp, so holding still is what helps, not moving closer.
  if (!card && metrics.sharpness < thresholds.minSharpness) return 'blurry';
  if (!card) return 'no-document';
  if (metrics.fill !== null && metrics.fill < thresholds.minFill) return 'too-far';
  if (metrics.brightness > thresholds.maxBrightness || metrics.clipped > thresholds.maxClipped) return 'too-bright';
  if (metrics.glare > thresholds.maxGlare) return 'glare';
  if (metrics.motion !== null && metrics.motion > thresholds.maxMotion) return 'moving';
  if (metrics.sharpness < thresholds.minSharpness) return 'blurry';
  return 'good';
}
