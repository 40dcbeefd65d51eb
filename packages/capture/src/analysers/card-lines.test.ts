import { describe, expect, it } from 'vitest';
import { detectEdges } from './card-edges.js';
import { findCard } from './card-finder.js';
import { CARD_FINDER } from './card-finder-settings.js';
import { cornerError, type Quad } from './card-geometry.js';
import { angleBetween, DEG, houghLines } from './card-lines.js';

const WIDTH = 480;
const HEIGHT = 270;
/** An ID-1 card (220 x 139 px) on a mid-grey table. */
const CARD: Quad = [
  [40, 70],
  [260, 70],
  [260, 209],
  [40, 209],
];

/**
 * The card, a thumb over a third of its left side, and beside it a ruled sheet whose
 * 20 rules run parallel to the card's long sides: with their two edges each, 40 long lines of one
 * direction, all longer than the card's left side that the thumb shortened.
 */
function cardBesideRuledPaper(): Uint8Array {
  const gray = new Uint8Array(WIDTH * HEIGHT).fill(90);
  const box = (x0: number, y0: number, x1: number, y1: number, level: number) => {
    for (let y = y0; y < y1; y++) gray.fill(level, y * WIDTH + x0, y * WIDTH + x1);
  };
  box(40, 70, 260, 209, 200);
  box(290, 0, 480, HEIGHT, 235);
  for (let k = 0; k < 20; k++) box(300, 20 + 12 * k, 470, 23 + 12 * k, 120);
  // The sheet runs off the frame at the top, the bottom and the right: no rectangle of its own.
  // The thumb, from the left: darker than the table, over a third of the card's left edge.
  for (let y = 140; y < 190; y++) {
    for (let x = 0; x < 75; x++) {
      if (((x - 30) / 42) ** 2 + ((y - 165) / 24) ** 2 <= 1) gray[y * WIDTH + x] = 45;
    }
  }
  return gray;
}

describe('the lines the card finder keeps', () => {
  it('keeps a card side that a family of longer parallel lines would push out of the list', () => {
    const gray = cardBesideRuledPaper();
    const lines = houghLines(detectEdges(gray, WIDTH, HEIGHT), WIDTH, HEIGHT);
    expect(lines.length).toBe(CARD_FINDER.maxLines);
    // The card's left side: a vertical line 200 px left of the image's centre.
    expect(lines.some((line) => angleBetween(line.theta, 0) < 2 * DEG && Math.abs(Math.abs(line.rho) - 200) < 2)).toBe(
      true,
    );
    const found = findCard(gray, WIDTH, HEIGHT);
    expect(found).not.toBeNull();
    expect(cornerError(found?.corners as Quad, CARD)).toBeLessThan(0.03);
  });

  it('fills the places left with lines of the crowded direction', () => {
    // Only the ruled sheet: nearly every line is horizontal, and every place is still taken.
    const gray = new Uint8Array(WIDTH * HEIGHT).fill(90);
    for (let y = 10; y < 262; y++) gray.fill(235, y * WIDTH + 20, y * WIDTH + 460);
    for (let k = 0; k < 20; k++)
      for (let y = 20 + 12 * k; y < 23 + 12 * k; y++) gray.fill(120, y * WIDTH + 30, y * WIDTH + 450);
    const lines = houghLines(detectEdges(gray, WIDTH, HEIGHT), WIDTH, HEIGHT);
    expect(lines.length).toBe(CARD_FINDER.maxLines);
    for (let i = 1; i < lines.length; i++) expect(lines[i - 1]?.run).toBeGreaterThanOrEqual(lines[i]?.run as number);
  });
});
