import { encodeAamva } from '@berbix-capture/aamva';
import { pdf417Modules } from '@berbix-capture/testing/pdf417-scene';
import { seededRandom } from '@berbix-capture/testing/random';
import { describe, expect, it } from 'vitest';
import { invertHomography, project, type Quad, squareToQuad } from '../homography.js';
import { framesDevTruth, pdf417FileImage } from '../testing/pdf417-files.js';
import { readGrid } from './grid.js';
import { extractRotated, grayFromRgba } from './image.js';
import { locateSymbol } from './locate.js';
import { barSearch, findSymbolQuad, quadFromBars } from './quad.js';
import type { GrayImage } from './types.js';
import { warpQuad } from './warp.js';

const PAYLOAD = encodeAamva(
  {
    familyName: 'GRIDLY',
    givenName: 'MORGAN',
    documentNumber: 'G7654321',
    dateOfBirth: '1988-02-29',
    expiryDate: '2031-02-28',
    issueDate: '2023-03-01',
    sex: 'F',
    addressStreet: '400 MARKET ST',
    addressCity: 'SAN FRANCISCO',
    addressSubdivision: 'CA',
    addressPostalCode: '94111',
  },
  { iin: '636014', version: 10 },
);

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/**
 * A camera-like frame: the symbol's module grid (3 modules per row, card around it) seen through the
 * perspective transform onto `corners` of a 1920x1080 grey frame, box-blurred once (about a pixel)
 * and noised. Each frame pixel samples the grid at its own position (point sampling at 2x2
 * sub-pixels), so edges fall between pixels as a camera's do.
 */
function frameWithSymbol(
  corners: Quad,
  options: { noise?: number; seed?: number; blur?: number; motion?: number } = {},
): GrayImage {
  const { rows, width } = pdf417Modules(PAYLOAD, 13, 4);
  const quiet = QUIET;
  const gridWidth = width + 2 * quiet;
  const gridHeight = rows.length * 3 + 2 * quiet;
  const h = squareToQuad(corners) as Float64Array;
  const inverse = invertHomography(h) as Float64Array;
  const frame = new Float32Array(1920 * 1080).fill(200);
  for (let y = 0; y < 1080; y++) {
    for (let x = 0; x < 1920; x++) {
      let sum = 0;
      for (let sy = 0; sy < 2; sy++) {
        for (let sx = 0; sx < 2; sx++) {
          const [u, v] = project(inverse, x + (sx + 0.5) / 2, y + (sy + 0.5) / 2);
          const gx = Math.floor(u * gridWidth) - quiet;
          const gy = Math.floor((v * gridHeight - quiet) / 3);
          const inside = u >= 0 && u < 1 && v >= 0 && v < 1;
          const dark = inside && gx >= 0 && gx < width && gy >= 0 && gy < rows.length && rows[gy]?.[gx];
          sum += !inside ? 90 : dark ? 30 : 215;
        }
      }
      frame[y * 1920 + x] = sum / 4;
    }
  }
  // Extra box blurs, each about a third of a pixel of Gaussian sigma squared: a defocused lens.
  for (let pass = 0; pass < (options.blur ?? 0); pass++) boxBlur(frame, 1920, 1080);
  if (options.motion) motionBlur(frame, 1920, 1080, options.motion);
  const next = seededRandom(options.seed ?? 7);
  const data = new Uint8ClampedArray(1920 * 1080);
  for (let y = 1; y < 1079; y++) {
    for (let x = 1; x < 1919; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) sum += frame[(y + dy) * 1920 + x + dx] as number;
      data[y * 1920 + x] = sum / 9 + ((options.noise ?? 4) * (next() + next() + next() - 1.5)) / 0.5;
    }
  }
  return { data, width: 1920, height: 1080 };
}

