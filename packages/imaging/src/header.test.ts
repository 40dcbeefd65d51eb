import { describe, expect, it } from 'vitest';
import { readImageHeader, readImageSize, sniffImageFormat, sniffSizedFormat } from './header.js';

/** SOI, an APP0 segment, then a start-of-frame segment with the given marker and size. */
function jpegHeader(width: number, height: number, sof = 0xc0): Uint8Array {
  return Uint8Array.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xe0, 0x00, 0x06, 0x4a, 0x46, 0x49, 0x46],
    ...[0xff, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03],
    ...new Array(15).fill(0),
  ]);
}

function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('image headers', () => {
  it('sniffs the formats a browser decodes as photos by their first bytes', () => {
    expect(sniffImageFormat(jpegHeader(10, 10))).toBe('image/jpeg');
    expect(sniffImageFormat(pngHeader(10, 10))).toBe('image/png');
    expect(sniffImageFormat(ascii('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageFormat(ascii('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
    expect(sniffImageFormat(ascii('GIF89a'))).toBe('image/gif');
    expect(sniffImageFormat(ascii('BM\0\0'))).toBe('image/bmp');
    expect(sniffImageFormat(ascii('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
    // Only JPEG and PNG carry a size this module reads (what Berbix takes).
    expect(sniffSizedFormat(ascii('GIF89a'))).toBeUndefined();
    expect(sniffSizedFormat(pngHeader(1, 1))).toBe('image/png');
  });

  it('reads JPEG and PNG sizes, progressive frames too, and not from DHT', () => {
    expect(readImageHeader(jpegHeader(4032, 3024))).toEqual({ format: 'image/jpeg', width: 4032, height: 3024 });
    expect(readImageHeader(jpegHeader(800, 600, 0xc2))).toEqual({ format: 'image/jpeg', width: 800, height: 600 });
    expect(readImageHeader(jpegHeader(800, 600, 0xc4))).toBeUndefined();
    expect(readImageHeader(pngHeader(12_000, 9))).toEqual({ format: 'image/png', width: 12_000, height: 9 });
  });

  it('refuses truncated headers and zero sizes, while readImageSize reports the zero', () => {
    expect(readImageHeader(jpegHeader(800, 600).subarray(0, 16))).toBeUndefined();
    expect(readImageHeader(pngHeader(800, 600).subarray(0, 20))).toBeUndefined();
    expect(readImageHeader(pngHeader(0, 600))).toBeUndefined();
    expect(readImageSize(pngHeader(0, 600), 'image/png')).toEqual({ width: 0, height: 600 });
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
  });

  it('never throws on arbitrary bytes after a JPEG start', () => {
    let seed = 7;
    for (let run = 0; run < 500; run++) {
      const bytes = new Uint8Array(3 + (run % 64));
      bytes.set([0xff, 0xd8, 0xff]);
      for (let i = 3; i < bytes.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        bytes[i] = seed >>> 24;
      }
      expect(() => readImageHeader(bytes)).not.toThrow();
    }
  });
});
