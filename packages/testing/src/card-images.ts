import bwipjs, { type RenderOptions } from 'bwip-js/node';
import { PNG } from 'pngjs';
import sharp from 'sharp';
import { seededRandom } from './random.js';

/**
 * Synthetic document photos for the sandbox's tests: a card with a header band, a photo box and
 * rows of glyph-like marks (text), optionally a PDF417 (rendered by bwip-js) on the back, then
 * blur, exposure and noise as a camera would add them. Deterministic for a given seed.
 */
export interface CardImageOptions {
  /** Gaussian blur of this sigma applied by libvips after the box blur (fast at any size). */
  blurSigma?: number;
  width?: number;
  height?: number;
  /** Payload of a PDF417 printed on the card (the back). */
  barcode?: string;
  /** Pixel size of one PDF417 module (default 3). */
  moduleSize?: number;
  /** Box-blur radius in pixels, applied three times (close to a Gaussian of sigma ~ radius). */
  blurRadius?: number;
  /** Multiplies every pixel (exposure): 0.1 is a very dark photo, 1 unchanged. */
  exposure?: number;
  /** Standard deviation of added sensor noise (grey levels). */
  noise?: number;
  format?: 'image/jpeg' | 'image/png';
  quality?: number;
  seed?: number;
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Buffer;
}

export async function cardImage(options: CardImageOptions = {}): Promise<Buffer> {
  let pixels = await cardPixels(options);
  if (options.blurSigma) {
    const { width, height } = pixels;
    const data = await sharp(pixels.data, { raw: { width, height, channels: 4 } })
      .blur(options.blurSigma)
      .raw()
      .toBuffer();
    pixels = { width, height, data };
  }
  return encodeImage(pixels, options.format ?? 'image/jpeg', options.quality ?? 90);
}

export async function cardPixels(options: CardImageOptions = {}): Promise<RgbaImage> {
  const width = options.width ?? 1280;
  const height = options.height ?? 800;
  const random = seededRandom(options.seed ?? 1);
  const image = solid(width, height, [226, 232, 238]);
  // The card: a rounded-corner-free rectangle filling most of the frame, on a darker table.
  fill(image, 0, 0, width, height, [90, 80, 70]);
  const card = {
    x: Math.round(width * 0.06),
    y: Math.round(height * 0.08),
    w: Math.round(width * 0.88),
    h: Math.round(height * 0.84),
  };
  fill(image, card.x, card.y, card.w, card.h, [236, 238, 242]);
  fill(image, card.x, card.y, card.w, Math.round(card.h * 0.14), [30, 70, 140]);
  if (options.barcode === undefined) {
    // Front: a photo box and text rows.
    fill(image, card.x + card.w * 0.05, card.y + card.h * 0.22, card.w * 0.25, card.h * 0.6, [150, 130, 120]);
    textRows(
      image,
      random,
      card.x + card.w * 0.36,
      card.y + card.h * 0.24,
      card.w * 0.58,
      card.h * 0.7,
      Math.max(8, Math.round(height / 45)),
    );
  } else {
    const symbol = await pdf417(options.barcode, options.moduleSize ?? 3);
    const x = Math.round(card.x + (card.w - symbol.width) / 2);
    const y = Math.round(card.y + card.h * 0.2);
    if (symbol.width > card.w || y + symbol.height > card.y + card.h)
      throw new RangeError('the barcode does not fit on the card');
    blit(image, symbol, x, y);
    textRows(
      image,
      random,
      card.x + card.w * 0.05,
      y + symbol.height + card.h * 0.04,
      card.w * 0.9,
      card.y + card.h - (y + symbol.height) - card.h * 0.08,
      Math.max(8, Math.round(height / 60)),
    );
  }
  if (options.blurRadius) for (let i = 0; i < 3; i++) boxBlur(image, options.blurRadius);
  if (options.exposure !== undefined || options.noise) expose(image, options.exposure ?? 1, options.noise ?? 0, random);
  return image;
}

/** A PDF417 symbol as RGBA, with a white quiet zone (ZXing needs one). */
export async function pdf417(text: string, moduleSize = 3): Promise<RgbaImage> {
  // `columns` is a BWIPP option the typings do not list.
  const options = {
    bcid: 'pdf417',
    text,
    scale: moduleSize,
    columns: 13,
    paddingwidth: 4,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  } as RenderOptions;
  const png: Buffer = await bwipjs.toBuffer(options);
  const decoded = PNG.sync.read(png);
  return { width: decoded.width, height: decoded.height, data: decoded.data };
}

