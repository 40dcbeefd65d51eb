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
  ends: Int32Array;
  /** Line y's runs are `ends[from[y]]` to `ends[from[y + 1]]` (exclusive), two entries each. */
  from: Int32Array;
}

/**
 * Per scan line, the runs of pixels darker than the mean of the window around them (a 24th of the
 * crop's width either side) by more than 4 levels: bars, whatever the light across the card.
 */
export function darkRuns(crop: GrayImage, known?: KnownRuns): DarkRuns {
  const { width, height, data } = crop;
  const window = Math.max(8, Math.round(width / 24));
  // Grown by doubling: a line holds at most width + 1 entries, and a few dozen runs is typical.
  let ends = new Int32Array(64 * height + width + 1);
  let count = 0;
  const from = new Int32Array(height + 1);
  for (let y = 0; y < height; y++) {
    from[y] = count;
    if (ends.length - count < width + 1) {
      const grown = new Int32Array(2 * ends.length + width + 1);
      grown.set(ends.subarray(0, count));
      ends = grown;
    }
    const line = known ? known.lineOf(y) : -1;
    if (line >= 0) {
      const runs = known as KnownRuns;
      const first = runs.runs.from[line] as number;
      const last = runs.runs.from[line + 1] as number;
      ends.set(runs.runs.ends.subarray(first, last), count);
      count += last - first;
      continue;
    }
    const row = y * width;
    // The window's sum slides along the row (a pixel in, a pixel out), and each pixel's verdict is
    // the sign bit of an integer difference: the run boundaries are every change of verdict,
    // written at `count` and kept by advancing it, with no branch on the pixel. A symbol's bars
    // change verdict every two or three pixels, where a branch per pixel is a guess missed at
    // every change (the runs are the same; the loop about a third faster).
    let sum = 0;
    for (let x = 0; x < Math.min(width, window + 1); x++) sum += data[row + x] as number;
    let dark = 0;
    for (let x = 0; x < width; x++) {
      const lo = x - window;
      const hi = x + window + 1;
      const n = Math.min(hi, width) - Math.max(lo, 0);
      // Dark: value x n < window sum - 4 n (all integers, so exact; far from overflow).
      const now = ((data[row + x] as number) * n - sum + 4 * n) >>> 31;
      ends[count] = x;
      count += now ^ dark;
      dark = now;
      if (hi < width) sum += data[row + hi] as number;
      if (lo >= 0) sum -= data[row + lo] as number;
    }
    if (dark) ends[count++] = width;
  }
  from[height] = count;
  return { width, height, ends: ends.subarray(0, count), from };
}

/**
 * Runs already found on some lines of the crop (by a first look at fewer lines of the same width):
 * `lineOf(y)` is the line of `runs` that is the crop's line y, or -1.
 */
export interface KnownRuns {
  runs: DarkRuns;
  lineOf: (y: number) => number;
}

/**
 * The runs of the same crop turned 180 degrees (pixel (x, y) moved to (width - 1 - x,
 * height - 1 - y)): the window test is symmetric, so a run [a, b) on line y becomes
 * [width - b, width - a) on line height - 1 - y, and the order of the runs reverses.
 */
export function turnedRuns(runs: DarkRuns): DarkRuns {
  const { width, height, ends: source, from: sourceFrom } = runs;
  const ends = new Int32Array(source.length);
  const from = new Int32Array(height + 1);
  let count = 0;
  for (let y = 0; y < height; y++) {
    from[y] = count;
    const line = height - 1 - y;
    for (let i = (sourceFrom[line + 1] as number) - 2; i >= (sourceFrom[line] as number); i -= 2) {
      ends[count++] = width - (source[i + 1] as number);
      ends[count++] = width - (source[i] as number);
    }
  }
  from[height] = count;
  return { width, height, ends, from };
}
