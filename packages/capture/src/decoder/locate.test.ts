import { encodeAamva } from '@berbix-capture/aamva';
import { drawPdf417 } from '@berbix-capture/testing/pdf417-scene';
import { describe, expect, it } from 'vitest';
import {
  bilinear,
  extractRotated,
  grayFromRgba,
  mirror,
  otsuThreshold,
  rotateQuarter,
  sampleRotatedRow,
} from './image.js';
import { locateSymbol } from './locate.js';
import { bytesFromText, bytesFromWindows1252Text, textFromBytes } from './payload.js';
import type { GrayImage } from './types.js';

const PAYLOAD = encodeAamva(
  {
    familyName: 'LOCATOR',
    givenName: 'ANGLE',
    documentNumber: 'L7654321',
    dateOfBirth: '1985-12-01',
    expiryDate: '2031-12-01',
  },
  { version: 10 },
);

/** A canvas of `width` x `height` filled with `background`, and its 2D context (read back often). */
function paintedCanvas(width: number, height: number, background: string) {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return ctx;
}

/** A 1541x972 guide-sized grey image with the symbol at `degrees`, 4 px per module, plus a few text lines. */
function scene(degrees: number) {
  const ctx = paintedCanvas(1541, 972, '#f2efe8');
  ctx.translate(770, 486);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.fillStyle = '#222';
  ctx.font = '28px sans-serif';
  ctx.fillText('RESTRICTIONS: NONE   ENDORSEMENTS: NONE', -600, -260);
  const size = drawPdf417(ctx, PAYLOAD, -600, -120, 4, { columns: 13, eclevel: 4 });
  return { gray: grayFromRgba(ctx.getImageData(0, 0, 1541, 972).data, 1541, 972), size };
}

/** Orientation difference in degrees, modulo 180. */
function off(estimateRad: number, degrees: number): number {
  const diff = ((((estimateRad * 180) / Math.PI - degrees) % 180) + 180) % 180;
  return Math.min(diff, 180 - diff);
}

