import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageFormat } from './format.js';

/** An 8-bit grey image, row-major. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Analysis runs on a copy whose longer side is at most this many pixels (see README: speed). */
export const ANALYSIS_MAX_SIDE = 1024;

/**
 * Decodes a JPEG or PNG and returns a grey copy no larger than `maxSide` on its longer side
 * (box-averaged, so noise is not aliased into fake detail). Throws when the bytes do not decode.
 */
export function decodeGrey(bytes: Uint8Array, format: ImageFormat, maxSide = ANALYSIS_MAX_SIDE): GreyImage {
  const { width, height, data, channels } = decodePixels(bytes, format);
  if (width < 1 || height < 1) throw new Error('empty image');
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  return boxDownscaleToGrey(data, width, height, channels, factor);
}

interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
  channels: number;
}

function decodePixels(bytes: Uint8Array, format: ImageFormat): Pixels {
  if (format === 'image/jpeg') {
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false });
    return { width: image.width, height: image.height, data: image.data, channels: 3 };
  }
  const image = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: image.width, height: image.height, data: image.data, channels: 4 };
}

function boxDownscaleToGrey(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  factor: number,
): GreyImage {
  const outWidth = Math.max(1, Math.floor(width / factor));
  const outHeight = Math.max(1, Math.floor(height / factor));
  const sums = new Float64Array(outWidth * outHeight);
  for (let y = 0; y < outHeight * factor; y++) {
    const row = (y / factor) | 0;
    let index = y * width * channels;
    for (let x = 0; x < outWidth * factor; x++) {
      // Rec. 601 luma, as cameras and the browser-side analyser compute it.
      const luma = 0.299 * (data[index] ?? 0) + 0.587 * (data[index + 1] ?? 0) + 0.114 * (data[index + 2] ?? 0);
      const o = row * outWidth + ((x / factor) | 0);
      sums[o] = (sums[o] ?? 0) + luma;
      index += channels;
    }
  }
  const area = factor * factor;
  const out = new Uint8Array(outWidth * outHeight);
  for (let i = 0; i < out.length; i++) out[i] = Math.round((sums[i] ?? 0) / area);
  return { width: outWidth, height: outHeight, data: out };
}
