import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffFormat } from './image.js';
import { documentPng, jpegHeaderOnly, pngHeaderOnly } from './testing/images.js';

describe('image header reading (no decoding)', () => {
  it('reads PNG and JPEG sizes from their headers', () => {
    expect(readImageHeader(documentPng(320, 200))).toEqual({ format: 'image/png', width: 320, height: 200 });
    expect(readImageHeader(pngHeaderOnly(12_000, 9))).toEqual({ format: 'image/png', width: 12_000, height: 9 });
    expect(readImageHeader(jpegHeaderOnly(4032, 3024))).toEqual({ format: 'image/jpeg', width: 4032, height: 3024 });
    // Progressive (SOF2) frames, and a large EXIF segment before the frame header.
    expect(readImageHeader(jpegHeaderOnly(800, 600, { sof: 0xc2, app1Bytes: 60_000 }))).toMatchObject({
      width: 800,
      height: 600,
    });
  });

  it('does not mistake DHT/DAC markers for a frame header', () => {
    // 0xC4 (DHT) has the SOF shape; a reader that takes it would invent a size.
    expect(readImageHeader(jpegHeaderOnly(800, 600, { sof: 0xc4 }))).toBeUndefined();
  });

  it('refuses other formats, truncated headers and zero sizes', () => {
    expect(sniffFormat(Buffer.from('GIF89a'))).toBeUndefined();
    expect(readImageHeader(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(readImageHeader(jpegHeaderOnly(800, 600).subarray(0, 25))).toBeUndefined();
    expect(readImageHeader(pngHeaderOnly(800, 600).subarray(0, 20))).toBeUndefined();
    expect(readImageHeader(pngHeaderOnly(0, 600))).toBeUndefined();
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBeUndefined();
  });

  it('reads any size exactly and never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65_535 }), fc.integer({ min: 1, max: 65_535 }), (w, h) => {
        expect(readImageHeader(jpegHeaderOnly(w, h))).toEqual({ format: 'image/jpeg', width: w, height: h });
        expect(readImageHeader(pngHeaderOnly(w, h))).toEqual({ format: 'image/png', width: w, height: h });
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom([], [0xff, 0xd8, 0xff]), (tail, head) => {
        const bytes = Buffer.concat([Buffer.from(head), Buffer.from(tail)]);
        expect(() => readImageHeader(bytes)).not.toThrow();
      }),
    );
  });
});