describe('locateSymbol', () => {
  for (const degrees of [0, 3, -7, 12, -15, 88, 90, 93, 183]) {
    // Within 1 degree, well inside the ~3 degrees ZXing tolerates. (A full-resolution refinement
    // measured 0.4 degrees here but read fewer real photos and cost 8 ms more per frame.)
    it(`finds the symbol and its angle within 1 degree at ${degrees} degrees`, () => {
      const { gray, size } = scene(degrees);
      const estimate = locateSymbol(gray);
      expect(off(estimate.angle, degrees)).toBeLessThan(1);
      expect(estimate.region).not.toBeNull();
      // The region holds the whole symbol (plus margins) and not much more.
      expect(estimate.region?.width).toBeGreaterThan(size.width);
      expect(estimate.region?.width).toBeLessThan(size.width * 1.6);
    });
  }

  it('takes the symbol, not a larger block of print below it with as much edge energy in all', () => {
    const width = 1541;
    const height = 972;
    const ctx = paintedCanvas(width, height, '#f2efe8');
    const size = drawPdf417(ctx, PAYLOAD, 190, 60, 4, { columns: 13, eclevel: 4 });
    // Lines of upright strokes, as blocky print looks at this scale: sparser than the symbol's
    // bars, spread over several times its area.
    ctx.fillStyle = '#222';
    let seed = 11;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let line = 0; line < 15; line++) {
      const top = 60 + size.height + 60 + line * 42;
      for (let x = 60; x < width - 80; ) {
        if (next() < 0.12) x += 30;
        ctx.fillRect(x, top, 3, 22);
        x += 14 + Math.floor(next() * 12);
      }
    }
    const estimate = locateSymbol(grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height));
    const region = estimate.region;
    expect(region).not.toBeNull();
    // The region holds the symbol from its top to its bottom, and not the print (its margins aside).
    expect((region?.cy ?? 0) - (region?.height ?? 0) / 2).toBeLessThan(60);
    expect((region?.cy ?? 0) + (region?.height ?? 0) / 2).toBeGreaterThan(60 + size.height);
    expect(region?.height).toBeLessThan(size.height * 3);
  });

  it('finds a symbol of small modules held in portrait beside a stripe and text at right angles to its bars', () => {
    // A card held upright: its stripe and lines of text run along its long side, as the symbol's
    // rows do, so their edges cross the symbol's bars at right angles. At 1.6 px a module the
    // half-size analysis image blurs the bars into grey: the symbol's blocks keep the frame's
    // strongest edges but agree little on a direction, and the stripe and text win it.
    const width = 1920;
    const height = 1080;
    const ctx = paintedCanvas(width, height, '#8a8470');
    ctx.fillStyle = '#f2efe8';
    ctx.fillRect(700, 60, 600, 960);
    ctx.fillStyle = '#3a3330';
    ctx.fillRect(760, 60, 90, 960);
    ctx.save();
    ctx.translate(1000, 980);
    ctx.rotate(-Math.PI / 2);
    ctx.fillStyle = '#222';
    ctx.font = '24px sans-serif';
    for (let line = 0; line < 5; line++) ctx.fillText('DEPARTMENT OF MOTOR VEHICLES  RESTRICTIONS NONE', 0, line * 34);
    ctx.restore();
    ctx.save();
    ctx.translate(1270, 200);
    ctx.rotate(Math.PI / 2);
    const size = drawPdf417(ctx, PAYLOAD, 0, 0, 1.6, { columns: 18, eclevel: 4, rowHeight: 4 });
    ctx.restore();
    const estimate = locateSymbol(grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height));
    // The symbol's rows run down the frame: the gradient across its bars is vertical.
    expect(off(estimate.angle, 90)).toBeLessThan(3);
    const region = estimate.region;
    expect(region).not.toBeNull();
    // Its centre is the symbol's (the symbol spans x 1270 - height .. 1270, y 200 .. 200 + width).
    expect(Math.abs((region?.cx ?? 0) - (1270 - size.height / 2))).toBeLessThan(size.height / 2);
    expect(Math.abs((region?.cy ?? 0) - (200 + size.width / 2))).toBeLessThan(size.width / 4);
  });

  it("finds the symbol where the mean of the frame's edge directions lies near none of them", () => {
    // A card's rules across its bars and a diagonal texture beside it carry more edge, all told,
    // than the symbol: averaged, the directions point between the three (the rules cancel the
    // symbol's and the diagonal is left), so the patch along the mean is the texture and the
    // strongest other direction the rules. The symbol is a direction of its own and the densest patch.
    const width = 1920;
    const height = 1080;
    const ctx = paintedCanvas(width, height, '#d8d4cc');
    ctx.fillStyle = '#6a665e';
    for (let y = 560; y < 810; y += 12) ctx.fillRect(60, y, 1100, 4);
    ctx.save();
    ctx.beginPath();
    ctx.rect(1250, 100, 500, 700);
    ctx.clip();
    ctx.strokeStyle = '#6a665e';
    ctx.lineWidth = 4;
    for (let x = 1200 - height; x < width; x += 12) {
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x + height, height);
      ctx.stroke();
    }
    ctx.restore();
    const size = drawPdf417(ctx, PAYLOAD, 120, 120, 4, { columns: 13, eclevel: 4 });
    const estimate = locateSymbol(grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height));
    expect(off(estimate.angle, 0)).toBeLessThan(1);
    const region = estimate.region;
    expect(region).not.toBeNull();
    expect(Math.abs((region?.cx ?? 0) - (120 + size.width / 2))).toBeLessThan(size.width / 4);
    expect(Math.abs((region?.cy ?? 0) - (120 + size.height / 2))).toBeLessThan(size.height / 2);
  });

  it('reports no region on a blank or uniformly noisy image', () => {
    const blank = { data: new Uint8ClampedArray(800 * 600).fill(200), width: 800, height: 600 };
    expect(locateSymbol(blank).region).toBeNull();
    expect(locateSymbol({ data: new Uint8ClampedArray(4), width: 2, height: 2 })).toEqual({ angle: 0, region: null });
  });
});