/** The phone moving sideways while the shutter is open: each row averaged over `length` pixels, in place. */
function motionBlur(frame: Float32Array, width: number, height: number, length: number): void {
  const row = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    row.set(frame.subarray(y * width, (y + 1) * width));
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < length; k++) sum += row[Math.min(width - 1, x + k - Math.floor(length / 2))] as number;
      frame[y * width + x] = sum / length;
    }
  }
}

/** A 3x3 box blur in place (the frame's border stays). */
function boxBlur(frame: Float32Array, width: number, height: number): void {
  const copy = Float32Array.from(frame);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) sum += copy[(y + dy) * width + x + dx] as number;
      frame[y * width + x] = sum / 9;
    }
  }
}

/** The symbol's grid quad in KEYSTONE (start bar's outer edge to the stop bar's inner edge), exactly. */
function trueGridQuad(corners: Quad = KEYSTONE): { quad: Quad; modulePx: number } {
  const { width, rows } = pdf417Modules(PAYLOAD, 13, 4);
  const h = squareToQuad(corners) as Float64Array;
  const gridWidth = width + 2 * QUIET;
  const gridHeight = rows.length * 3 + 2 * QUIET;
  // The stop pattern's bar starts 18 modules before the symbol's right edge.
  const left = QUIET / gridWidth;
  const right = (QUIET + width - 18) / gridWidth;
  const top = QUIET / gridHeight;
  const bottom = (QUIET + rows.length * 3) / gridHeight;
  const quad: Quad = [
    project(h, left, top),
    project(h, right, top),
    project(h, right, bottom),
    project(h, left, bottom),
  ];
  const [tl, tr] = quad;
  return { quad, modulePx: Math.hypot(tr[0] - tl[0], tr[1] - tl[1]) / (width - 18) };
}

/**
 * Paints modules [from, to) of the symbol light grey, as glare would: in every row, or in the rows
 * from `rowFrom` to `rowTo` (shares of the symbol's height).
 */
function hideModules(
  image: GrayImage,
  from: number,
  to: number,
  rowFrom = 0,
  rowTo = 1,
  level = 205,
  corners: Quad = KEYSTONE,
): void {
  const { width, rows } = pdf417Modules(PAYLOAD, 13, 4);
  const inverse = invertHomography(squareToQuad(corners) as Float64Array) as Float64Array;
  const gridWidth = width + 2 * QUIET;
  const gridHeight = rows.length * 3 + 2 * QUIET;
  for (let y = 250; y < 850; y++) {
    for (let x = 450; x < 1400; x++) {
      const [u, v] = project(inverse, x + 0.5, y + 0.5);
      const module = u * gridWidth - QUIET;
      const row = v * gridHeight - QUIET;
      const rowShare = row / (rows.length * 3);
      if (module >= from && module < to && rowShare >= rowFrom && rowShare < rowTo) image.data[y * 1920 + x] = level;
    }
  }
}

/** Finds the symbol and reads its grid, as the read plan's first step does. */
function readFrame(image: GrayImage): Uint8Array | null {
  const estimate = locateSymbol(image);
  if (!estimate.region) return null;
  const found = findSymbolQuad(image, estimate.region);
  if (!found) return null;
  return readGrid(image, found.gridQuad, found.modulePx, found.barsPerLine).symbol?.bytes ?? null;
}

/** Modules of light card around the symbol, inside the drawn quad. */
const QUIET = 12;

// A tilted card: the far edge (right) is shorter than the near one, about 2.6 px per module.
const KEYSTONE: Quad = [
  [520, 380],
  [1330, 420],
  [1320, 640],
  [515, 700],
];

