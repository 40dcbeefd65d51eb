/**
 * `Math.round(value) + offset`, the same integer for every value with |value| < offset (a whole
 * number under 2^30), without `Math.round`: V8 compiles that to a slow sequence, and the card
 * finder rounds a quarter of a million Hough votes a frame. Truncating `value + offset + 0.5`
 * gives the answer or one more (the sum may round up to the next whole number when `value` lies a
 * hair below a half); one more is recognised exactly, as its half below then lies above `value`.
 */
export function roundPlus(value: number, offset: number): number {
  const sum = (value + (offset + 0.5)) | 0;
  return sum - offset - 0.5 > value ? sum - 1 : sum;
}
