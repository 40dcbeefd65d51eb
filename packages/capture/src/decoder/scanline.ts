/**
 * One scan line across a PDF417 symbol, sampled `SUB` times per module, read as codewords: the
 * line's own start and stop bar edges pin its grid, each 17-module window is matched to a
 * codeword (thresholded, then with the weakest modules flipped, then with more blur undone), and
 * each window may sit a little off where the previous one was found. The line comes sharpened
 * along its length (`grid.ts`).
 */

import PDF417Common from '@zxing/library/esm/core/pdf417/PDF417Common';

/** Samples per module along a scan line; a codeword may shift by up to half a module either way. */
export const SUB = 4;
/** Modules besides the data columns: start 17, left and right row indicators 17 each, stop 18. */
export const FIXED_MODULES = 69;

/** One codeword read from a 17-module window. */
export interface Read {
  value: number;
  cluster: number;
  /** How much this read counts in the vote: an exact pattern more than one with flipped modules. */
  weight: number;
  /** Sample index (fractional) of the codeword's middle on its scan line, set by `readWindow`. */
  centre: number;
}

/** Samples before module 0 of a scan line, for windows that sit left of the grid (three modules). */
export const PAD_LEFT = 3 * SUB;
/** Modules sampled beyond the right row indicator: the stop pattern's 7-module bar and some. */
export const PAD_RIGHT_MODULES = 10;

/** Sample index (fractional) of module `m`'s left edge on a sampled scan line. */
function moduleEdge(m: number): number {
  return m * SUB + PAD_LEFT + SUB / 2 - 0.5;
}

/** Shifts tried for a window, in samples (a quarter module each), nearest first. */
const SHIFTS = [0, -1, 1, -2, 2];
/** How far the windows of one scan line may drift from where they should be, in samples (two modules). */
const MAX_DRIFT = 2 * SUB;

/** Where the scan line's grid really is: sample index = `offset` + `scale` x expected index. */
interface LineMap {
  offset: number;
  scale: number;
}

/**
 * Reads the codeword columns of one scan line, left row indicator first. The line's own start and
 * stop bars (their left edges, sharp even when blurred) pin its grid: the perspective transform
 * gives the spacing, the two edges correct its offset and stretch, which a quad a pixel off at one
 * corner gets wrong by more than a 2-pixel module. Each window may then sit half a module off
 * where the previous one was found.
 */
export function readLine(profile: Float32Array, columns: number): Array<Read | null> {
  const map = lineMap(profile, columns);
  const reads: Array<Read | null> = [];
  if (map === null) {
    for (let j = 0; j < columns + 2; j++) reads.push(null);
    return reads;
  }
  let drift = 0;
  for (let j = 0; j < columns + 2; j++) {
    const found = readWindow(profile, j, drift, map);
    reads.push(found ? found.read : null);
    if (found) drift = Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, found.shift));
  }
  return reads;
}

/**
 * The line's map from its start bar's and stop bar's left edges; identity when one of them is not
 * found, null when neither is: the line runs past the symbol's top or bottom (a quad too tall,
 * from bars that ran on into print beside the symbol), and every window would fail the slowest way.
 */
function lineMap(profile: Float32Array, columns: number): LineMap | null {
  const expectedLeft = moduleEdge(0);
  const expectedRight = moduleEdge(FIXED_MODULES - 18 + 17 * columns);
  const left = barEdge(profile, expectedLeft, 5);
  const right = barEdge(profile, expectedRight, 4);
  if (left === null && right === null) return null;
  if (left === null || right === null) return { offset: 0, scale: 1 };
  const scale = (right - left) / (expectedRight - expectedLeft);
  if (scale < 0.92 || scale > 1.08) return { offset: 0, scale: 1 };
  return { offset: left - expectedLeft * scale, scale };
}

/**
 * The left edge (fractional sample index) of a bar at least `minModules` wide within three modules
 * of `expected`, the nearest such; null when there is none.
 */
