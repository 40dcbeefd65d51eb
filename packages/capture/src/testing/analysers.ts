/** Stand-in frame analysers for the element's browser tests. Not part of the package (excluded from its build). */

import type { QualityResult } from '../analysers/quality.js';
import type { CardDetection, QualityMetrics } from '../analysers/quality-metrics.js';
import type { FrameAnalyser, FrameContext } from '../analysers/types.js';

/** Metrics of a sharp, lit, steady frame with this card. */
export function metricsWith(card: CardDetection | null): QualityMetrics {
  return {
    sharpness: 500,
    brightness: 150,
    glare: 0,
    clipped: 0,
    contrast: 50,
    motion: 0,
    fill: card ? 0.6 : null,
    card,
  };
}

/** A card across the middle of the frame, in full-frame pixels (as the card finder reports it). */
export function cardIn(
  { frameWidth: w, frameHeight: h }: Pick<FrameContext, 'frameWidth' | 'frameHeight'>,
  confidence = 0.9,
): CardDetection {
  return {
    corners: [
      [0.2 * w, 0.25 * h],
      [0.8 * w, 0.25 * h],
      [0.8 * w, 0.75 * h],
      [0.2 * w, 0.75 * h],
    ],
    frameShare: 0.3,
    guideShare: 0.5,
    tiltDegrees: 0,
    angleDegrees: 0,
    confidence,
  };
}

/** Finds a card in every frame and judges it `verdict` (good: a sharp, steady card, whichever side). */
export const goodCard = (
  verdict: QualityResult['verdict'] = 'good',
  steps: FrameAnalyser['steps'] = ['upload_document_front', 'upload_document_back'],
): FrameAnalyser<QualityResult> => ({
  id: 'quality',
  steps,
  analyse: async (frame, context) => {
    frame.close();
    return { verdict, metrics: metricsWith(cardIn(context)) };
  },
});
