export { type GreyImage, type GreyPixels, lumaToGrey, luminance, type PlaneLayout } from './grey.js';
export {
  type ImageFormat,
  type ImageHeader,
  type ImageSize,
  readImageHeader,
  readImageSize,
  type SizedFormat,
  sniffImageFormat,
  sniffSizedFormat,
} from './header.js';
export {
  type Homography,
  invertHomography,
  type Matrix3,
  type Point,
  project,
  type Quad,
  squareToQuad,
} from './homography.js';
export { laplacianVariance, quadSpans, type RectLike, rectSpans, type Spans } from './sharpness.js';
