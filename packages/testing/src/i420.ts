/**
 * RGB to I420 as a camera gives it: BT.601 in video's limited ("studio") range, luma per pixel and
 * chroma from the mean of each 2 x 2 block. Chromium reads the fake camera's Y4M files and the
 * `VideoFrame`s made from these planes as limited range, so full-range values would come back with
 * more contrast. Pure arithmetic, for Node fixtures and browser tests alike.
 */

/**
 * The Y, U and V planes, one after the other, of `data` (`channels` bytes a pixel: RGB or RGBA,
 * row by row). Width and height must be even.
 */
export function rgbToI420(data: ArrayLike<number>, width: number, height: number, channels: 3 | 4): Uint8Array {
  if (width % 2 || height % 2) throw new RangeError('I420 needs even width and height');
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const planes = new Uint8Array(lumaSize * 1.5);
  const u = lumaSize;
  const v = lumaSize + lumaSize / 4;
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * channels;
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      planes[row * width + col] = clamp(16 + (219 / 255) * (0.299 * r + 0.587 * g + 0.114 * b));
    }
  }
  for (let row = 0; row < height; row += 2) {
    for (let col = 0; col < width; col += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const) {
        const i = ((row + dy) * width + col + dx) * channels;
        r += data[i] ?? 0;
        g += data[i + 1] ?? 0;
        b += data[i + 2] ?? 0;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (row / 2) * chromaWidth + col / 2;
      planes[u + c] = clamp(128 + (224 / 255) * (-0.168736 * r - 0.331264 * g + 0.5 * b));
      planes[v + c] = clamp(128 + (224 / 255) * (0.5 * r - 0.418688 * g - 0.081312 * b));
    }
  }
  return planes;
}
