import type { IdType } from '@berbix-capture/protocol';
import type { Rect } from './analysers/types.js';

/** Width / height of the document the guide outlines. */
export const DOCUMENT_ASPECT = {
  /** ID-1 cards (licences, ID cards, passport cards): 85.6 x 54 mm. */
  card: 85.6 / 54,
  /** Passport data page (ID-3): 125 x 88 mm. */
  passport: 125 / 88,
} as const;

/** Largest share of the frame's width and height the guide may take: room to frame the edges. */
const MAX_WIDTH_SHARE = 0.82;
const MAX_HEIGHT_SHARE = 0.9;

export function aspectFor(idType: IdType | null | undefined): number {
  return idType === 'P' ? DOCUMENT_ASPECT.passport : DOCUMENT_ASPECT.card;
}

/**
 * The guide as fractions of the frame (0..1). The overlay is drawn from the same fractions over a
 * preview that shows the whole frame, so what the person lines up is exactly what is analysed.
 */
export function guideFractions(frameWidth: number, frameHeight: number, aspect: number): Rect {
  const width = Math.min(MAX_WIDTH_SHARE * frameWidth, MAX_HEIGHT_SHARE * frameHeight * aspect);
  const height = width / aspect;
  return {
    x: (frameWidth - width) / 2 / frameWidth,
    y: (frameHeight - height) / 2 / frameHeight,
    width: width / frameWidth,
    height: height / frameHeight,
  };
}

/** The guide in frame pixels, rounded inwards. */
export function guideRect(frameWidth: number, frameHeight: number, aspect: number): Rect {
  const f = guideFractions(frameWidth, frameHeight, aspect);
  const x = Math.ceil(f.x * frameWidth);
  const y = Math.ceil(f.y * frameHeight);
  return {
    x,
    y,
    width: Math.max(1, Math.floor(f.width * frameWidth)),
    height: Math.max(1, Math.floor(f.height * frameHeight)),
  };
}
