import type { GrayImage } from './types.js';

/**
 * The dark runs of every scan line of a crop, kept apart from what the bar search makes of them:
 * the read plan searches the same crop again turned over, and the runs of a crop turned 180
 * degrees are these runs mirrored, line by line in reverse, so the crop is thresholded once.
 */
export interface DarkRuns {
  width: number;
  height: number;
  /** Each run's first pixel and the pixel after it, line after line, left to right. */
  ends: number[];
  /** Line y's runs are `ends[from[y]]` to `ends[from[y + 1]]` (exclusive), two entries each. */
  from: Int32Array;
}

/**
 * Per scan line, the runs of pixels darker than the mean of the window around them (a 24th of the
 * crop's width either side) by more than 4 levels: bars, whatever the light across the card.
 */
export function darkRuns(crop: GrayImage): DarkRuns {
  const { width, height, data } = crop;
  const window = Math.max(8, Math.round(width / 24));
  const prefix = new Int32Array(width + 1);
  const ends: number[] = [];
  const from = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    from[y] = ends.length;
    const row = y * width;
    for (let x = 0, sum = 0; x < width; x++) {
      sum += data[row + x] as number;
      prefix[x + 1] = sum;
    }
    let runStart = -1;
    for (let x = 0; x < width; x++) {
      // Multiplied out (all integers, so exact) rather than divided: this runs for every pixel.
      const lo = Math.max(0, x - window);
      const hi = Math.min(width, x + window + 1);
      const n = hi - lo;
      const dark = (data[row + x] as number) * n < (prefix[hi] as number) - (prefix[lo] as number) - 4 * n;
      if (dark && runStart < 0) runStart = x;
      else if (!dark && runStart >= 0) {
        ends.push(runStart, x);
        runStart = -1;
      }
    }
    if (runStart >= 0) ends.push(runStart, width);
  }
  from[height] = ends.length;
  return { width, height, ends, from };
}

/**
 * The runs of the same crop turned 180 degrees (pixel (x, y) moved to (width - 1 - x,
 * height - 1 - y)): the window test is symmetric, so a run [a, b) on line y becomes
 * [width - b, width - a) on line height - 1 - y, and the order of the runs reverses.
 */
export function turnedRuns(runs: DarkRuns): DarkRuns {
  const { width, height, ends: source, from: sourceFrom } = runs;
  const ends: number[] = [];
  const from = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    from[y] = ends.length;
    const line = height - 1 - y;
    for (let i = (sourceFrom[line + 1] as number) - 2; i >= (sourceFrom[line] as number); i -= 2) {
      ends.push(width - (source[i + 1] as number), width - (source[i] as number));
    }
  }
  from[height] = ends.length;
  return { width, height, ends, from };
}
