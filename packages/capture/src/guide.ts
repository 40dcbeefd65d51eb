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
 * The size of the box a preview fills with `object-fit: cover` (CSS pixels). A cover-fitted preview
 * shows only the middle of the frame; the guide must lie inside what is shown.
 */
export interface PreviewBox {
  width: number;
  height: number;
  /**
   * The part of the box the guide may take, in CSS pixels from the box's top left corner (the
   * screen's text and buttons lie around it); the whole box when absent.
   */
  area?: Rect;
}

const usableBox = (box: PreviewBox | null | undefined): box is PreviewBox =>
  !!box && box.width > 0 && box.height > 0 && Number.isFinite(box.width) && Number.isFinite(box.height);

/**
 * The part of the frame a preview shows, in frame pixels: all of it without a box (`contain`), else
 * the centred part that `object-fit: cover` keeps in a box of that size.
 */
export function shownRegion(frameWidth: number, frameHeight: number, box?: PreviewBox | null): Rect {
  if (!usableBox(box)) return { x: 0, y: 0, width: frameWidth, height: frameHeight };
  const scale = Math.max(box.width / frameWidth, box.height / frameHeight);
  const width = Math.min(frameWidth, box.width / scale);
  const height = Math.min(frameHeight, box.height / scale);
  return { x: (frameWidth - width) / 2, y: (frameHeight - height) / 2, width, height };
}

/** The box's guide area (clipped to the box) in frame pixels; the shown part of the frame without one. */
function guideArea(frameWidth: number, frameHeight: number, box?: PreviewBox | null): Rect {
  const shown = shownRegion(frameWidth, frameHeight, box);
  if (!usableBox(box) || !box.area) return shown;
  const left = Math.max(0, box.area.x);
  const top = Math.max(0, box.area.y);
  const right = Math.min(box.width, box.area.x + box.area.width);
  const bottom = Math.min(box.height, box.area.y + box.area.height);
  if (!(right > left && bottom > top)) return shown;
  // Frame pixels per CSS pixel: the same both ways under cover.
  const scale = shown.width / box.width;
  return {
    x: shown.x + left * scale,
    y: shown.y + top * scale,
    width: (right - left) * scale,
    height: (bottom - top) * scale,
  };
}

/**
 * The guide as fractions of the frame (0..1): the region the analysers are given. It is sized to
 * the part of the frame the preview shows (see `shownRegion`), or to the box's guide area, and
 * centred there, so under cover cropping it still lies wholly on screen and clear of the text.
 */
export function guideFractions(frameWidth: number, frameHeight: number, aspect: number, box?: PreviewBox | null): Rect {
  const area = guideArea(frameWidth, frameHeight, box);
  const width = Math.min(MAX_WIDTH_SHARE * area.width, MAX_HEIGHT_SHARE * area.height * aspect);
  const height = width / aspect;
  return {
    x: (area.x + (area.width - width) / 2) / frameWidth,
    y: (area.y + (area.height - height) / 2) / frameHeight,
    width: width / frameWidth,
    height: height / frameHeight,
  };
}

/**
 * The same guide as fractions of the preview's box, for drawing it: the very frame pixels of
 * `guideFractions`, moved and scaled as cover cropping moves and scales the frame. Without a box
 * (the whole frame shown) it equals `guideFractions`.
 */
export function guideOnPreview(frameWidth: number, frameHeight: number, aspect: number, box?: PreviewBox | null): Rect {
  const f = guideFractions(frameWidth, frameHeight, aspect, box);
  const shown = shownRegion(frameWidth, frameHeight, box);
  return {
    x: (f.x * frameWidth - shown.x) / shown.width,
    y: (f.y * frameHeight - shown.y) / shown.height,
    width: (f.width * frameWidth) / shown.width,
    height: (f.height * frameHeight) / shown.height,
  };
}

/** The guide in frame pixels, rounded inwards. */
export function guideRect(frameWidth: number, frameHeight: number, aspect: number, box?: PreviewBox | null): Rect {
  const f = guideFractions(frameWidth, frameHeight, aspect, box);
  const x = Math.ceil(f.x * frameWidth);
  const y = Math.ceil(f.y * frameHeight);
  return {
    x,
    y,
    width: Math.max(1, Math.floor(f.width * frameWidth)),
    height: Math.max(1, Math.floor(f.height * frameHeight)),
  };
}