/** Encodes with libvips (fast enough to make dozens of test images per run). */
export function encodeImage(image: RgbaImage, format: 'image/jpeg' | 'image/png', quality = 90): Promise<Buffer> {
  const raw = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  return format === 'image/png' ? raw.png().toBuffer() : raw.removeAlpha().jpeg({ quality }).toBuffer();
}

type Rgb = [number, number, number];

function solid(width: number, height: number, [r, g, b]: Rgb): RgbaImage {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

function fill(image: RgbaImage, x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb): void {
  const x1 = Math.min(image.width, Math.round(x0 + w));
  const y1 = Math.min(image.height, Math.round(y0 + h));
  for (let y = Math.max(0, Math.round(y0)); y < y1; y++) {
    for (let x = Math.max(0, Math.round(x0)); x < x1; x++) {
      const i = (y * image.width + x) * 4;
      image.data[i] = r;
      image.data[i + 1] = g;
      image.data[i + 2] = b;
    }
  }
}

/** Rows of glyph-sized dark marks with word gaps: edges like printed text. */
function textRows(
  image: RgbaImage,
  random: () => number,
  x0: number,
  y0: number,
  w: number,
  h: number,
  glyph: number,
): void {
  for (let y = y0; y + glyph <= y0 + h; y += glyph * 2) {
    let x = x0;
    const end = x0 + w * (0.6 + random() * 0.4);
    while (x + glyph < end) {
      if (random() < 0.15) {
        x += glyph; // a space
        continue;
      }
      const gw = Math.max(2, Math.round(glyph * (0.3 + random() * 0.5)));
      const stroke = Math.max(1, Math.round(glyph / 6));
      fill(image, x, y, stroke, glyph, [25, 25, 30]);
      if (random() < 0.6) fill(image, x, y + (random() < 0.5 ? 0 : glyph - stroke), gw, stroke, [25, 25, 30]);
      if (random() < 0.5) fill(image, x + gw - stroke, y, stroke, glyph, [25, 25, 30]);
      x += gw + Math.max(1, Math.round(glyph / 4));
    }
  }
}

function blit(image: RgbaImage, source: RgbaImage, x0: number, y0: number): void {
  for (let y = 0; y < source.height; y++) {
    source.data.copy(image.data, ((y0 + y) * image.width + x0) * 4, y * source.width * 4, (y + 1) * source.width * 4);
  }
}

/** One horizontal and one vertical box-blur pass with running sums (O(pixels) whatever the radius). */
function boxBlur(image: RgbaImage, radius: number): void {
  const { width, height, data } = image;
  const line = new Float64Array(Math.max(width, height));
  const pass = (count: number, length: number, index: (line: number, pos: number) => number) => {
    for (let l = 0; l < count; l++) {
      for (let c = 0; c < 3; c++) {
        for (let p = 0; p < length; p++) line[p] = data[index(l, p) + c] ?? 0;
        let sum = 0;
        let n = 0;
        for (let q = 0; q < Math.min(length, radius); q++) {
          sum += line[q] ?? 0;
          n++;
        }
        for (let p = 0; p < length; p++) {
          const add = p + radius;
          const drop = p - radius - 1;
          if (add < length) {
            sum += line[add] ?? 0;
            n++;
          }
          if (drop >= 0) {
            sum -= line[drop] ?? 0;
            n--;
          }
          data[index(l, p) + c] = Math.round(sum / n);
        }
      }
    }
  };
  pass(height, width, (y, x) => (y * width + x) * 4);
  pass(width, height, (x, y) => (y * width + x) * 4);
}

const NOISE_TABLE_SIZE = 1 << 16;

function expose(image: RgbaImage, exposure: number, noise: number, random: () => number): void {
  const { data } = image;
  // Sum of three uniforms: close to Gaussian sensor noise of standard deviation `noise`. Drawn into
  // a table once and read at random offsets, so a 12-megapixel frame takes a fraction of a second.
  const table = new Float32Array(NOISE_TABLE_SIZE);
  for (let i = 0; i < table.length; i++) table[i] = noise * 2 * (random() + random() + random() - 1.5);
  const mask = NOISE_TABLE_SIZE - 1;
  for (let i = 0; i < data.length; i += 4) {
    const at = (random() * NOISE_TABLE_SIZE) | 0;
    for (let c = 0; c < 3; c++) {
      const n = noise ? (table[(at + c * 21_845) & mask] ?? 0) : 0;
      data[i + c] = Math.max(0, Math.min(255, Math.round((data[i + c] ?? 0) * exposure + n)));
    }
  }
}
