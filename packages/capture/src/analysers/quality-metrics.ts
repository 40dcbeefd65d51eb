/**
 * Pure pixel arithmetic for the quality analyser. It runs inside the quality worker, and the tests
 * call it directly on generated frames, so it touches no DOM and no canvas.
 */
import { laplacianVariance, luminance, quadSpans, rectSpans, type Spans } from '@berbix-capture/imaging';
import { surroundedByTable } from './card-band.js';
import { findCard } from './card-finder.js';
import { type Point, polygonArea, type Quad } from './card-geometry.js';
import { clippedAndGlare } from './glare.js';
import { meanAbsoluteDifference, thumbnail } from './motion.js';
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
  /**
   * Set when the card looks small: whether what lies just outside it matches the frame's border
   * (the table). False for a box printed on a card that the frame cuts off, held too close or partly
   * off one side, which the finder can take for a small card far away.
   */
  onTable?: boolean;
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
  const gray = luminance(rgba, width, height);
  const thumb = thumbnail(gray, width, height);
  const sx = geometry.frameWidth / width;
  const sy = geometry.frameHeight / height;
  const chroma = toBlueYellow(rgba, width, height);
  const found = findCard(gray, width, height, { chroma });
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
    if (fill < QUALITY_THRESHOLDS.minFill)
      card.onTable = surroundedByTable({ gray, width, height, chroma }, found.corners);
  } else {
    const { x, y, width: gw, height: gh } = geometry.guide;
    spans = rectSpans(width, height, { x: x / sx, y: y / sy, width: gw / sx, height: gh / sy });
    across = GLARE_MIN_ACROSS * Math.max(gw / sx, gh / sy);
  }
  const { brightness, contrast } = exposure(gray, width, height, spans);
  const { clipped, glare } = clippedAndGlare(gray, width, height, spans, across, QUALITY_THRESHOLDS.clipLevel);
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
  // A small quad with the card's paper around it is a box printed on a card the frame cuts off:
  // the card must come into the frame, not closer.
  if (metrics.fill !== null && metrics.fill < thresholds.minFill)
    return card.onTable === false ? 'no-document' : 'too-far';
  if (metrics.brightness > thresholds.maxBrightness || metrics.clipped > thresholds.maxClipped) return 'too-bright';
  if (metrics.glare > thresholds.maxGlare) return 'glare';
  if (metrics.motion !== null && metrics.motion > thresholds.maxMotion) return 'moving';
  if (metrics.sharpness < thresholds.minSharpness) return 'blurry';
  return 'good';
}
