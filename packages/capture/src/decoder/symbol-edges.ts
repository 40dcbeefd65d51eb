/**
 * Where the symbol ends along its bars: where its texture (dense, full-contrast bar edges) gives
 * way to paler, sparser print or to glare, next to each bar and in strips across the symbol. Pure
 * arithmetic on a deskewed grey crop. Texture is measured between pixels a module apart, at most
 * 3 px (`lag`): blur spreads a bar's edge over a few pixels, so neighbouring pixels differ by a
 * fraction of its contrast while sensor noise differs as much at any distance, and in a dim, noisy
 * frame the paper around the symbol looked nearly as textured as the symbol itself. (Wider steps on
 * symbols of 5 px modules lost frames that read with the neighbours' difference.)
 */
import { robustLine } from './line-fit.js';
import type { GrayImage } from './types.js';

/** A bar's edge line in the crop, x = a + b * y, and the scan lines it runs over. */
export interface BarExtent {
  a: number;
  b: number;
  top: number;
  bottom: number;
}

/** Strips across the symbol whose top and bottom ends give its top and bottom edges. */
const EDGE_STRIPS = 9;
/** Strips that must agree on an edge before the bars' ends move to it: two thirds of them. */
const AGREEING_STRIPS = Math.ceil((2 * EDGE_STRIPS) / 3);
/**
 * How far past the bars' ends the strips look where the two bars' ends disagree, as a share of the
 * symbol's height. A bar cut short by glare or a thumb, or the far end of a symbol under keystone,
 * can end a good part of the height away from the other; looking further would reach the print
 * around the symbol.
 */
const EDGE_REACH = 0.25;
/** How far past the bars' ends the strips look otherwise (and where the far look finds no edge). */
const NEAR_REACH = 0.05;

/**
 * The symbol's top and bottom edges as lines across it, from where its texture ends in strips
 * between the two bars: a corner hidden by glare or a thumb cuts one bar short, while the strips
 * across the rest of the symbol still end on the true edge. Each bar's end moves to where the
 * fitted edge meets it when two thirds of the strips agree on the line.
 */
export function fitEdgesAcross(crop: GrayImage, start: BarExtent, stop: BarExtent, lag: number): void {
  const height = Math.max(start.bottom - start.top, stop.bottom - stop.top);
  const tolerance = Math.max(3, 0.03 * height);
  // Close to the bars, a walk that does not end stops just past the longer bar: a bar cut short
  // by noise is taken to reach as far as the other.
  const near = stripEnds(crop, start, stop, NEAR_REACH * height, true, lag);
  // Where the bars' ends disagree, one of them may be cut short by glare or a thumb, and the far
  // end of a tilted symbol can lie well past the other bar's: the strips look well past the bars
  // there, and a walk that runs to the end of that window found no edge.
  const cut = (a: number, b: number) => Math.abs(a - b) > tolerance;
  const far =
    cut(start.top, stop.top) || cut(start.bottom, stop.bottom)
      ? stripEnds(crop, start, stop, EDGE_REACH * height, false, lag)
      : null;
  const edge = (pick: (ends: StripEnds) => Array<[number, number]>, disputed: boolean) =>
    (disputed && far ? robustLine(pick(far), tolerance, AGREEING_STRIPS) : null) ??
    (near ? robustLine(pick(near), tolerance, AGREEING_STRIPS) : null);
  const top = edge((ends) => ends.tops, cut(start.top, stop.top));
  const bottom = edge((ends) => ends.bottoms, cut(start.bottom, stop.bottom));
  if (top) {
    start.top = top.p;
    stop.top = top.p + top.q;
  }
  if (bottom) {
    start.bottom = bottom.p;
    stop.bottom = bottom.p + bottom.q;
  }
}

/** Where the symbol's texture ends in each strip: (share of the way from the start bar to the stop bar, scan line). */
interface StripEnds {
  tops: Array<[number, number]>;
  bottoms: Array<[number, number]>;
}

/**
 * Where the texture ends in each strip across the symbol, looking up to `reach` scan lines past the
 * bars' ends: points (share of the way from the start bar to the stop bar, scan line). A walk that
 * reaches the end of the window gives a point there only when `keepOpen` is set. Null when the
 * window is too short to measure.
 */
