import { describe, expect, it } from 'vitest';
import { lumaToGrey, luminance } from './grey.js';
import { invertHomography, project, squareToQuad } from './homography.js';
import { laplacianVariance, quadSpans, rectSpans } from './sharpness.js';

const rgbaOf = (pixels: Array<[number, number, number]>) => Uint8ClampedArray.from(pixels.flatMap((p) => [...p, 255]));

describe('grey images', () => {
  it('takes BT.601 luminance with integer weights, into a new or a given buffer', () => {
    const rgba = rgbaOf([
      [255, 255, 255],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
    ]);
    expect([...luminance(rgba, 2, 2)]).toEqual([255, 76, 149, 28]);
    const into = new Uint8ClampedArray(4);
    expect(luminance(rgba, 2, 2, into)).toBe(into);
    expect([...into]).toEqual([255, 76, 149, 28]);
    // A view into a larger buffer is written where it sits, and nowhere else.
    const backing = new Uint8ClampedArray(6).fill(9);
    expect([...luminance(rgba, 2, 2, backing.subarray(1, 5))]).toEqual([255, 76, 149, 28]);
    expect([...backing]).toEqual([9, 255, 76, 149, 28, 9]);
    // An unaligned view is copied to be read as words, with the same answers.
    const shifted = new Uint8ClampedArray(rgba.length + 1);
    shifted.set(rgba, 1);
    expect([...luminance(shifted.subarray(1), 2, 2)]).toEqual([255, 76, 149, 28]);
    expect(() => luminance(rgba, 3, 2)).toThrow(RangeError);
    expect(() => luminance(rgba, 2, 2, new Uint8Array(3))).toThrow(RangeError);
  });

  it("takes grey from a video frame's luma plane: limited range stretched as the browser draws it, full range copied", () => {
    // Two rows of three pixels, each row padded to a stride of 4, after 2 bytes of something else.
    const plane = Uint8Array.from([7, 7, 16, 100, 235, 1, 0, 128, 255, 2]);
    const layout = { offset: 2, stride: 4 };
    // Chromium draws limited-range Y 100 as RGB 98, and clips below 16 and above 235.
    expect([...lumaToGrey(plane, layout, 3, 2, false)]).toEqual([0, 98, 255, 0, 130, 255]);
    expect([...lumaToGrey(plane, layout, 3, 2, true)]).toEqual([16, 100, 235, 0, 128, 255]);
    const backing = new Uint8ClampedArray(8).fill(9);
    expect([...lumaToGrey(plane, layout, 3, 2, false, backing.subarray(1, 7))]).toEqual([0, 98, 255, 0, 130, 255]);
    expect([...backing]).toEqual([9, 0, 98, 255, 0, 130, 255, 9]);
    // Every limited-range level: rising, from 0 at 16 to 255 at 235.
    const ramp = lumaToGrey(
      Uint8Array.from({ length: 256 }, (_, y) => y),
      { offset: 0, stride: 256 },
      256,
      1,
      false,
    );
    expect(ramp[16]).toBe(0);
    expect(ramp[235]).toBe(255);
    for (let y = 17; y <= 235; y++) expect(ramp[y]).toBeGreaterThan(ramp[y - 1] as number);
    // A layout that runs past the buffer, a stride narrower than a row, or a short target: errors.
    expect(() => lumaToGrey(plane, { offset: 4, stride: 4 }, 3, 2, false)).toThrow(RangeError);
    expect([...lumaToGrey(plane, { offset: 3, stride: 4 }, 3, 2, true)]).toEqual([100, 235, 1, 128, 255, 2]);
    expect(() => lumaToGrey(plane, { offset: 2, stride: 2 }, 3, 2, false)).toThrow(RangeError);
    expect(() => lumaToGrey(plane, { offset: -1, stride: 4 }, 3, 2, false)).toThrow(RangeError);
    expect(() => lumaToGrey(plane, { offset: Number.NaN, stride: 4 }, 3, 2, false)).toThrow(RangeError);
    expect(() => lumaToGrey(plane, layout, 3, 2, false, new Uint8Array(5))).toThrow(RangeError);
    expect([...lumaToGrey(plane, layout, 0, 0, false)]).toEqual([]);
  });

  it('gives the same grey two pixels a lookup (rows on even bytes) as one at a time (rows on odd bytes)', () => {
    // Every pair of levels side by side: 256 rows of 256 pairs.
    const levels = new Uint8Array(1 + 256 * 512);
    for (let first = 0; first < 256; first++) {
      for (let second = 0; second < 256; second++) {
        levels[1 + first * 512 + 2 * second] = first;
        levels[1 + first * 512 + 2 * second + 1] = second;
      }
    }
    const oneByOne = lumaToGrey(levels, { offset: 1, stride: 512 }, 512, 256, false);
    const even = levels.slice(1);
    const inPairs = lumaToGrey(even, { offset: 0, stride: 512 }, 512, 256, false);
    const single = lumaToGrey(
      Uint8Array.from({ length: 256 }, (_, y) => y),
      { offset: 0, stride: 256 },
      256,
      1,
      false,
    );
    const differing = (a: ArrayLike<number>, b: ArrayLike<number>) =>
      Array.from(a).filter((value, i) => value !== b[i]).length;
    expect(differing(inPairs, oneByOne)).toBe(0);
    expect(
      differing(
        inPairs,
        Array.from(even, (y) => single[y] as number),
      ),
    ).toBe(0);
    // A target that starts on an odd byte is written one pixel at a time, to the same grey.
    const backing = new Uint8ClampedArray(1 + even.length);
    const odd = lumaToGrey(even, { offset: 0, stride: 512 }, 512, 256, false, backing.subarray(1));
    expect(differing(odd, inPairs)).toBe(0);
  });

  it('measures sharpness as the variance of the Laplacian, over a whole image or a region', () => {
    const flat = new Uint8Array(25).fill(128);
    expect(laplacianVariance(flat, 5, 5)).toBe(0);
    const checker = Uint8Array.from({ length: 25 }, (_, i) => (((i % 5) + Math.floor(i / 5)) % 2 ? 255 : 0));
    // Interior Laplacians: +1020 on the five dark centres, -1020 on the four light ones.
    expect(laplacianVariance(checker, 5, 5)).toBeCloseTo(1020 ** 2 - (1020 / 9) ** 2, 6);
    // Only the flat half of a half-sharp image counts when the spans say so.
    const half = Uint8Array.from({ length: 100 }, (_, i) => (i % 10 < 5 ? 128 : i % 2 ? 255 : 0));
    expect(laplacianVariance(half, 10, 10, rectSpans(10, 10, { x: 0, y: 0, width: 4, height: 10 }))).toBe(0);
    expect(laplacianVariance(half, 10, 10)).toBeGreaterThan(1000);
    expect(laplacianVariance(flat, 2, 2)).toBe(0);
  });

  it('turns a convex quad into one run of pixel centres per row', () => {
    const spans = quadSpans(10, 10, [
      [2, 2],
      [8, 2],
      [8, 6],
      [2, 6],
    ]);
    expect([spans.start[1], spans.end[1]]).toEqual([0, 0]);
    expect([spans.start[3], spans.end[3]]).toEqual([2, 8]);
  });

  it('maps the unit square onto a quad and back', () => {
    const h = squareToQuad([
      [10, 20],
      [110, 25],
      [105, 90],
      [5, 80],
    ]) as Float64Array;
    expect(project(h, 1, 1)[0]).toBeCloseTo(105, 9);
    const [u, v] = project(invertHomography(h) as Float64Array, ...project(h, 0.3, 0.7));
    expect(u).toBeCloseTo(0.3, 9);
    expect(v).toBeCloseTo(0.7, 9);
    expect(
      squareToQuad([
        [0, 0],
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toBeNull();
  });
});
