/**
 * Whether the band between two nested quads is more of the card or more of the table: the card
 * finder's last word when a larger quad encloses the best one. A printed box inside a card leaves a
 * band of the card's own paper between its sides and the card's; a line in the table (wood grain,
 * a shadow, a second sheet) beyond the card leaves a band of table. Pure arithmetic on the
 * downscaled luminance.
 */
import { quadSpans } from '@berbix-capture/imaging';
import type { Point, Quad } from './card-geometry.js';

/** How far past a side the table is sampled, and how far inside the card: a share of the quad's mean side. */
const RIM_OFFSET = 0.04;
/**
 * The band is the table only when its median luminance is this close to the table's: a card's own
 * margin beside a printed box holds a portrait, a coloured header or grey security print, which
 * can be nearer the table than the box's white rim without being anything like the table itself.
 */
const TABLE_MATCH = 16;
/** Fewer band samples than this: the two quads nearly coincide and the band says nothing. */
const MIN_BAND_SAMPLES = 12;

interface Grey {
  gray: Uint8Array;
  width: number;
  height: number;
}

/**
 * True when the band inside `outer` but outside `inner` matches what lies just outside `outer` (the
 * table) in median luminance, within `TABLE_MATCH` and closer than to what lies just inside `inner`
 * (the card). Quads are in image pixels.
 */
export function bandLooksLikeTable(image: Grey, outer: Quad, inner: Quad): boolean {
  const band = bandSamples(image, outer, inner);
  if (band.length < MIN_BAND_SAMPLES) return false;
  const table = rimSamples(image, outer, +1);
  const card = rimSamples(image, inner, -1);
  if (table.length === 0 || card.length === 0) return false;
  const level = median(band);
  const fromTable = Math.abs(level - median(table));
  return fromTable <= TABLE_MATCH && fromTable < Math.abs(level - median(card));
}

function bandSamples({ gray, width, height }: Grey, outer: Quad, inner: Quad): number[] {
  const outside = quadSpans(width, height, outer);
  const within = quadSpans(width, height, inner);
  const ys = outer.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...outer.map((p) => p[0]))));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...outer.map((p) => p[0]))));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  // About 40 x 40 samples over the box whatever its size.
  const step = Math.max(1, Math.round(Math.max(x1 - x0, y1 - y0) / 40));
  const values: number[] = [];
  for (let y = y0; y <= y1; y += step) {
    const from = outside.start[y] as number;
    const to = outside.end[y] as number;
    for (let x = x0; x <= x1; x += step) {
      const inBand = x >= from && x < to && !(x >= (within.start[y] as number) && x < (within.end[y] as number));
      if (inBand) values.push(gray[y * width + x] as number);
    }
  }
  return values;
}

/** Samples along each side, offset outwards (`direction` +1) or inwards (-1), inside the image only. */
function rimSamples({ gray, width, height }: Grey, quad: Quad, direction: 1 | -1): number[] {
  const cx = quad.reduce((sum, p) => sum + p[0], 0) / 4;
  const cy = quad.reduce((sum, p) => sum + p[1], 0) / 4;
  const sides = quad.map((p, i) => [p, quad[(i + 1) % 4] as Point] as const);
  const meanSide = sides.reduce((sum, [a, b]) => sum + Math.hypot(b[0] - a[0], b[1] - a[1]), 0) / 4;
  const offset = RIM_OFFSET * meanSide;
  const values: number[] = [];
  for (const [a, b] of sides) {
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    // The side's normal, pointed away from the centre.
    let nx = (b[1] - a[1]) / length;
    let ny = -(b[0] - a[0]) / length;
    if (nx * ((a[0] + b[0]) / 2 - cx) + ny * ((a[1] + b[1]) / 2 - cy) < 0) {
      nx = -nx;
      ny = -ny;
    }
    for (let t = 0.15; t <= 0.851; t += 0.05) {
      const x = Math.round(a[0] + (b[0] - a[0]) * t + direction * nx * offset);
      const y = Math.round(a[1] + (b[1] - a[1]) * t + direction * ny * offset);
      if (x >= 0 && x < width && y >= 0 && y < height) values.push(gray[y * width + x] as number);
    }
  }
  return values;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}
