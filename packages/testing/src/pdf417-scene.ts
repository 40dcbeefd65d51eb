/**
 * Generated camera frames of a licence back, for the decoder tests and `pnpm bench:pdf417`: an
 * AAMVA payload rendered as PDF417 (bwip-js) on a card-back layout, placed in a 1920x1080 frame
 * with seeded degradations. Browser only (OffscreenCanvas); nothing binary is committed.
 *
 * Every number that shapes a frame is drawn from `seededRandom(seed)` within the ranges of its
 * severity level in `SCENE_LEVELS`, so a frame is reproducible from (seed, level).
 */

import type { Quad } from '@berbix-capture/imaging';
import { toCanvas } from 'bwip-js/browser';
import { randomLicencePayload } from './payloads.js';
import { between, seededRandom } from './random.js';
import { expose, warpInto } from './raster.js';

export const FRAME_WIDTH = 1920;
export const FRAME_HEIGHT = 1080;

/** Ranges per degradation and severity level. Ranges are [min, max); chances are 0..1. */
export interface SceneLevel {
  /** Card width as a share of the frame width (the element's guide is 0.80 of 1920). */
  cardWidth: [number, number];
  /** In-plane rotation, degrees either way. */
  rotation: number;
  /** Chance the card is held upside down (plus the rotation). */
  upsideDown: number;
  /** Perspective: how much one edge is shorter than the opposite one (0.05 = 5%). */
  keystone: number;
  /** Card centre offset from the frame centre, share of the frame either way. */
  offset: number;
  /** Chance the card is pushed partly out of the frame (up to 8% of its width cut off, barcode side kept). */
  outOfFrame: number;
  /** Gaussian blur sigma, frame pixels. */
  blur: [number, number];
  /** Gaussian sensor noise sigma, grey levels. */
  noise: [number, number];
  /** Light level multiplier (1 = well lit). */
  light: [number, number];
  /** Chance of a specular glare spot, and its peak (added grey levels). */
  glare: number;
  glarePeak: [number, number];
  /** JPEG quality of the camera frame. */
  jpegQuality: [number, number];
}

/** The level names, in the order of the columns below. */
const LEVEL_NAMES = ['mild', 'moderate', 'severe'] as const;

/** A [min, max) range. */
const range = (min: number, max: number): [number, number] => [min, max];

/** Each degradation at the three levels side by side: mild, moderate, severe. */
const LEVEL_COLUMNS: { [K in keyof SceneLevel]: readonly [SceneLevel[K], SceneLevel[K], SceneLevel[K]] } = {
  cardWidth: [range(0.72, 0.8), range(0.62, 0.8), range(0.5, 0.8)],
  rotation: [4, 10, 20],
  upsideDown: [0, 0.1, 0.2],
  keystone: [0.03, 0.07, 0.12],
  offset: [0.02, 0.04, 0.07],
  outOfFrame: [0, 0, 0.25],
  blur: [range(0, 0.8), range(0.6, 1.4), range(1.2, 2.4)],
  noise: [range(1, 4), range(4, 9), range(8, 16)],
  light: [range(0.85, 1), range(0.55, 0.9), range(0.3, 0.6)],
  glare: [0.1, 0.3, 0.6],
  glarePeak: [range(40, 90), range(60, 140), range(100, 200)],
  jpegQuality: [range(0.88, 0.95), range(0.75, 0.88), range(0.55, 0.75)],
};

export const SCENE_LEVELS = Object.fromEntries(
  LEVEL_NAMES.map((name, column) => [
    name,
    Object.fromEntries(
      Object.entries(LEVEL_COLUMNS).map(([key, values]) => [key, values[column]]),
    ) as unknown as SceneLevel,
  ]),
) as Record<(typeof LEVEL_NAMES)[number], SceneLevel>;

export type SceneLevelName = keyof typeof SCENE_LEVELS;

/** What was drawn: the payload to expect and the degradations applied (for reports). */
export interface SceneFrame {
  bitmap: ImageBitmap;
  payload: string;
  params: Record<string, number | boolean>;
}

const CARD_ASPECT = 85.6 / 54;
/** Card back is drawn at this width, then warped into the frame (supersampled: smooth edges). */
const CARD_RENDER_WIDTH = 2000;