describe('the grid reader', () => {
  it('maps the unit square onto a quad exactly', () => {
    const h = squareToQuad(KEYSTONE) as Float64Array;
    const corners = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ].map(([u, v]) => project(h, u as number, v as number));
    corners.forEach(([x, y], i) => {
      expect(x).toBeCloseTo((KEYSTONE[i] as readonly number[])[0] as number, 6);
      expect(y).toBeCloseTo((KEYSTONE[i] as readonly number[])[1] as number, 6);
    });
    expect(squareToQuad([KEYSTONE[0], KEYSTONE[0], KEYSTONE[0], KEYSTONE[0]])).toBeNull();
    const warped = warpQuad(frameWithSymbol(KEYSTONE), KEYSTONE, 400, 120, 10);
    expect(warped?.width).toBe(420);
    expect(warped?.height).toBe(140);
  });

  it('reads a symbol under keystone at about 2.6 px per module, byte for byte', () => {
    const bytes = readFrame(frameWithSymbol(KEYSTONE));
    expect(bytes && latin1(bytes)).toBe(PAYLOAD);
  });

  it('finds the start and stop bars within a module of where they are', () => {
    const image = frameWithSymbol(KEYSTONE);
    const estimate = locateSymbol(image);
    const found = estimate.region ? findSymbolQuad(image, estimate.region) : null;
    expect(found).not.toBeNull();
    // The drawn quad includes the card around the symbol; the symbol's own left edge is QUIET modules in.
    const { width, rows } = pdf417Modules(PAYLOAD, 13, 4);
    const h = squareToQuad(KEYSTONE) as Float64Array;
    const quiet = QUIET;
    const gridWidth = width + 2 * quiet;
    const gridHeight = rows.length * 3 + 2 * quiet;
    const topLeft = project(h, quiet / gridWidth, quiet / gridHeight);
    const [x, y] = found?.gridQuad[0] ?? [0, 0];
    expect(Math.hypot(x - topLeft[0], y - topLeft[1])).toBeLessThan(3);
    expect(found?.modulePx).toBeGreaterThan(2);
    expect(found?.modulePx).toBeLessThan(3.3);
  });

  it('finds the bars when the located region takes in the print below a short symbol', () => {
    // A symbol a sixth of the region's height, as when lines of print under it join its component.
    const image = frameWithSymbol(KEYSTONE);
    const estimate = locateSymbol(image);
    const region = estimate.region;
    expect(region).not.toBeNull();
    if (!region) return;
    const tall = { ...region, cy: region.cy + 2.5 * region.height, height: 6 * region.height };
    const found = findSymbolQuad(image, tall);
    const { quad } = trueGridQuad();
    const [x, y] = found?.gridQuad[0] ?? [0, 0];
    expect(Math.hypot(x - quad[0][0], y - quad[0][1])).toBeLessThan(3);
  });

  it('crops only the rows around the bars when the region is three times the symbol, and finds them there', () => {
    const image = frameWithSymbol(KEYSTONE);
    const region = locateSymbol(image).region;
    expect(region).not.toBeNull();
    if (!region) return;
    const tall = { ...region, cy: region.cy + region.height, height: 3 * region.height };
    const search = barSearch(image, tall);
    const found = quadFromBars(search);
    const { quad } = trueGridQuad();
    const [x, y] = found?.gridQuad[0] ?? [0, 0];
    expect(Math.hypot(x - quad[0][0], y - quad[0][1])).toBeLessThan(3);
    // The crop is the rows the rectangle it reports gives (the same samples, to float rounding).
    expect(search.crop.height).toBeLessThan(0.7 * tall.height * 1.06 * search.scale);
    const again = extractRotated(image, search.rect, search.scale);
    expect([again.width, again.height]).toEqual([search.crop.width, search.crop.height]);
    const differing = again.data.filter((value, i) => Math.abs(value - (search.crop.data[i] as number)) > 1).length;
    expect(differing).toBe(0);
  });

  it('reads the rows level when one corner of the quad is off and one row indicator is hidden', () => {
    // The stop bar's top found a few pixels low (guilloche or glare cut it short), and glare over
    // the left row indicator: scan lines cross rows on their way, and with one indicator left, the
    // data codewords' clusters say how far.
    const image = frameWithSymbol(KEYSTONE);
    hideModules(image, 17, 34);
    const { quad, modulePx } = trueGridQuad();
    const [tl, tr, br, bl] = quad;
    const skewed: Quad = [tl, [tr[0], tr[1] + 4], br, bl];
    const read = readGrid(image, skewed, modulePx).symbol;
    expect(read && latin1(read.bytes)).toBe(PAYLOAD);
  });

  it("finds the symbol's corner when glare hides one end of the stop bar, and reads it", () => {
    // A clipped highlight over the top fifth of the stop pattern and the right row indicator: the
    // stop bar's own extent starts well down the symbol, but the rows' texture across the rest of
    // the symbol still ends on the true top edge.
    const image = frameWithSymbol(KEYSTONE);
    const { width } = pdf417Modules(PAYLOAD, 13, 4);
    hideModules(image, width - 24, width - 4, 0, 0.2, 255);
    const estimate = locateSymbol(image);
    const found = estimate.region ? findSymbolQuad(image, estimate.region) : null;
    const { quad, modulePx } = trueGridQuad();
    const [x, y] = found?.gridQuad[1] ?? [0, 0];
    expect(Math.hypot(x - quad[1][0], y - quad[1][1]) / modulePx).toBeLessThan(2);
    const bytes = readFrame(image);
    expect(bytes && latin1(bytes)).toBe(PAYLOAD);
  });

  it('finds the far corner when glare hides the lower part of a stop bar that reaches further down', () => {
    // The card turned so that the symbol's right end is the nearer one and reaches well below its
    // left end; a highlight over the lower third of the stop pattern cuts its bar short. The strips
    // across the symbol must look far enough past the start bar's end to see where the rows end.
    const turned: Quad = [
      [520, 400],
      [1330, 380],
      [1335, 720],
      [515, 660],
    ];
    const image = frameWithSymbol(turned);
    const { width } = pdf417Modules(PAYLOAD, 13, 4);
    hideModules(image, width - 24, width - 4, 0.65, 1, 255, turned);
    const estimate = locateSymbol(image);
    const found = estimate.region ? findSymbolQuad(image, estimate.region) : null;
    const { quad, modulePx } = trueGridQuad(turned);
    const [x, y] = found?.gridQuad[2] ?? [0, 0];
    expect(Math.hypot(x - quad[2][0], y - quad[2][1]) / modulePx).toBeLessThan(2);
  });

  it('reads a grid whose start bar was found two modules long at each end once the quad is fitted to it', () => {
    // Noise or a card's edge carried the start bar on past the symbol: the scan lines near the top
    // and bottom run from one row into the next, and too few codewords read. Sliding each corner
    // along its bar to where more windows read exactly gives the grid back.
    const image = frameWithSymbol(KEYSTONE, { blur: 1, seed: 5, noise: 10 });
    const { quad, modulePx } = trueGridQuad();
    const [tl, tr, br, bl] = quad;
    const stretched: Quad = [[tl[0], tl[1] - 2 * modulePx], tr, br, [bl[0], bl[1] + 2 * modulePx]];
    const first = readGrid(image, stretched, modulePx);
    expect(first.symbol).toBeNull();
    const fitted = first.refine?.() ?? null;
    expect(fitted && latin1(fitted.bytes)).toBe(PAYLOAD);
  });

  it('reads by correlation a grid whose noise and blur leave too many codewords misread', () => {
    // Six box blurs and heavy noise: the scan lines place the rows, but too many of their
    // thresholded windows are wrong for Reed-Solomon (this grid did not read before). Each cell's
    // modules averaged down its row and matched against its cluster's codewords read it.
    const image = frameWithSymbol(KEYSTONE, { blur: 6, noise: 24, seed: 1 });
    const { quad, modulePx } = trueGridQuad();
    const read = readGrid(image, quad, modulePx).symbol;
    expect(read && latin1(read.bytes)).toBe(PAYLOAD);
  });

  it('finds the column count when blurred bars make the module look a third wider', () => {
    const image = frameWithSymbol(KEYSTONE);
    const { quad, modulePx } = trueGridQuad();
    const read = readGrid(image, quad, modulePx * 1.35).symbol;
    expect(read && latin1(read.bytes)).toBe(PAYLOAD);
  });

  it('reads through blur that greys out single-module bars', () => {
    // Five more box blurs: single-module bars and spaces no longer cross the window's threshold.
    const image = frameWithSymbol(KEYSTONE, { blur: 5, seed: 11 });
    const { quad, modulePx } = trueGridQuad();
    const read = readGrid(image, quad, modulePx).symbol;
    expect(read && latin1(read.bytes)).toBe(PAYLOAD);
  });

  it('reads through a hand moving along the rows on top of defocus, and through heavier defocus', () => {
    // Five pixels of motion along the rows (two modules) after two box blurs, and six box blurs
    // alone: each module's value is mostly its neighbours'. Sharpening the scan line along its
    // length gives the thin bars and spaces back; the per-window fallback alone did not.
    const { quad, modulePx } = trueGridQuad();
    for (const blurred of [
      frameWithSymbol(KEYSTONE, { blur: 2, motion: 5, noise: 6, seed: 3 }),
      frameWithSymbol(KEYSTONE, { blur: 6, noise: 4, seed: 3 }),
    ]) {
      const read = readGrid(blurred, quad, modulePx).symbol;
      expect(read && latin1(read.bytes)).toBe(PAYLOAD);
    }
  });

  it('gives no text, rather than a wrong one, when too much of the symbol is hidden', () => {
    const image = frameWithSymbol(KEYSTONE);
    // A thumb over the middle third of the symbol: more codewords than the error correction holds.
    for (let y = 380; y < 720; y++) for (let x = 780; x < 1070; x++) image.data[y * 1920 + x] = 190;
    expect(readFrame(image)).toBeNull();
  });

  it('finds nothing in noise or in a blank frame', () => {
    const next = seededRandom(3);
    const noise = new Uint8ClampedArray(1920 * 1080).map(() => next() * 255);
    expect(readFrame({ data: noise, width: 1920, height: 1080 })).toBeNull();
    expect(readFrame({ data: new Uint8ClampedArray(1920 * 1080).fill(180), width: 1920, height: 1080 })).toBeNull();
  });

  it("finds a dim, noisy symbol's top and bottom where they are, not where the noise around it ends", async () => {
    // A real frame from the independent renderer (frames-dev severe/04: dim, blurred, noisy, JPEG
    // at quality 45). Between neighbouring pixels its bars differ little more than the noise on the
    // paper around it, so the symbol's texture seemed to run on past its edges; a module apart they
    // differ by the bars' contrast.
    const bitmap = await pdf417FileImage('frames-dev/severe/04.jpg');
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    ctx.drawImage(bitmap, 0, 0);
    const image = grayFromRgba(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
    const truth = await framesDevTruth('severe/04.jpg');
    const corners: Quad = truth.geometry.symbolQuad;
    const modules = truth.card.symbol.modulesX as number;
    // The grid quad ends at the stop pattern's bar, 18 modules before the symbol's right edge.
    const h = squareToQuad(corners) as Float64Array;
    const expected: Quad = [
      corners[0],
      project(h, (modules - 18) / modules, 0),
      project(h, (modules - 18) / modules, 1),
      corners[3],
    ];
    const modulePx = Math.hypot(expected[1][0] - expected[0][0], expected[1][1] - expected[0][1]) / (modules - 18);
    const region = locateSymbol(image).region;
    expect(region).not.toBeNull();
    const found = region ? findSymbolQuad(image, region) : null;
    expect(found).not.toBeNull();
    const errors = (found?.gridQuad ?? []).map(
      (p, k) =>
        Math.hypot(p[0] - (expected[k] as [number, number])[0], p[1] - (expected[k] as [number, number])[1]) / modulePx,
    );
    expect(Math.max(...errors)).toBeLessThan(2);
  });
});
