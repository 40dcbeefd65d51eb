import { laplacianVariance } from '@berbix-capture/imaging';
import type { GreyImage } from './decode.js';

/**
 * Image quality measures on the downscaled grey image. Thresholds and how they were set: README,
 * "Image checks". They are deliberately lenient: the sandbox should refuse what no person or OCR
 * could read, not second-guess a fair phone photo.
 */
export interface QualityMeasures {
  /** Mean luma, 0..255. */
  brightness: number;
  /** Variance of the 4-neighbour Laplacian: low means no edges, i.e. blur. */
  sharpness: number;
}

/** Below this mean luma a document is too dark to read. */
export const MIN_BRIGHTNESS = 40;
/** Above this mean luma it is washed out (overexposed or a blank white frame). */
export const MAX_BRIGHTNESS = 240;
/**
 * Below this variance of the Laplacian (on the ≤1024 px analysis image, after a 3x3 median that
 * removes sensor noise) text is too blurry to read.
 */
export const MIN_SHARPNESS = 60;

export function measureQuality(image: GreyImage): QualityMeasures {
  const { width, height, data } = image;
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i] ?? 0;
  const brightness = data.length ? total / data.length : 0;
  return { brightness, sharpness: laplacianVariance(data, width, height) };
}

/** Whether a person or OCR could read the text, by the measures above. */
export function isReadable(measures: QualityMeasures): boolean {
  return (
    measures.brightness >= MIN_BRIGHTNESS &&
    measures.brightness <= MAX_BRIGHTNESS &&
    measures.sharpness >= MIN_SHARPNESS
  );
}
