/**
 * An image's format and size from its first bytes, without decoding it: each package refuses what
 * Berbix would refuse before spending memory, an upload or a decoder on bytes a stranger sent.
 */

/** What the first bytes can say: the formats a browser decodes as photos. */
export type ImageFormat = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'image/bmp';

/** The formats Berbix takes, whose size this module reads from the header. */
export type SizedFormat = 'image/jpeg' | 'image/png';

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageHeader extends ImageSize {
  format: SizedFormat;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

/** The format the bytes start like, whatever a declared type says; undefined for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  // RIFF, four bytes of length, WEBP.
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x42, 0x4d])) return 'image/bmp';
  return undefined;
}

/** JPEG or PNG by the first bytes (what Berbix accepts), else undefined. */
export function sniffSizedFormat(bytes: Uint8Array): SizedFormat | undefined {
  const format = sniffImageFormat(bytes);
  return format === 'image/jpeg' || format === 'image/png' ? format : undefined;
}

/**
 * Width and height as the header states them (possibly 0), or undefined when the header cannot be
 * read (truncated, broken marker chain).
 */
export function readImageSize(bytes: Uint8Array, format: SizedFormat): ImageSize | undefined {
  return format === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
}

/** The format and pixel size of a JPEG or PNG, or undefined when the header cannot be read or states no pixels. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const format = sniffSizedFormat(bytes);
  if (!format) return undefined;
  const size = readImageSize(bytes, format);
  if (!size || size.width === 0 || size.height === 0) return undefined;
  return { format, ...size };
}

/** Width and height from the PNG IHDR chunk, which the format requires to come first. */
function pngSize(bytes: Uint8Array): ImageSize | undefined {
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkType = String.fromCharCode(bytes[12] ?? 0, bytes[13] ?? 0, bytes[14] ?? 0, bytes[15] ?? 0);
  if (chunkType !== 'IHDR' || view.getUint32(8) < 8) return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers carry the size: SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the JPEG marker segments up to the first start-of-frame; undefined when the stream breaks first. */
function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    // 0xFF fill bytes may pad between segments.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    // Markers without a length: SOI, TEM and RST0..RST7.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    // End of image or start of scan before any frame header: there is no size to read.
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = view.getUint16(offset + 2);
    if (length < 2) return undefined;
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length || length < 7) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    offset += 2 + length;
  }
  return undefined;
}
