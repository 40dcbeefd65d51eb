import { crc32, deflateSync } from 'node:zlib';

/**
 * Small image builders for tests, with no image library: a PNG encoder (enough for greyscale
 * pictures) and a JPEG header maker for size checks. Real pixels where the sandbox inspects them.
 */

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * Encodes 8-bit grey levels (row-major, `width * height` bytes) as an RGB PNG, the colour type
 * cameras and canvases produce, with each grey level in all three channels.
 */
export function encodeGreyPng(width: number, height: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour (RGB)
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const grey = pixels[y * width + x] ?? 0;
      const at = y * stride + 1 + x * 3;
      raw[at] = grey;
      raw[at + 1] = grey;
      raw[at + 2] = grey;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A sharp, evenly lit "document": dark text-like bars on a light card, so a sharpness and
 * brightness check passes. Deterministic for a given seed.
 */
export function documentPng(width = 1200, height = 760, seed = 1): Buffer {
  const pixels = new Uint8Array(width * height).fill(225);
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let line = 0; line < 14; line++) {
    const top = 40 + line * 50;
    let x = 40 + Math.floor(random() * 40);
    while (x < width - 60) {
      const w = 6 + Math.floor(random() * 24);
      for (let y = top; y < top + 28 && y < height; y++) {
        for (let i = x; i < x + w && i < width; i++) pixels[y * width + i] = 30;
      }
      x += w + 4 + Math.floor(random() * 10);
    }
  }
  return encodeGreyPng(width, height, pixels);
}

/** A PNG header claiming any size (IHDR only): enough for a header check, never a real image. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header)]);
}

/** JPEG markers up to a baseline frame header of the given size, after an APP0 and optional padding. */
export function jpegHeaderOnly(width: number, height: number, options: { app1Bytes?: number; sof?: number } = {}) {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  parts.push(Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  if (options.app1Bytes) {
    const body = Buffer.alloc(options.app1Bytes);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(options.app1Bytes + 2);
    parts.push(Buffer.from([0xff, 0xe1]), length, body);
  }
  const sof = Buffer.from([
    0xff,
    options.sof ?? 0xc0,
    0x00,
    0x11,
    8,
    0,
    0,
    0,
    0,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  parts.push(sof, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}
