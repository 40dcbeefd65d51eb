/**
 * Whether the band between two nested quads is more of the card or more of the table: the card
 * finder's last word when a larger quad encloses the best one. A printed box inside a card leaves a
 * band of the card's own paper between its sides and the card's; a line in the table (wood grain,
 * a shadow, a second sheet) beyond the card leaves a band of table. Pure arithmetic on the
 * downscaled luminance, and on its blue-yellow colour when given: a beige stone table can be
 * exactly as light as a grey card.
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
/**
 * The same test in the blue-yellow channel ((2B - R - G) / 4, 128 neutral), where the band is the
 * table when its median is this close to the table's and at least `COLOUR_APART` further from the
 * card's: about 25 and 50 in 2B - R - G, a beige stone against a grey card, far above the channel's
 * noise once downscaled, while a white card on a white table differs by none.
 */
const COLOUR_MATCH = 6;
const COLOUR_APART = 6;
/** Fewer band samples than this: the two quads nearly coincide and the band says nothing. */
const MIN_BAND_SAMPLES = 12;

interface Grey {
  gray: Uint8Array;
  width: number;
  height: number;
  /** The blue-yellow channel of the same pixels, when known. */
  chroma?: Uint8Array;
}

/**
 * True when the band inside `outer` but outside `inner` is more like what lies just outside `outer`
 * (the table) than what lies just inside `inner` (the card). In luminance: its median within
 * `TABLE_MATCH` of the table's and nearer it than the card's. Or, when the colour is given, in
 * blue-yellow: within `COLOUR_MATCH` of the table's and `COLOUR_APART` further from the card's,
 * unless the luminance clearly says card (the band beyond `TABLE_MATCH` from the table and nearer
 * the card). A grey card on a beige stone as light as it differs in colour, and a striped table's
 * light and dark stripes share theirs; a beige card on a darker beige table differs in luminance.
 * Quads are in image pixels.
 */
export function bandLooksLikeTable(image: Grey, outer: Quad, inner: Quad): boolean {
  const luminance = medians({ ...image, plane: image.gray }, outer, inner);
  if (!luminance) return false;
  const fromTable = Math.abs(luminance.band - luminance.table);
  const fromCard = Math.abs(luminance.band - luminance.card);
  if (fromTable <= TABLE_MATCH && fromTable < fromCard) return true;
  if (!image.chroma || (fromTable > TABLE_MATCH && fromCard < fromTable)) return false;
  const colour = medians({ ...image, plane: image.chroma }, outer, inner);
  if (!colour) return false;
  const colourFromTable = Math.abs(colour.band - colour.table);
  return colourFromTable <= COLOUR_MATCH && Math.abs(colour.band - colour.card) >= colourFromTable + COLOUR_APART;
}

/** The medians of one channel over the band, the table's rim and the card's rim. */
interface Medians {
  band: number;
  table: number;
  card: number;
}

/** One channel's medians, or null when the band is too thin to say anything or a rim lies outside the image. */
function medians(image: Plane, outer: Quad, inner: Quad): Medians | null {
  const band = bandSamples(image, outer, inner);
  if (band.length < MIN_BAND_SAMPLES) return null;
  const table = rimSamples(image, outer, +1);
  const card = rimSamples(image, inner, -1);
  if (table.length === 0 || card.length === 0) return null;
  return { band: median(band), table: median(table), card: median(card) };
}

/** One channel of the image. */
interface Plane {
  plane: Uint8Array;
  width: number;
  height: number;
}

function bandSamples({ plane, width, height }: Plane, outer: Quad, inner: Quad): number[] {
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
      if (inBand) values.push(plane[y * width + x] as number);
    }
  }
  return values;
}

/** Samples along each side, offset outwards (`direction` +1) or inwards (-1), inside the image only. */
function rimSamples({ plane, width, height }: Plane, quad: Quad, direction: 1 | -1): number[] {
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
      if (x >= 0 && x < width && y >= 0 && y < height) values.push(plane[y * width + x] as number);
    }
  }
  return values;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

/** The frame's border ring sampled for the table: this share of the short side deep. */
const BORDER_DEPTH = 0.03;

/** Samples of the frame's outermost ring (`BORDER_DEPTH` deep), about 40 per side. */
function borderSamples({ plane, width, height }: Plane): number[] {
  const depth = Math.max(1, Math.round(BORDER_DEPTH * Math.min(width, height)));
  const values: number[] = [];
  const stepX = Math.max(1, Math.round(width / 40));
  const stepY = Math.max(1, Math.round(height / 40));
  for (let d = 0; d < depth; d += Math.max(1, depth >> 1)) {
    for (let x = 0; x < width; x += stepX) {
      values.push(plane[d * width + x] as number, plane[(height - 1 - d) * width + x] as number);
    }
    for (let y = 0; y < height; y += stepY) {
      values.push(plane[y * width + d] as number, plane[y * width + width - 1 - d] as number);
    }
  }
  return values;
}

/**
 * True when what lies just outside `quad` matches the frame's border ring (the table, where a card
 * far away lies) in median luminance within `TABLE_MATCH` and, when the colour is given, in median
 * blue-yellow within `COLOUR_MATCH`. A box printed on a card that the frame cuts off (held too close,
 * or partly off one side) has the card's paper around it instead: that quad is no small card far
 * away, and "move closer" would be the wrong advice.
 */
export function surroundedByTable(image: Grey, quad: Quad): boolean {
  const matches = (plane: Uint8Array, tolerance: number) => {
    const around = rimSamples({ plane, width: image.width, height: image.height }, quad, +1);
    const border = borderSamples({ plane, width: image.width, height: image.height });
    if (around.length === 0 || border.length === 0) return true;
    return Math.abs(median(around) - median(border)) <= tolerance;
  };
  return matches(image.gray, TABLE_MATCH) && (!image.chroma || matches(image.chroma, COLOUR_MATCH));
}
