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
 * The box a camera-first preview fills (CSS pixels). It is fitted with `object-fit: cover` (the
 * middle of the frame shown, the rest cropped) unless that would crop away more than a quarter of
 * the frame's width or height (a landscape webcam in a phone-shaped box): then `contain` shows it whole.
 * Either way the guide must lie inside what is shown.
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

/**
 * Below this share of the frame's width or height kept by a cover crop, the preview is contained:
 * a phone's 9:16 stream in a 390x844 box keeps 82% (covered); a 16:9 webcam in a square-ish box
 * 57%, in a phone-shaped one 26% (contained: the document would not fit the guide otherwise).
 */
const MIN_SHOWN_SHARE = 0.75;

const usableBox = (box: PreviewBox | null | undefined): box is PreviewBox =>
  !!box && box.width > 0 && box.height > 0 && Number.isFinite(box.width) && Number.isFinite(box.height);

/** How a preview of this frame fills this box (see `PreviewBox`); `contain` without a box. */
export function previewFit(frameWidth: number, frameHeight: number, box?: PreviewBox | null): 'cover' | 'contain' {
  if (!usableBox(box) || !(frameWidth > 0 && frameHeight > 0)) return 'contain';
  const cover = Math.max(box.width / frameWidth, box.height / frameHeight);
  const kept = Math.min(box.width / cover / frameWidth, box.height / cover / frameHeight);
  return kept >= MIN_SHOWN_SHARE ? 'cover' : 'contain';
}

/** CSS pixels per frame pixel in the box, for the fit `previewFit` picks. */
function boxScale(frameWidth: number, frameHeight: number, box: PreviewBox): number {
  const sx = box.width / frameWidth;
  const sy = box.height / frameHeight;
  return previewFit(frameWidth, frameHeight, box) === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
}

/** A rectangle of the box (CSS px) in frame pixels, clipped to the frame: the frame is centred in the box. */
function boxToFrame(rect: Rect, frameWidth: number, frameHeight: number, box: PreviewBox): Rect {
  const scale = boxScale(frameWidth, frameHeight, box);
  const toX = (x: number) => Math.min(frameWidth, Math.max(0, (x - box.width / 2) / scale + frameWidth / 2));
  const toY = (y: number) => Math.min(frameHeight, Math.max(0, (y - box.height / 2) / scale + frameHeight / 2));
  const x = toX(rect.x);
  const y = toY(rect.y);
  return { x, y, width: toX(rect.x + rect.width) - x, height: toY(rect.y + rect.height) - y };
}

/**
 * The part of the frame a preview shows, in frame pixels: all of it without a box or when it is
 * contained, else the centred part that `object-fit: cover` keeps in the box.
 */
export function shownRegion(frameWidth: number, frameHeight: number, box?: PreviewBox | null): Rect {
  if (!usableBox(box)) return { x: 0, y: 0, width: frameWidth, height: frameHeight };
  return boxToFrame({ x: 0, y: 0, width: box.width, height: box.height }, frameWidth, frameHeight, box);
}

/** The box's guide area in frame pixels (clipped to what is shown); the shown part without one. */
function guideArea(frameWidth: number, frameHeight: number, box?: PreviewBox | null): Rect {
  const shown = shownRegion(frameWidth, frameHeight, box);
  if (!usableBox(box) || !box.area) return shown;
  // Clipped to the box first: what lies outside the box is not shown, even where the frame goes on.
  const left = Math.max(0, box.area.x);
  const top = Math.max(0, box.area.y);
  const right = Math.min(box.width, box.area.x + box.area.width);
  const bottom = Math.min(box.height, box.area.y + box.area.height);
  if (!(right > left && bottom > top)) return shown;
  const area = boxToFrame({ x: left, y: top, width: right - left, height: bottom - top }, frameWidth, frameHeight, box);
  return area.width > 0 && area.height > 0 ? area : shown;
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
 * `guideFractions`, moved and scaled as the fit moves and scales the frame. Without a box (the
 * framed layout, whose box has the frame's shape) it equals `guideFractions`.
 */
export function guideOnPreview(frameWidth: number, frameHeight: number, aspect: number, box?: PreviewBox | null): Rect {
  const f = guideFractions(frameWidth, frameHeight, aspect, box);
  if (!usableBox(box)) return f;
  const scale = boxScale(frameWidth, frameHeight, box);
  const toX = (x: number) => ((x - frameWidth / 2) * scale + box.width / 2) / box.width;
  const toY = (y: number) => ((y - frameHeight / 2) * scale + box.height / 2) / box.height;
  return {
    x: toX(f.x * frameWidth),
    y: toY(f.y * frameHeight),
    width: (f.width * frameWidth * scale) / box.width,
    height: (f.height * frameHeight * scale) / box.height,
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
