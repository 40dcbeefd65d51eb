import type * as Imaging from '@berbix-capture/imaging';
import sharp from 'sharp';

/** An 8-bit grey image, row-major: the imaging package's type, with Node's byte arrays. */
export type GreyImage = Imaging.GreyImage<Uint8Array>;

/** Quality is measured on a copy whose longer side is at most this many pixels (README: "Speed"). */
export const ANALYSIS_MAX_SIDE = 1024;
/** The PDF417 is first looked for on a copy this large: about 3 px per module on a card back. */
export const BARCODE_MAX_SIDE = 2048;

export interface DecodedImage {
  /** ≤ 1024 px, with a 3x3 median against sensor noise: for brightness and sharpness. */
  analysis: GreyImage;
  /** ≤ 2048 px: for the barcode reader. */
  barcode: GreyImage;
  /** Size of the uploaded image itself. */
  width: number;
  height: number;
}

/**
 * Decodes a JPEG or PNG once into the grey copies inspection needs. libvips (through sharp)
 * shrinks a JPEG while decoding it (DCT scaling), which keeps a 12-megapixel upload near 0.1 s;
 * jpeg-js needed 1.6 s for the same file (README, "Speed"). Rejects when the bytes do not decode
 * completely (truncated, corrupt).
 */
export async function decodeForInspection(bytes: Uint8Array): Promise<DecodedImage> {
  const source = sharp(bytes, { failOn: 'error', limitInputPixels: 10_000 * 10_000 });
  const { width = 0, height = 0 } = await source.metadata();
  if (width < 1 || height < 1) throw new Error('the image has no pixels');
  const barcode = await toGrey(
    source
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize({ width: BARCODE_MAX_SIDE, height: BARCODE_MAX_SIDE, fit: 'inside', withoutEnlargement: true }),
  );
  const analysis = await toGrey(
    sharp(barcode.data, { raw: { width: barcode.width, height: barcode.height, channels: 1 } })
      .resize({ width: ANALYSIS_MAX_SIDE, height: ANALYSIS_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .median(3),
  );
  return { analysis, barcode, width, height };
}

async function toGrey(pipeline: sharp.Sharp): Promise<GreyImage> {
  // One channel out, whatever the input (libvips turns one-channel raw input into sRGB otherwise).
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}