function stripEnds(
  crop: GrayImage,
  start: BarExtent,
  stop: BarExtent,
  reach: number,
  keepOpen: boolean,
  lag: number,
): StripEnds | null {
  const { width } = crop;
  const margin = Math.round(reach);
  const from = Math.max(0, Math.floor(Math.min(start.top, stop.top)) - margin);
  const to = Math.min(crop.height, Math.ceil(Math.max(start.bottom, stop.bottom)) + margin);
  if (to - from < 16) return null;
  const tops: Array<[number, number]> = [];
  const bottoms: Array<[number, number]> = [];
  const levels = new Float64Array(to - from);
  for (let s = 0; s < EDGE_STRIPS; s++) {
    const f = (s + 1) / (EDGE_STRIPS + 1);
    for (let y = from; y < to; y++) {
      const x0 = start.a + start.b * y;
      const x1 = stop.a + stop.b * y;
      const centre = x0 + f * (x1 - x0);
      const half = Math.abs(x1 - x0) / (2 * (EDGE_STRIPS + 1));
      const left = Math.max(0, Math.round(centre - half));
      const right = Math.min(width - 1, Math.round(centre + half));
      levels[y - from] = right > left ? rowTexture(crop, y, left, right, lag) : 0;
    }
    const span = texturedSpan(levels, Math.round((to - from) / 2));
    if (!span) continue;
    if (keepOpen || span.first > 0) tops.push([f, from + span.first]);
    if (keepOpen || span.last < to - from - 1) bottoms.push([f, from + span.last + 1]);
  }
  return { tops, bottoms };
}

/**
 * Narrows each bar's extent to the scan lines where the symbol's texture is, measured over the
 * first (or last) seventh of the span between the bars: inside the symbol every step there is a bar
 * edge of full contrast; printing around it is paler and sparser.
 */
export function trimToTexture(crop: GrayImage, start: BarExtent, stop: BarExtent, lag: number): void {
  const { width } = crop;
  const top = Math.max(0, Math.floor(Math.min(start.top, stop.top)));
  const bottom = Math.min(crop.height, Math.ceil(Math.max(start.bottom, stop.bottom)));
  if (bottom - top < 8) return;
  const texture = (line: BarExtent, other: BarExtent, y: number) => {
    const x0 = line.a + line.b * y;
    const x1 = other.a + other.b * y;
    const span = (x1 - x0) / 7;
    const from = Math.max(0, Math.round(Math.min(x0, x0 + span)));
    const to = Math.min(width - 1, Math.round(Math.max(x0, x0 + span)));
    return to - from < 4 ? 0 : rowTexture(crop, y, from, to, lag);
  };
  for (const [line, other] of [
    [start, stop],
    [stop, start],
  ] as const) {
    const levels: number[] = [];
    for (let y = top; y < bottom; y++) levels.push(texture(line, other, y));
    const centre = Math.round((line.top + line.bottom) / 2) - top;
    const span = texturedSpan(levels, Math.max(0, Math.min(levels.length - 1, centre)));
    if (!span) continue;
    line.top = Math.max(line.top, top + span.first);
    line.bottom = Math.min(line.bottom, top + span.last + 1);
  }
}

/** Mean absolute step between pixels `lag` apart along row `y`, from [left, right): its texture. */
function rowTexture(crop: GrayImage, y: number, left: number, right: number, lag: number): number {
  const { width, data } = crop;
  const end = Math.min(right, width - lag);
  if (end <= left) return 0;
  let sum = 0;
  const row = y * width;
  for (let x = left; x < end; x++) sum += Math.abs((data[row + x + lag] as number) - (data[row + x] as number));
  return sum / (end - left);
}

/**
 * The lines around `centre` whose texture holds: walking out from it, each way stops at the third
 * line in a row under half the level of the middle half's median. Null when there is no texture.
 */
function texturedSpan(levels: ArrayLike<number>, centre: number): { first: number; last: number } | null {
  const n = levels.length;
  const middle = Array.from(
    { length: Math.ceil((3 * n) / 4) - Math.floor(n / 4) },
    (_, i) => levels[Math.floor(n / 4) + i] as number,
  ).sort((p, q) => p - q);
  const level = middle[middle.length >> 1] ?? 0;
  if (level <= 0) return null;
  const end = (direction: -1 | 1) => {
    let y = centre;
    let weak = 0;
    while (y + direction >= 0 && y + direction < n) {
      y += direction;
      weak = (levels[y] as number) < level / 2 ? weak + 1 : 0;
      if (weak === 3) return y - 2 * direction;
    }
    return y;
  };
  return { first: end(-1), last: end(1) };
}
