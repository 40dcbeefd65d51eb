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

/**
 * Where red, green and blue sit in a pixel read as one 32-bit word (one read per pixel instead of
 * three): the low bytes on little-endian machines (every browser in use), the high bytes otherwise.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const [RED, GREEN, BLUE] = LITTLE_ENDIAN ? [0, 8, 16] : [24, 16, 8];

/**
 * A plain byte view of `grey`'s memory, written through instead of `grey` itself: every value
 * written is already 0-255, and a clamped array's store rounds and clamps each one (a third of the
 * luminance loop's time in Chromium on a 1080p frame, which the PDF417 worker converts every frame).
 */
function bytesOf(grey: GreyPixels, pixels: number): Uint8Array {
  return grey instanceof Uint8Array ? grey : new Uint8Array(grey.buffer, grey.byteOffset, pixels);
}

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
  if (rgba.length < pixels * 4 || (into && into.length < pixels)) throw new RangeError('buffer smaller than the image');
  const grey = into ?? new Uint8Array(pixels);
  // A view that does not start on a 4-byte boundary cannot be read as words: copy it (rare).
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice(0, pixels * 4);
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  const out = bytesOf(grey, pixels);
  for (let i = 0; i < pixels; i++) {
    const p = words[i] as number;
    out[i] = (((p >>> RED) & 0xff) * 77 + ((p >>> GREEN) & 0xff) * 150 + ((p >>> BLUE) & 0xff) * 29) >> 8;
  }
  return grey;
}

/** Where one plane of a video frame lies in a buffer: its first byte and the bytes from row to row. */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/**
 * Video's limited ("studio") range puts black at 16 and white at 235; what the browser would
 * draw from such a frame stretches that to 0-255 (16 -> 0, 100 -> 98, 235 -> 255, clipped past
 * either end), and the luminance of those RGB pixels is that stretched luma again (BT.601's
 * weights cancel the colour terms), so this table gives the same grey as `luminance` of the drawn
 * frame, up to rounding.
 */
const LIMITED_RANGE_TO_FULL = Uint8Array.from({ length: 256 }, (_, y) =>
  Math.min(255, Math.max(0, Math.round(((y - 16) * 255) / 219))),
);

/**
 * Grey pixels straight from a camera frame's luma plane (the Y of I420 or NV12, as `VideoFrame.copyTo`
 * lays it out), instead of drawing the frame to a canvas and reading RGBA back: a camera's luma is
 * the luminance already. `fullRange` false (video's usual limited range) stretches 16-235 to
 * 0-255; true copies. Written row by row into `into` when given (its length must be at least
 * `width * height`), else into a new `Uint8Array`.
 */
export function lumaToGrey(
  plane: Uint8Array,
  layout: PlaneLayout,
  width: number,
  height: number,
  fullRange: boolean,
): Uint8Array;
export function lumaToGrey<Pixels extends GreyPixels>(
  plane: Uint8Array,
  layout: PlaneLayout,
  width: number,
  height: number,
  fullRange: boolean,
  into: Pixels,
): Pixels;
export function lumaToGrey(
  plane: Uint8Array,
  layout: PlaneLayout,
  width: number,
  height: number,
  fullRange: boolean,
  into?: GreyPixels,
): GreyPixels {
  const { offset, stride } = layout;
  const valid = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!valid(width) || !valid(height) || !valid(offset) || !valid(stride) || stride < width)
    throw new RangeError('bad luma plane layout');
  const pixels = width * height;
  if ((height > 0 && offset + (height - 1) * stride + width > plane.length) || (into && into.length < pixels))
    throw new RangeError('buffer smaller than the image');
  const grey = into ?? new Uint8Array(pixels);
  const out = bytesOf(grey, pixels);
  // Two pixels a lookup where every row starts on an even byte of both buffers (a 1080p camera
  // frame's rows do): half the loop of a byte at a time, which is most of this function's time.
  const inPairs =
    !fullRange &&
    pixels > 0 &&
    width % 2 === 0 &&
    stride % 2 === 0 &&
    (plane.byteOffset + offset) % 2 === 0 &&
    out.byteOffset % 2 === 0;
  if (inPairs) {
    const table = pairTable();
    const pairsIn = new Uint16Array(plane.buffer, plane.byteOffset + offset, (plane.length - offset) >> 1);
    const pairsOut = new Uint16Array(out.buffer, out.byteOffset, pixels >> 1);
    for (let y = 0; y < height; y++) {
      const from = (y * stride) >> 1;
      const to = (y * width) >> 1;
      for (let x = 0; x < width >> 1; x++) pairsOut[to + x] = table[pairsIn[from + x] as number] as number;
    }
    return grey;
  }
  for (let y = 0; y < height; y++) {
    const start = offset + y * stride;
    const base = y * width;
    if (fullRange) out.set(plane.subarray(start, start + width), base);
    else for (let x = 0; x < width; x++) out[base + x] = LIMITED_RANGE_TO_FULL[plane[start + x] as number] as number;
  }
  return grey;
}

/**
 * `LIMITED_RANGE_TO_FULL` for two bytes at once, read and written through 16-bit views: indexed by
 * the word two luma bytes make in memory, it holds the word their two grey bytes make (so it is
 * right in either byte order). 128 KB, made on first use.
 */
let pairTableMade: Uint16Array | null = null;
function pairTable(): Uint16Array {
  if (pairTableMade) return pairTableMade;
  const table = new Uint16Array(65536);
  const word = new Uint16Array(1);
  const bytes = new Uint8Array(word.buffer);
  for (let first = 0; first < 256; first++) {
    for (let second = 0; second < 256; second++) {
      bytes[0] = LIMITED_RANGE_TO_FULL[first] as number;
      bytes[1] = LIMITED_RANGE_TO_FULL[second] as number;
      const grey = word[0] as number;
      bytes[0] = first;
      bytes[1] = second;
      table[word[0] as number] = grey;
    }
  }
  pairTableMade = table;
  return table;
}