function barEdge(profile: Float32Array, expected: number, minModules: number): number | null {
  const from = Math.max(0, Math.floor(expected - 6 * SUB));
  const to = Math.min(profile.length, Math.ceil(expected + 12 * SUB));
  let lo = 255;
  let hi = 0;
  for (let i = from; i < to; i++) {
    const value = profile[i] as number;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (hi - lo < 24) return null;
  const threshold = (lo + hi) / 2;
  let best: number | null = null;
  const start = Math.max(0, Math.floor(expected - 3 * SUB));
  const end = Math.min(profile.length - 1, Math.ceil(expected + 3 * SUB));
  for (let i = start; i < end; i++) {
    const a = profile[i] as number;
    const b = profile[i + 1] as number;
    if (!(a >= threshold && b < threshold)) continue;
    let run = 1;
    while (i + 1 + run < profile.length && (profile[i + 1 + run] as number) < threshold) run++;
    if (run < minModules * SUB * 0.85 || run > 11 * SUB) continue;
    const edge = i + (a - threshold) / (a - b);
    if (best === null || Math.abs(edge - expected) < Math.abs(best - expected)) best = edge;
  }
  return best;
}

/** The window's module values with blur between neighbouring modules undone (see `sharpen`). */
const SHARPENED = new Float32Array(17);
/**
 * Share of each neighbour in a module's value that `sharpen` takes away. A Gaussian blur of about
 * half a module (1 to 1.5 px on a 2 to 3 px module) mixes a fifth of each neighbour into a module.
 */
export const NEIGHBOUR_SHARE = 0.2;

/**
 * Writes into SHARPENED the window's module values with a three-tap blur inverted (value minus a
 * share of both neighbours, rescaled), `before` and `after` being the modules either side of the
 * window; returns the midpoint threshold of the result, or null for a flat window.
 */
function sharpen(values: Float32Array, before: number, after: number): { threshold: number } | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let m = 0; m < 17; m++) {
    const left = m > 0 ? (values[m - 1] as number) : before;
    const right = m < 16 ? (values[m + 1] as number) : after;
    const value = ((values[m] as number) - NEIGHBOUR_SHARE * (left + right)) / (1 - 2 * NEIGHBOUR_SHARE);
    SHARPENED[m] = value;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return hi > lo ? { threshold: (lo + hi) / 2 } : null;
}

/** The profile at a fractional sample index (linear interpolation). */
function at(profile: Float32Array, index: number): number {
  const i = Math.floor(index);
  const f = index - i;
  const a = profile[i] ?? 255;
  const b = profile[i + 1] ?? 255;
  return a + (b - a) * f;
}

/** Per shift of the window being read (by index in SHIFTS): its module values, threshold, thresholded pattern and weakest modules. */
const SHIFT_VALUES = SHIFTS.map(() => new Float32Array(17));
const SHIFT_START = new Float64Array(SHIFTS.length);
const SHIFT_THRESHOLD = new Float64Array(SHIFTS.length);
const SHIFT_BITS = new Int32Array(SHIFTS.length);
const SHIFT_ORDER = SHIFTS.map(() => new Int8Array(4));
/** The shifts (indices in SHIFTS) whose window has contrast enough to read, in order. */
const USABLE = new Int8Array(SHIFTS.length);

/**
 * Reads codeword column `j` (0 is the left row indicator) from a sampled scan line: module values
 * are the mean of each module's two central samples; the window may sit up to half a module off
 * `drift`.
 */
