/** The square-to-quad homography lives in the imaging package; this keeps the element's imports short. */
export {
  type Homography,
  invertHomography,
  type Point,
  project,
  type Quad,
  squareToQuad,
} from '@berbix-capture/imaging';
