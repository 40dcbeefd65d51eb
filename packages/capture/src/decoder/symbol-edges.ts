/**
 * The symbol's top and bottom edges, fitted across it: where its texture ends in strips between
 * its start and stop bars. Pure arithmetic on a deskewed grey crop.
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
 * The symbol's top and bottom edges as lines across it, from where its texture ends in strips
 * between the two bars: a corner hidden by glare or a thumb cuts one bar short, while the strips
 * across the rest of the symbol still end on the true edge. Each bar's end moves to where the
 * fitted edge meets it when two thirds of the strips agree on the line.
 */
export function fitEdgesAcross(crop: GrayImage, start: BarExtent, stop: BarExtent): void {
  const { width, data } = crop;
  const height = Math.max(start.bottom - start.top, stop.bottom - stop.top);
  const margin = Math.round(0.05 * height);
  const from = Math.max(0, Math.floor(Math.min(start.top, stop.top)) - margin);
  const to = Math.min(crop.height, Math.ceil(Math.max(start.bottom, stop.bottom)) + margin);
  if (to - from < 16) return;
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
      let sum = 0;
      const row = y * width;
      for (let x = left; x < right; x++) sum += Math.abs((data[row + x + 1] as number) - (data[row + x] as number));
      levels[y - from] = right > left ? sum / (right - left) : 0;
    }
    const middle = Array.from(levels.subarray(Math.floor((to - from) / 4), Math.ceil((3 * (to - from)) / 4))).sort(
      (p, q) => p - q,
    );
    const level = middle[middle.length >> 1] ?? 0;
    if (level <= 0) continue;
    const centre = Math.round((to - from) / 2);
    const end = (direction: -1 | 1) => {
      let y = centre;
      let weak = 0;
      while (y + direction >= 0 && y + direction < to - from) {
        y += direction;
        weak = (levels[y] as number) < level / 2 ? weak + 1 : 0;
        if (weak === 3) return y - 2 * direction;
      }
      return y;
    };
    tops.push([f, from + end(-1)]);
    bottoms.push([f, from + end(1) + 1]);
  }
  const tolerance = Math.max(3, 0.03 * height);
  const top = robustLine(tops, tolerance, AGREEING_STRIPS);
  const bottom = robustLine(bottoms, tolerance, AGREEING_STRIPS);
  if (top) {
    start.top = top.p;
    stop.top = top.p + top.q;
  }
  if (bottom) {
    start.bottom = bottom.p;
    stop.bottom = bottom.p + bottom.q;
  }
}
