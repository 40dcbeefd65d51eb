import { describe, expect, it } from 'vitest';
import { bandLooksLikeTable } from './card-band.js';
import { findCard } from './card-finder.js';
import { cornerError, type Quad } from './card-geometry.js';

const WIDTH = 480;
const HEIGHT = 360;
/** A light ID-1 card (85.6 x 54) on a dark table, with a printed box inside it. */
const CARD: Quad = [
  [90, 80],
  [390, 80],
  [390, 269],
  [90, 269],
];
const BOX: Quad = [
  [120, 110],
  [360, 110],
  [360, 240],
  [120, 240],
];

function fill(gray: Uint8Array, [[x0, y0], , [x1, y1]]: Quad, level: number) {
  for (let y = Math.round(y0); y < Math.round(y1); y++)
    gray.fill(level, y * WIDTH + Math.round(x0), y * WIDTH + Math.round(x1));
}

/** The table at 70, the card at 210, the printed box's rim at 40 around paper at 200. */
function scene({ lineAbove }: { lineAbove: number | null }): Uint8Array {
  const gray = new Uint8Array(WIDTH * HEIGHT).fill(70);
  // A straight dark seam in the table, parallel to the card's top edge (wood, a shadow, a sheet's edge).
  if (lineAbove !== null)
    fill(
      gray,
      [
        [0, 80 - lineAbove],
        [WIDTH, 0],
        [WIDTH, 80 - lineAbove + 3],
        [0, 0],
      ],
      20,
    );
  fill(gray, CARD, 210);
  fill(gray, BOX, 40);
  fill(
    gray,
    [
      [124, 114],
      [0, 0],
      [356, 236],
      [0, 0],
    ],
    200,
  );
  return gray;
}

describe('the band between nested quads', () => {
  it('is the table when the larger quad reaches past the card into the table', () => {
    const image = { gray: scene({ lineAbove: 14 }), width: WIDTH, height: HEIGHT };
    const past: Quad = [
      [90, 66],
      [390, 66],
      [390, 269],
      [90, 269],
    ];
    expect(bandLooksLikeTable(image, past, CARD)).toBe(true);
  });

  it('is the card when the smaller quad is a box printed on it', () => {
    const image = { gray: scene({ lineAbove: null }), width: WIDTH, height: HEIGHT };
    expect(bandLooksLikeTable(image, CARD, BOX)).toBe(false);
  });

  it('is the card when its margin beside a printed panel holds a dark header and a portrait', () => {
    // A licence front: table at 50, a dark header band across the top, a portrait on the left, the
    // text on a white panel; the best quad is that panel, the card encloses it.
    const gray = new Uint8Array(WIDTH * HEIGHT).fill(50);
    fill(gray, CARD, 160);
    fill(
      gray,
      [
        [90, 80],
        [0, 0],
        [390, 120],
        [0, 0],
      ],
      60,
    );
    fill(
      gray,
      [
        [100, 130],
        [0, 0],
        [180, 250],
        [0, 0],
      ],
      140,
    );
    const panel: Quad = [
      [190, 120],
      [390, 120],
      [390, 269],
      [190, 269],
    ];
    fill(gray, panel, 235);
    expect(bandLooksLikeTable({ gray, width: WIDTH, height: HEIGHT }, CARD, panel)).toBe(false);
  });

  it('is the table when the table is as light as the card but another colour', () => {
    // A grey card on a beige stone table of the same luminance, a white sheet beyond its right side:
    // the larger quad runs to the sheet's edge, and only the colour says the band is the table.
    const gray = new Uint8Array(WIDTH * HEIGHT).fill(190);
    const chroma = new Uint8Array(WIDTH * HEIGHT).fill(112);
    const sheet: Quad = [
      [420, 0],
      [WIDTH, 0],
      [WIDTH, HEIGHT],
      [420, HEIGHT],
    ];
    fill(gray, sheet, 235);
    fill(chroma, sheet, 128);
    fill(gray, CARD, 190);
    fill(chroma, CARD, 121);
    fill(gray, BOX, 60);
    fill(chroma, BOX, 121);
    const toSheet: Quad = [
      [90, 80],
      [420, 80],
      [420, 269],
      [90, 269],
    ];
    expect(bandLooksLikeTable({ gray, width: WIDTH, height: HEIGHT }, toSheet, CARD)).toBe(false);
    expect(bandLooksLikeTable({ gray, chroma, width: WIDTH, height: HEIGHT }, toSheet, CARD)).toBe(true);
    // The same colour everywhere (a grey card on a grey table) leaves the answer to the luminance.
    const neutral = new Uint8Array(WIDTH * HEIGHT).fill(128);
    const printed = { gray: scene({ lineAbove: null }), chroma: neutral, width: WIDTH, height: HEIGHT };
    expect(bandLooksLikeTable(printed, CARD, BOX)).toBe(false);
  });

  it('is the card when its margin has the colour of the table but is clearly lighter', () => {
    // A beige card on a darker beige table, a neutral printed box inside it: the colour alone would
    // call the card's margin table; the luminance says it is not.
    const gray = new Uint8Array(WIDTH * HEIGHT).fill(150);
    const chroma = new Uint8Array(WIDTH * HEIGHT).fill(112);
    fill(gray, CARD, 210);
    fill(gray, BOX, 200);
    fill(chroma, BOX, 128);
    expect(bandLooksLikeTable({ gray, chroma, width: WIDTH, height: HEIGHT }, CARD, BOX)).toBe(false);
  });

  it('says nothing when the quads nearly coincide', () => {
    const image = { gray: scene({ lineAbove: null }), width: WIDTH, height: HEIGHT };
    expect(bandLooksLikeTable(image, CARD, CARD)).toBe(false);
  });

  it('keeps the card finder on the card, not on a seam in the table just beyond it', () => {
    const found = findCard(scene({ lineAbove: 14 }), WIDTH, HEIGHT);
    expect(found).not.toBeNull();
    expect(cornerError(found?.corners as Quad, CARD)).toBeLessThan(0.03);
  });
});