function readWindow(
  profile: Float32Array,
  j: number,
  drift: number,
  map: LineMap,
): { read: Read; shift: number } | null {
  const expected = (17 + 17 * j) * SUB + SUB / 2 + PAD_LEFT;
  const first = map.offset + map.scale * expected;
  const step = SUB * map.scale;
  // Every shift is tried and the cleanest read wins, the nearest shift among equals: with modules
  // allowed to flip, a window half a module off can still match some codeword, but rarely without
  // a flip. So each kind of match is tried at every shift before the next kind (exact, one module
  // flipped, two flipped or the blur undone): a window that reads cleanly at one shift costs no
  // flipping at the others.
  const found = (k: number, read: Read) => {
    read.centre = (SHIFT_START[k] as number) + 8 * step + 1.5 * map.scale;
    return { read, shift: drift + (SHIFTS[k] as number) };
  };
  let usable = 0;
  for (let k = 0; k < SHIFTS.length; k++) {
    const start = first + (drift + (SHIFTS[k] as number));
    if (start < 0 || start + 17 * step > profile.length) continue;
    SHIFT_START[k] = start;
    const values = SHIFT_VALUES[k] as Float32Array;
    let lo = 255;
    let hi = 0;
    for (let m = 0; m < 17; m++) {
      const s = start + m * step;
      const value = (at(profile, s + map.scale) + at(profile, s + 2 * map.scale)) / 2;
      values[m] = value;
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
    if (hi - lo < 16) continue;
    const threshold = (lo + hi) / 2;
    const bits = pattern(values, threshold);
    const exact = lookup(bits, 3);
    if (exact) return found(k, exact);
    SHIFT_THRESHOLD[k] = threshold;
    SHIFT_BITS[k] = bits;
    USABLE[usable++] = k;
  }
  for (let u = 0; u < usable; u++) {
    const k = USABLE[u] as number;
    const order = weakest(SHIFT_VALUES[k] as Float32Array, SHIFT_THRESHOLD[k] as number, SHIFT_ORDER[k] as Int8Array);
    const read = oneFlipped(SHIFT_BITS[k] as number, order);
    if (read) return found(k, read);
  }
  for (let u = 0; u < usable; u++) {
    const k = USABLE[u] as number;
    const values = SHIFT_VALUES[k] as Float32Array;
    let read = twoFlipped(SHIFT_BITS[k] as number, SHIFT_ORDER[k] as Int8Array);
    if (!read && u === 0) {
      // Blur lets a thin bar's neighbours pull it towards the threshold; undone, the window may
      // read. Only at the nearest shift: tried at every shift, on a grid that does not read it
      // turns enough noise into codewords to send the grid through every later, costly step.
      const start = SHIFT_START[k] as number;
      const before = at(profile, start - step + map.scale * 1.5);
      const after = at(profile, start + 17 * step + map.scale * 1.5);
      const sharpened = sharpen(values, before, after);
      if (sharpened) read = matchCodeword(SHARPENED, sharpened.threshold);
    }
    if (read) {
      read.weight = 1;
      return found(k, read);
    }
  }
  return null;
}

/** The module values thresholded, first module in the top bit (1 = bar). */
function pattern(values: Float32Array, threshold: number): number {
  let bits = 0;
  for (let m = 0; m < 17; m++) bits = (bits << 1) | Number((values[m] as number) < threshold);
  return bits;
}

/**
 * The codeword whose bar/space pattern matches the module values: first as thresholded, then with
 * the one or two modules nearest the threshold flipped (a thin bar blurred into its spaces).
 */
function matchCodeword(values: Float32Array, threshold: number): Read | null {
  const bits = pattern(values, threshold);
  const exact = lookup(bits, 3);
  if (exact) return exact;
  const order = weakest(values, threshold, WEAK_ORDER);
  return oneFlipped(bits, order) ?? twoFlipped(bits, order);
}

/** The codeword `bits` is with one of its three weakest modules flipped, the weakest first. */
function oneFlipped(bits: number, order: Int8Array): Read | null {
  for (let a = 0; a < 3; a++) {
    const flipped = lookup(bits ^ (1 << (16 - (order[a] as number))), 2);
    if (flipped) return flipped;
  }
  return null;
}

/** The codeword `bits` is with two of its four weakest modules flipped, the weakest pairs first. */
function twoFlipped(bits: number, order: Int8Array): Read | null {
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      const flipped = lookup(bits ^ (1 << (16 - (order[a] as number))) ^ (1 << (16 - (order[b] as number))), 1);
      if (flipped) return flipped;
    }
  }
  return null;
}

