/** Frame-to-frame steadiness for the quality analyser: a small thumbnail per frame, compared with the last. */

/** Side of the square thumbnail compared between frames to judge steadiness. */
export const THUMBNAIL_SIDE = 24;

/** Box-averaged thumbnail, robust to sensor noise, for frame-to-frame motion. */
export function thumbnail(gray: Uint8Array, width: number, height: number, side = THUMBNAIL_SIDE): Uint8Array {
  const out = new Uint8Array(side * side);
  for (let ty = 0; ty < side; ty++) {
    const y0 = Math.floor((ty * height) / side);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * height) / side));
    for (let tx = 0; tx < side; tx++) {
      const x0 = Math.floor((tx * width) / side);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * width) / side));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += gray[y * width + x] as number;
      out[ty * side + tx] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return out;
}

/** Mean absolute difference of two thumbnails of the same size. */
export function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError('thumbnails differ in size');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
}