/** Draws one frame of the corpus. */
export async function renderSceneFrame(seed: number, levelName: SceneLevelName): Promise<SceneFrame> {
  const level: SceneLevel = SCENE_LEVELS[levelName];
  const random = seededRandom(seed);
  const { payload } = randomLicencePayload(random);
  const card = drawCardBack(payload, random);

  const cardWidth = between(random, ...level.cardWidth) * FRAME_WIDTH;
  const cardHeight = cardWidth / CARD_ASPECT;
  const angle =
    ((between(random, -level.rotation, level.rotation) + (random() < level.upsideDown ? 180 : 0)) * Math.PI) / 180;
  let cx = FRAME_WIDTH / 2 + between(random, -level.offset, level.offset) * FRAME_WIDTH;
  const cy = FRAME_HEIGHT / 2 + between(random, -level.offset, level.offset) * FRAME_HEIGHT;
  const outOfFrame = random() < level.outOfFrame;
  if (outOfFrame) {
    // Push the card sideways until up to 8% of it leaves the frame.
    const cut = between(random, 0.02, 0.08) * cardWidth;
    cx = random() < 0.5 ? cardWidth / 2 - cut : FRAME_WIDTH - cardWidth / 2 + cut;
  }
  const keystone = between(random, -level.keystone, level.keystone);
  const keystoneAxis = random() < 0.5 ? 'vertical' : 'horizontal';
  const corners = cardCorners(cx, cy, cardWidth, cardHeight, angle, keystone, keystoneAxis);

  const frame = new OffscreenCanvas(FRAME_WIDTH, FRAME_HEIGHT);
  const context = frame.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  drawDesk(context, random);
  const pixels = context.getImageData(0, 0, FRAME_WIDTH, FRAME_HEIGHT);
  const cardContext = card.getContext('2d') as OffscreenCanvasRenderingContext2D;
  warpInto(pixels, cardContext.getImageData(0, 0, card.width, card.height), corners as unknown as Quad);
  context.putImageData(pixels, 0, 0);

  const blur = between(random, ...level.blur);
  const blurred = new OffscreenCanvas(FRAME_WIDTH, FRAME_HEIGHT);
  const blurredContext = blurred.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  if (blur > 0.05) blurredContext.filter = `blur(${blur.toFixed(2)}px)`;
  blurredContext.drawImage(frame, 0, 0);
  blurredContext.filter = 'none';

  const light = between(random, ...level.light);
  const glare = random() < level.glare;
  const glarePeak = between(random, ...level.glarePeak);
  // Glare lands somewhere on the card, often on the barcode.
  const glareX = cx + between(random, -0.35, 0.35) * cardWidth;
  const glareY = cy + between(random, -0.2, 0.3) * cardHeight;
  const glareRadius = between(random, 0.05, 0.12) * cardWidth;
  const noise = between(random, ...level.noise);
  const out = blurredContext.getImageData(0, 0, FRAME_WIDTH, FRAME_HEIGHT);
  expose(
    out,
    { gain: light, noise, glare: glare ? { x: glareX, y: glareY, radius: glareRadius, peak: glarePeak } : null },
    random,
  );
  blurredContext.putImageData(out, 0, 0);

  const jpegQuality = between(random, ...level.jpegQuality);
  const blob = await blurred.convertToBlob({ type: 'image/jpeg', quality: jpegQuality });
  const bitmap = await createImageBitmap(blob);
  return {
    bitmap,
    payload,
    params: {
      cardWidthShare: round(cardWidth / FRAME_WIDTH),
      angleDegrees: round((angle * 180) / Math.PI),
      keystone: round(keystone),
      outOfFrame,
      blur: round(blur),
      noise: round(noise),
      light: round(light),
      glarePeak: glare ? round(glarePeak) : 0,
      jpegQuality: round(jpegQuality),
    },
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The PDF417 modules of a payload, one row per symbol row (bwip-js at one pixel per module). */
export function pdf417Modules(payload: string, columns: number, eclevel: number): { rows: boolean[][]; width: number } {
  const canvas = new OffscreenCanvas(1, 1);
  toCanvas(
    canvas as unknown as HTMLCanvasElement,
    {
      bcid: 'pdf417',
      text: payload,
      columns,
      eclevel,
      rowmult: 1,
      scale: 1,
      padding: 0,
    } as never,
  );
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  const rows: boolean[][] = [];
  for (let y = 0; y < height; y++) {
    rows.push(
      Array.from(
        { length: width },
        (_, x) => (data[(y * width + x) * 4 + 3] as number) > 127 && (data[(y * width + x) * 4] as number) < 128,
      ),
    );
  }
  return { rows, width };
}

/** Draws a PDF417 symbol onto a context, `module` pixels per module, rows `rowHeight` modules high. */
export function drawPdf417(
  context: OffscreenCanvasRenderingContext2D,
  payload: string,
  x: number,
  y: number,
  module: number,
  options: { columns?: number; eclevel?: number; rowHeight?: number } = {},
): { width: number; height: number } {
  const { rows, width } = pdf417Modules(payload, options.columns ?? 13, options.eclevel ?? 4);
  const rowHeight = (options.rowHeight ?? 3) * module;
  context.fillStyle = '#000';
  rows.forEach((row, r) => {
    let run = -1;
    for (let c = 0; c <= row.length; c++) {
      if (c < row.length && row[c]) {
        if (run < 0) run = c;
      } else if (run >= 0) {
        context.fillRect(x + run * module, y + r * rowHeight, (c - run) * module, rowHeight);
        run = -1;
      }
    }
  });
  return { width: width * module, height: rows.length * rowHeight };
}

/** A licence back: fine guilloche lines, text blocks, a small 1D barcode, and the PDF417. */
function drawCardBack(payload: string, random: () => number): OffscreenCanvas {
  const width = CARD_RENDER_WIDTH;
  const height = Math.round(width / CARD_ASPECT);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  const hue = Math.floor(between(random, 0, 360));
  context.fillStyle = `hsl(${hue} 25% 93%)`;
  context.fillRect(0, 0, width, height);
  context.strokeStyle = `hsl(${hue} 30% 80%)`;
  context.lineWidth = 2;
  for (let i = 0; i < 40; i++) {
    context.beginPath();
    for (let x = 0; x <= width; x += 20) {
      const y = (i / 40) * height + Math.sin(x / 90 + i) * 18;
      if (x === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    }
    context.stroke();
  }
  context.fillStyle = '#222';
  context.font = `${Math.round(height * 0.035)}px sans-serif`;
  const lines = ['RESTRICTIONS: CORRECTIVE LENSES', 'ENDORSEMENTS: NONE', 'CLASS C - BASIC LICENCE', 'DONOR: YES'];
  lines.forEach((line, i) => {
    context.fillText(line, width * 0.05, height * (0.08 + i * 0.05));
  });
  // Symbol: 13-17 data columns as issuers use, filling about 88% of the card width.
  const columns = payload.length > 400 ? 17 : payload.length > 300 ? 15 : 13;
  const eclevel = 3 + Math.floor(random() * 3);
  const { width: modules } = pdf417Modules(payload, columns, eclevel);
  const module = (width * 0.88) / modules;
  drawPdf417(context, payload, width * 0.06, height * 0.34, module, { columns, eclevel, rowHeight: 3 });
  // A Code 128, as many licences carry: bars parallel to the PDF417's, to tempt the locator.
  const code128 = new OffscreenCanvas(1, 1);
  toCanvas(
    code128 as unknown as HTMLCanvasElement,
    {
      bcid: 'code128',
      text: `DL${Math.floor(between(random, 1e7, 1e8))}`,
      scale: 3,
      height: 12,
      padding: 0,
    } as never,
  );
  context.drawImage(code128, width * 0.62, height * 0.06);
  return canvas;
}

function cardCorners(
  cx: number,
  cy: number,
  width: number,
  height: number,
  angle: number,
  keystone: number,
  axis: 'vertical' | 'horizontal',
): Array<[number, number]> {
  const hw = width / 2;
  const hh = height / 2;
  // Keystone: one edge shorter by `keystone`, the opposite longer, as when the phone is tilted.
  const k = keystone / 2;
  const local: Array<[number, number]> =
    axis === 'vertical'
      ? [
          [-hw * (1 - k), -hh],
          [hw * (1 - k), -hh],
          [hw * (1 + k), hh],
          [-hw * (1 + k), hh],
        ]
      : [
          [-hw, -hh * (1 - k)],
          [hw, -hh * (1 + k)],
          [hw, hh * (1 + k)],
          [-hw, hh * (1 - k)],
        ];
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return local.map(([x, y]) => [cx + x * cos - y * sin, cy + x * sin + y * cos]);
}

/** A desk: a soft wood-like gradient with grain, so the frame is not a blank page. */
function drawDesk(context: OffscreenCanvasRenderingContext2D, random: () => number): void {
  const gradient = context.createLinearGradient(0, 0, FRAME_WIDTH, FRAME_HEIGHT);
  const shade = Math.floor(between(random, 60, 140));
  gradient.addColorStop(0, `rgb(${shade + 40} ${shade + 20} ${shade})`);
  gradient.addColorStop(1, `rgb(${shade} ${shade - 10} ${shade - 30})`);
  context.fillStyle = gradient;
  context.fillRect(0, 0, FRAME_WIDTH, FRAME_HEIGHT);
  context.strokeStyle = 'rgba(0,0,0,0.08)';
  for (let i = 0; i < 60; i++) {
    context.beginPath();
    const y = random() * FRAME_HEIGHT;
    context.moveTo(0, y);
    context.bezierCurveTo(
      FRAME_WIDTH / 3,
      y + between(random, -40, 40),
      (2 * FRAME_WIDTH) / 3,
      y + between(random, -40, 40),
      FRAME_WIDTH,
      y,
    );
    context.stroke();
  }
}