describe('pixel helpers', () => {
  const image = { data: Uint8ClampedArray.from([1, 2, 3, 4, 5, 6]), width: 3, height: 2 };

  it('turns by quarter turns exactly and mirrors', () => {
    expect(Array.from(rotateQuarter(image, 1).data)).toEqual([4, 1, 5, 2, 6, 3]);
    expect(Array.from(rotateQuarter(image, 2).data)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(rotateQuarter(rotateQuarter(image, 1), 3)).toEqual(image);
    expect(Array.from(mirror(image).data)).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('extracts an unrotated rectangle unchanged and fills outside with white', () => {
    const out = extractRotated(image, { cx: 1.5, cy: 1, width: 3, height: 2, angle: 0 });
    expect(Array.from(out.data).slice(0, 2)).toEqual([1, 2]);
    const outside = extractRotated(image, { cx: 100, cy: 100, width: 2, height: 2, angle: 0 });
    expect(Array.from(outside.data)).toEqual([255, 255, 255, 255]);
  });

  it('interpolates bilinearly between pixel centres, white past the last centre, at negative or NaN positions', () => {
    const at = (x: number, y: number) => bilinear(image.data, image.width, image.height, x, y);
    expect(at(0.5, 0.25)).toBeCloseTo(1.5 + 0.25 * 3);
    expect(at(1, 0)).toBe(2);
    expect(at(2, 0)).toBe(255);
    expect(at(1, 1)).toBe(255);
    expect(at(-0.01, 0.5)).toBe(255);
    expect(at(0.5, -0.01)).toBe(255);
    expect(at(Number.NaN, 0)).toBe(255);
    // Far outside (a degenerate perspective): white, not a pixel the integer conversion wrapped to.
    expect(at(2 ** 32 + 0.5, 0.5)).toBe(255);
    expect(at(0.5, 2 ** 32)).toBe(255);
  });

  it('makes every n-th row of a crop, or one row, exactly as the whole crop has it', () => {
    const width = 41;
    const height = 29;
    const source = { data: new Uint8ClampedArray(width * height).map((_, i) => (i * 31 + 11) % 241), width, height };
    const rect = { cx: 20, cy: 14, width: 36, height: 27, angle: 0.4 };
    const whole = extractRotated(source, rect, 0.8);
    const rows = (crop: GrayImage, ys: number[]) =>
      ys.map((y) => Array.from(crop.data.subarray(y * crop.width, (y + 1) * crop.width)));
    const sparse = extractRotated(source, rect, 0.8, 4);
    expect(sparse.height).toBe(Math.ceil(whole.height / 4));
    const everyFourth = Array.from({ length: sparse.height }, (_, k) => 4 * k);
    expect(
      rows(
        sparse,
        everyFourth.map((_, k) => k),
      ),
    ).toEqual(rows(whole, everyFourth));
    const one = new Uint8ClampedArray(whole.width + 3);
    sampleRotatedRow(source, rect, 0.8, 13, one, 3);
    expect(Array.from(one.subarray(3))).toEqual(rows(whole, [13])[0]);
  });

  it('crops a turned, scaled rectangle to exactly the pixels bilinear sampling gives, past the edges too', () => {
    // The crop steps its source position along each row: every pixel must be `bilinear` there.
    const width = 37;
    const height = 23;
    const source = { data: new Uint8ClampedArray(width * height).map((_, i) => (i * 53 + 7) % 251), width, height };
    for (const [angle, scale] of [
      [0.3, 1],
      [-2.1, 0.7],
      [Math.PI / 2, 2.5],
    ] as const) {
      const rect = { cx: 30, cy: 4, width: 30, height: 19, angle };
      const crop = extractRotated(source, rect, scale);
      const cos = Math.cos(angle) / scale;
      const sin = Math.sin(angle) / scale;
      const expected = Array.from({ length: crop.width * crop.height }, (_, o) => {
        const x = o % crop.width;
        const oy = Math.floor(o / crop.width) + 0.5 - crop.height / 2;
        let sx = rect.cx + (0.5 - crop.width / 2) * cos - oy * sin - 0.5;
        let sy = rect.cy + (0.5 - crop.width / 2) * sin + oy * cos - 0.5;
        for (let k = 0; k < x; k++) {
          sx += cos;
          sy += sin;
        }
        return Uint8ClampedArray.of(bilinear(source.data, width, height, sx, sy))[0];
      });
      expect(Array.from(crop.data)).toEqual(expected);
      // Part of each crop lies outside the source: white there.
      expect(crop.data).toContain(255);
    }
  });

  it('thresholds with Otsu', () => {
    const two = { data: Uint8ClampedArray.from([10, 12, 200, 210]), width: 2, height: 2 };
    expect(Array.from(otsuThreshold(two).data)).toEqual([0, 0, 255, 255]);
  });

  it('refuses a pixel buffer smaller than its size', () => {
    expect(() => grayFromRgba(new Uint8ClampedArray(3), 1, 1)).toThrow(RangeError);
  });

  it('converts to grey with BT.601 weights, into a reused buffer when it fits', () => {
    const rgba = new Uint8ClampedArray(64 * 4).map((_, i) => (i * 37 + 11) % 256);
    const expected = Array.from({ length: 64 }, (_, i) => {
      const [r, g, b] = [rgba[4 * i] as number, rgba[4 * i + 1] as number, rgba[4 * i + 2] as number];
      return (r * 77 + g * 150 + b * 29) >> 8;
    });
    const buffer = new Uint8ClampedArray(64);
    const grey = grayFromRgba(rgba, 8, 8, buffer);
    expect(grey.data).toBe(buffer);
    expect(Array.from(grey.data)).toEqual(expected);
    // A buffer of another size is not used, and a view that does not start on a 4-byte boundary
    // (the byte-by-byte path) gives the same answer.
    expect(grayFromRgba(rgba, 8, 8, new Uint8ClampedArray(3)).data).not.toBe(buffer);
    const shifted = new Uint8ClampedArray(64 * 4 + 1);
    shifted.set(rgba, 1);
    expect(Array.from(grayFromRgba(shifted.subarray(1), 8, 8).data)).toEqual(expected);
  });
});

describe('payload bytes', () => {
  it('round-trips ISO-8859-1 and UTF-8 text, and undoes windows-1252', () => {
    expect(Array.from(bytesFromText('A\n\x1e\xe9'))).toEqual([0x41, 0x0a, 0x1e, 0xe9]);
    expect(Array.from(bytesFromText('\u0142'))).toEqual([0xc5, 0x82]);
    expect(Array.from(bytesFromWindows1252Text('\u201a\u20ac\x81'))).toEqual([0x82, 0x80, 0x81]);
    expect(textFromBytes(Uint8Array.from([0xc5, 0x82]))).toBe('\u0142');
    expect(textFromBytes(Uint8Array.from([0xe9, 0x41]))).toBe('\xe9A');
  });
});
