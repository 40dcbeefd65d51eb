/**
 * One grey-image type for every package: 8 bits a pixel, row-major. The browser's canvas gives
 * `Uint8ClampedArray`, Node's decoders `Uint8Array`; both are accepted, and each function returns
 * the kind it was given.
 */
export type GreyPixels = Uint8Array | Uint8ClampedArray;

export interface GreyImage<Pixels extends GreyPixels = GreyPixels> {
  width: number;
  height: number;
  data: Pixels;
}

/** True where typed arrays are little-endian (every browser in use): then RGBA is one 32-bit read. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Luminance (BT.601) of RGBA pixels, one byte per pixel, with the integer weights (77, 150, 29)/256
 * of 0.299, 0.587, 0.114: the same result as the floats, none per pixel. Written into `into` when
 * given (a worker reuses one buffer for every frame instead of leaving megabytes to the garbage
 * collector), else into a new `Uint8Array`.
 */
export function luminance(rgba: GreyPixels, width: number, height: number): Uint8Array;
export function luminance<Pixels extends GreyPixels>(
  rgba: GreyPixels,
  width: number,
  height: number,
  into: Pixels,
): Pixels;
export function luminance(rgba: GreyPixels, width: number, height: number, into?: GreyPixels): GreyPixels {
  const pixels = width * height;
  if (rgba.length < pixels * 4) throw new RangeError('pixel buffer smaller than width x height x 4');
  if (into && into.length < pixels) throw new RangeError('grey buffer smaller than width x height');
  const grey = into ?? new Uint8Array(pixels);
  if (LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, pixels);
    for (let i = 0; i < pixels; i++) {
      const p = words[i] as number;
      grey[i] = ((p & 0xff) * 77 + ((p >>> 8) & 0xff) * 150 + ((p >>> 16) & 0xff) * 29) >> 8;
    }
  } else {
    for (let i = 0, j = 0; i < pixels; i++, j += 4) {
      grey[i] = ((rgba[j] as number) * 77 + (rgba[j + 1] as number) * 150 + (rgba[j + 2] as number) * 29) >> 8;
    }
  }
  return grey;
}
