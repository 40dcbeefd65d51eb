/** Tunables, each with its reason; exposed for tests, not meant to be changed per call. */
export const CARD_FINDER = {
  /**
   * Smallest luminance slope (grey levels per pixel, after a [1 2 1] blur) that is an edge: a white
   * card on a white table still differs from it by 10-20 levels at its rim and shadow (a slope of
   * 5-10 once blurred), while sensor noise at the downscaled size stays below 2.
   */
  minSlope: 3,
  /** Angular half-width, degrees, of the vote each edge pixel casts around its gradient direction. */
  voteSpread: 8,
  /** Hough peaks refitted, most votes first ... */
  maxPeaks: 60,
  /** ... and lines kept from them, longest unbroken run first ... */
  maxLines: 36,
  /**
   * ... at most this many within `directionWindow` degrees of one another while other directions
   * wait: two thirds of the lines, so a family of parallel lines (ruled paper, planks) leaves a
   * third of the places for the card's other pair of sides.
   */
  maxOneDirection: 24,
  directionWindow: 15,
  /** An edge pixel joins a line within this many pixels and this many degrees of its direction. */
  fitDistance: 1.5,
  fitDegrees: 20,
  /** Opposite sides of a card seen under up to ~40 degrees of tilt stay within this angle of parallel. */
  maxOppositeDegrees: 28,
  /**
   * Relative tolerance on the true aspect. Undoing perspective with an assumed focal length errs by
   * up to 7% (95th percentile) and 10% (99th) for cards tilted up to 35 degrees seen by cameras of
   * 0.6-1.1 x the long side (simulated; see the README); 12% keeps those and rejects most of the
   * rectangles printed on a card (a card less its header band is ~15% off).
   */
  aspectTolerance: 0.12,
  /** Each side must be at least this share an edge (a thumb may hide the rest) ... */
  minSideCoverage: 0.3,
  /** ... and the four together at least this share. */
  minMeanCoverage: 0.55,
  /** Share of each side's length left out of its coverage at each end: ID-1 corners are rounded (3.18 mm). */
  cornerSkip: 0.07,
  /** A card side shorter than this share of the image's short side is too small to judge anything by. */
  minSideShare: 0.12,
  /** Corners may lie this far outside the image (share of its long side): a card partly out of view. */
  outsideMargin: 0.04,
} as const;