/** `weakest`'s answer for `matchCodeword`, reused: it runs for every window that does not match as read. */
const WEAK_ORDER = new Int8Array(4);

/**
 * The four modules nearest the threshold, nearest first, the earlier module first among equals,
 * written into `order` (a partial selection kept in locals: no sort, no array writes per module).
 */
function weakest(values: Float32Array, threshold: number, order: Int8Array): Int8Array {
  let m0 = Number.POSITIVE_INFINITY;
  let m1 = Number.POSITIVE_INFINITY;
  let m2 = Number.POSITIVE_INFINITY;
  let m3 = Number.POSITIVE_INFINITY;
  let o0 = -1;
  let o1 = -1;
  let o2 = -1;
  let o3 = -1;
  for (let m = 0; m < 17; m++) {
    const margin = Math.abs((values[m] as number) - threshold);
    if (margin >= m3) continue;
    if (margin >= m2) {
      m3 = margin;
      o3 = m;
    } else if (margin >= m1) {
      m3 = m2;
      o3 = o2;
      m2 = margin;
      o2 = m;
    } else if (margin >= m0) {
      m3 = m2;
      o3 = o2;
      m2 = m1;
      o2 = o1;
      m1 = margin;
      o1 = m;
    } else {
      m3 = m2;
      o3 = o2;
      m2 = m1;
      o2 = o1;
      m1 = m0;
      o1 = o0;
      m0 = margin;
      o0 = m;
    }
  }
  order[0] = o0;
  order[1] = o1;
  order[2] = o2;
  order[3] = o3;
  return order;
}

/** `patterns` entry of a pattern not looked at yet. */
const UNKNOWN = -2;
/**
 * Every 17-bit pattern's answer once worked out: value x 16 + cluster, or -1 for no codeword. A
 * scan line looks up each window two to seven times (as read, then with modules flipped), and the
 * same patterns come back line after line; ZXing's table is a binary search through a comparator.
 */
let patterns: Int32Array | null = null;

/** A 17-bit pattern (first module in the top bit) as a codeword and its cluster, or null. */
export function codewordOfPattern(bits: number): Read | null {
  return lookup(bits, 0);
}

/** A 17-bit pattern (first module in the top bit) as a codeword and its cluster, if it is one. */
function lookup(bits: number, weight: number): Read | null {
  // Every codeword starts with a bar and ends with a space.
  if (!(bits & 0x10000) || bits & 1) return null;
  patterns ??= new Int32Array(1 << 17).fill(UNKNOWN);
  let known = patterns[bits] as number;
  if (known === UNKNOWN) {
    known = patternAnswer(bits);
    patterns[bits] = known;
  }
  return known < 0 ? null : { value: known >> 4, cluster: known & 15, weight, centre: 0 };
}

/** `lookup`'s answer for a pattern that starts with a bar and ends with a space, worked out. */
function patternAnswer(bits: number): number {
  const value = PDF417Common.getCodeword(bits);
  if (value < 0) return -1;
  // Cluster from the element widths: (b1 - b2 + b3 - b4 + 9) mod 9 over the four bars.
  const widths: number[] = [];
  let run = 1;
  for (let m = 15; m >= 0; m--) {
    const same = ((bits >> m) & 1) === ((bits >> (m + 1)) & 1);
    if (same) run++;
    else {
      widths.push(run);
      run = 1;
    }
  }
  widths.push(run);
  if (widths.length !== 8) return -1;
  const cluster =
    ((widths[0] as number) - (widths[2] as number) + (widths[4] as number) - (widths[6] as number) + 9) % 9;
  if (cluster % 3 !== 0) return -1;
  return value * 16 + cluster;
}
