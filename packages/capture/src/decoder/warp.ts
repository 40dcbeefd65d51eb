import { type Quad, squareToQuad } from '../homography.js';
import { sampleThrough } from './image.js';
import type { GrayImage } from './types.js';

/**
 * Samples `quad` of the source into an upright `width` x `height` image (bilinear), with `margin`
 * output pixels of white around it: the perspective warp that turns a symbol seen at an angle back
 * into its grid, so that every image row runs along one row of the symbol. Outside the source is
 * white, like a quiet zone.
 */
export function warpQuad(src: GrayImage, quad: Quad, width: number, height: number, margin = 0): GrayImage | null {
  const h = squareToQuad(quad);
  if (!h || width < 1 || height < 1) return null;
  const outWidth = width + 2 * margin;
  const outHeight = height + 2 * margin;
  const data = new Uint8ClampedArray(outWidth * outHeight);
  const { data: pixels, width: srcWidth, height: srcHeight } = src;
  for (let y = 0; y < outHeight; y++) {
    const v = (y - margin + 0.5) / height;
    let o = y * outWidth;
    for (let x = 0; x < outWidth; x++, o++) {
      data[o] = sampleThrough(pixels, srcWidth, srcHeight, h, (x - margin + 0.5) / width, v);
    }
  }
  return { data, width: outWidth, height: outHeight };
}
