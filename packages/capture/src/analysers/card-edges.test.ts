import { describe, expect, it } from 'vitest';
import { detectEdges, type Edges } from './card-edges.js';

const WIDTH = 64;
const HEIGHT = 48;

/** An image dark left of column `step` and `level` from it on (a vertical edge), or flat when step is 0. */
function stepImage(step: number, dark: number, light: number): Uint8Array {
  const image = new Uint8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) image[y * WIDTH + x] = step > 0 && x < step ? dark : light;
  return image;
}

/** A step between two pixels is equally steep at both: one or two thinned pixels per row. */
const ROWS = HEIGHT - 4;

/** A copy (the arrays returned are views of buffers the next call overwrites). */
function copy(edges: Edges) {
  return { count: edges.count, x: [...edges.x], y: [...edges.y], theta: [...edges.theta] };
}

describe('detectEdges', () => {
  it('finds a vertical step in every row, at the step, with a horizontal normal', () => {
    const edges = copy(detectEdges(stepImage(30, 20, 220), WIDTH, HEIGHT));
    // Every row but the 2-px border.
    expect(new Set(edges.y).size).toBe(ROWS);
    expect(edges.count).toBeLessThanOrEqual(2 * ROWS);
    for (let p = 0; p < edges.count; p++) {
      // Relative to the centre (32): the step lies between columns 29 and 30.
      expect(Math.abs((edges.x[p] as number) - (30 - WIDTH / 2))).toBeLessThanOrEqual(1);
      expect(Math.min(edges.theta[p] as number, Math.PI - (edges.theta[p] as number))).toBeLessThan(0.01);
    }
  });

  it('keeps luminance and chroma apart at full contrast in both', () => {
    // Luminance blurred beside a chroma channel at 255 or 0 everywhere gives the same edges as alone:
    // no carry from one into the other, however bright.
    const gray = stepImage(30, 0, 255);
    const alone = copy(detectEdges(gray, WIDTH, HEIGHT));
    expect(new Set(alone.y).size).toBe(ROWS);
    expect(copy(detectEdges(gray, WIDTH, HEIGHT, stepImage(0, 0, 255)))).toEqual(alone);
    expect(copy(detectEdges(gray, WIDTH, HEIGHT, stepImage(0, 0, 0)))).toEqual(alone);
    // Chroma noise of one level: too faint for an edge, but its blur has fractions in every pass.
    const noise = new Uint8Array(WIDTH * HEIGHT).map((_, i) => 128 + (((i * 2654435761) >>> 13) & 1));
    expect(copy(detectEdges(gray, WIDTH, HEIGHT, noise))).toEqual(alone);
    // And a chroma step at full contrast beside flat luminance at 255 is found where it is.
    const chromaOnly = copy(detectEdges(stepImage(0, 0, 255), WIDTH, HEIGHT, stepImage(40, 0, 255)));
    expect(new Set(chromaOnly.y).size).toBe(ROWS);
    for (const x of chromaOnly.x) expect(Math.abs(x - (40 - WIDTH / 2))).toBeLessThanOrEqual(1);
  });

  it('takes the stronger of a luminance and a chroma edge', () => {
    // A weak luminance step at column 20 and a strong chroma step at column 44: both are edges.
    const edges = copy(detectEdges(stepImage(20, 100, 130), WIDTH, HEIGHT, stepImage(44, 60, 200)));
    const rowsNear = (column: number) =>
      new Set(edges.y.filter((_, p) => Math.abs((edges.x[p] as number) - (column - WIDTH / 2)) <= 1)).size;
    expect(rowsNear(20)).toBe(ROWS);
    expect(rowsNear(44)).toBe(ROWS);
    // And nowhere else.
    for (const x of edges.x)
      expect(Math.min(Math.abs(x - (20 - WIDTH / 2)), Math.abs(x - (44 - WIDTH / 2)))).toBeLessThanOrEqual(1);
  });

  it('finds nothing in a flat image', () => {
    expect(detectEdges(stepImage(0, 0, 128), WIDTH, HEIGHT, stepImage(0, 0, 128)).count).toBe(0);
  });
});
