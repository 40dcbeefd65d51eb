/**
 * Camera-like `VideoFrame`s made from drawn pixels, for tests and benchmarks of the path a live
 * camera frame takes: I420 in video's limited range (BT.601), as Chromium's camera delivers and
 * as it converts back to RGB when it draws one.
 */

/**
 * An I420 frame of `source`, drawn at its own size; a camera's frames have even sides, so an odd
 * side loses its last row or column.
 */
export function i420FrameOf(source: ImageBitmap | OffscreenCanvas, timestamp = 0): VideoFrame {
  const width = source.width - (source.width % 2);
  const height = source.height - (source.height % 2);
  if (width < 2 || height < 2) throw new RangeError('too small for an I420 frame');
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.drawImage(source, 0, 0);
  const rgba = context.getImageData(0, 0, width, height).data;
  const lumaSize = width * height;
  const chromaWidth = width / 2;
  const planes = new Uint8Array(lumaSize * 1.5);
  const u = lumaSize;
  const v = lumaSize + lumaSize / 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const r = rgba[i] as number;
      const g = rgba[i + 1] as number;
      const b = rgba[i + 2] as number;
      planes[y * width + x] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
    }
  }
  // Chroma: the mean of each 2 x 2 block.
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y + dy) * width + x + dx) * 4;
        r += rgba[i] as number;
        g += rgba[i + 1] as number;
        b += rgba[i + 2] as number;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const at = (y / 2) * chromaWidth + x / 2;
      planes[u + at] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      planes[v + at] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return new VideoFrame(planes, {
    format: 'I420',
    codedWidth: width,
    codedHeight: height,
    timestamp,
    colorSpace: { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false },
  });
}
