/**
 * The pixel steps both scene renderers take after drawing with canvas (the card finder's scenes in
 * card-scenes.ts and the barcode reader's in pdf417-scene.ts): a card face warped into its place
 * in the frame, then light, a highlight and sensor noise. Works on ImageData-shaped pixels.
 */
import { invertHomography, type Matrix3, type Quad, squareToQuad } from '@berbix-capture/imaging';

export interface RgbaPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A standard normal draw (Box-Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Perspective-warps `face` (all of it) into `quad` of `frame`, bilinear, blending by the face's
 * alpha so a face with rounded, transparent corners shows the frame behind them. With
 * `holdEdge`, the last source row and column are held rather than blended with the one past them
 * (how the card scenes have always been drawn; their corners and benchmarks depend on it).
 */
export function warpInto(frame: RgbaPixels, face: RgbaPixels, quad: Quad, holdEdge = false): void {
  const inverse = invertHomography(squareToQuad(quad) as Float64Array) as Float64Array;
  const [a, b, c, d, e, f, g, h, i] = inverse as unknown as Matrix3;
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const minX = Math.max(0, Math.floor(Math.min(...xs)));
  const maxX = Math.min(frame.width - 1, Math.ceil(Math.max(...xs)));
  const minY = Math.max(0, Math.floor(Math.min(...ys)));
  const maxY = Math.min(frame.height - 1, Math.ceil(Math.max(...ys)));
  const { width: fw, height: fh, data: source } = face;
  const out = frame.data;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w = g * px + h * py + i;
      const u = (a * px + b * py + c) / w;
      const v = (d * px + e * py + f) / w;
      if (u < 0 || v < 0 || u >= 1 || v >= 1) continue;
      const sx = holdEdge ? Math.min(fw - 2, Math.max(0, u * fw - 0.5)) : u * fw - 0.5;
      const sy = holdEdge ? Math.min(fh - 2, Math.max(0, v * fh - 0.5)) : v * fh - 0.5;
      const x0 = Math.max(0, Math.min(fw - 2, Math.floor(sx)));
      const y0 = Math.max(0, Math.min(fh - 2, Math.floor(sy)));
      const fx = Math.min(1, Math.max(0, sx - x0));
      const fy = Math.min(1, Math.max(0, sy - y0));
      const s = (y0 * fw + x0) * 4;
      const o = (y * frame.width + x) * 4;
      const weights = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy];
      const offsets = [s, s + 4, s + fw * 4, s + fw * 4 + 4];
      let alpha = 0;
      for (let k = 0; k < 4; k++) alpha += (weights[k] as number) * (source[(offsets[k] as number) + 3] as number);
      alpha = Math.min(1, alpha / 255);
      if (alpha <= 0) continue;
      for (let ch = 0; ch < 3; ch++) {
        let value = 0;
        for (let k = 0; k < 4; k++) value += (weights[k] as number) * (source[(offsets[k] as number) + ch] as number);
        out[o + ch] = value * alpha + (out[o + ch] as number) * (1 - alpha);
      }
    }
  }
}

/** A specular highlight in frame pixels; flat-topped saturates across its core as a lamp's reflection does. */
export interface Highlight {
  x: number;
  y: number;
  radius: number;
  peak: number;
  flatTop?: boolean;
}

/** Light level (gain), a highlight, then Gaussian sensor noise, in that physical order. */
export function expose(
  image: RgbaPixels,
  light: { gain: number; noise: number; glare: Highlight | null },
  random: () => number,
): void {
  const { data, width, height } = image;
  const { gain, noise, glare } = light;
  const twoSigma2 = glare ? 2 * glare.radius * glare.radius : 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let add = 0;
      if (glare) {
        const dx = x - glare.x;
        const dy = y - glare.y;
        const r2 = dx * dx + dy * dy;
        if (r2 < 9 * twoSigma2) {
          const falloff = Math.exp(-r2 / twoSigma2);
          add = glare.peak * (glare.flatTop ? Math.min(1, 1.6 * falloff) : falloff);
        }
      }
      const n = noise > 0 ? gaussian(random) * noise : 0;
      const o = (y * width + x) * 4;
      for (let ch = 0; ch < 3; ch++) data[o + ch] = (data[o + ch] as number) * gain + add + n;
    }
  }
}
