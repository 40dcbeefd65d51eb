import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_ASPECT,
  guideFractions,
  guideOnPreview,
  guideRect,
  type PreviewBox,
  previewFit,
  shownRegion,
} from './guide.js';

/**
 * The guide under cover cropping: the preview fills a box of another shape than the frame, so it
 * shows only the middle of the frame. What is drawn on the preview and what the analysers are
 * given must stay the same frame pixels.
 */

/** Where a frame pixel lands in the box, for the fit the preview uses (`cover` or `contain`, centred), in CSS px. */
function toBox(px: number, py: number, frame: { width: number; height: number }, box: PreviewBox) {
  const sx = box.width / frame.width;
  const sy = box.height / frame.height;
  const scale = previewFit(frame.width, frame.height, box) === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  return {
    x: (px - frame.width / 2) * scale + box.width / 2,
    y: (py - frame.height / 2) * scale + box.height / 2,
  };
}

/** A frame of `frame` size shown in a box of `box` size, and the fit the preview should choose for it. */
function fitCase(name: string, [fw, fh]: [number, number], [bw, bh]: [number, number], fit: 'cover' | 'contain') {
  return { name, frame: { width: fw, height: fh }, box: { width: bw, height: bh } satisfies PreviewBox, fit };
}

const CASES = [
  // Cropping would keep 31% of the width: the whole frame is shown instead.
  fitCase('landscape 1080p in a portrait phone box', [1920, 1080], [390, 700], 'contain'),
  fitCase('portrait 720x1280 in a portrait phone box', [720, 1280], [390, 844], 'cover'),
  fitCase('portrait 720x1280 in a landscape phone box', [720, 1280], [844, 390], 'contain'),
  fitCase('4:3 landscape in a wide box', [640, 480], [800, 500], 'cover'),
  // Cropping would keep 57% of the width (a webcam in a square-ish box).
  fitCase('landscape 1080p in a square box', [1920, 1080], [816, 800], 'contain'),
  fitCase('landscape 1080p in a landscape phone box', [1920, 1080], [844, 390], 'cover'),
];

describe('guide under cover cropping', () => {
  for (const { name, frame, box, fit } of CASES) {
    for (const [document, aspect] of Object.entries(DOCUMENT_ASPECT)) {
      it(`${name}, ${document}: ${fit}; the guide drawn is the region analysed, wholly on screen, the document's shape`, () => {
        expect(previewFit(frame.width, frame.height, box)).toBe(fit);
        const analysed = guideFractions(frame.width, frame.height, aspect, box);
        const drawn = guideOnPreview(frame.width, frame.height, aspect, box);
        // The analysed region's corners, carried through the cover transform, are the drawn guide's corners.
        const topLeft = toBox(analysed.x * frame.width, analysed.y * frame.height, frame, box);
        const bottomRight = toBox(
          (analysed.x + analysed.width) * frame.width,
          (analysed.y + analysed.height) * frame.height,
          frame,
          box,
        );
        expect(topLeft.x / box.width).toBeCloseTo(drawn.x, 9);
        expect(topLeft.y / box.height).toBeCloseTo(drawn.y, 9);
        expect(bottomRight.x / box.width).toBeCloseTo(drawn.x + drawn.width, 9);
        expect(bottomRight.y / box.height).toBeCloseTo(drawn.y + drawn.height, 9);
        // On screen: inside the box, with room at the edges, and the document's shape in CSS pixels.
        expect(drawn.x).toBeGreaterThan(0.04);
        expect(drawn.y).toBeGreaterThan(0.04);
        expect(drawn.x + drawn.width).toBeLessThan(0.96);
        expect(drawn.y + drawn.height).toBeLessThan(0.96);
        expect((drawn.width * box.width) / (drawn.height * box.height)).toBeCloseTo(aspect, 9);
        // As large as the shown part allows: 82% of its width or 90% of its height.
        const shown = shownRegion(frame.width, frame.height, box);
        const widest = Math.max(
          (analysed.width * frame.width) / (0.82 * shown.width),
          (analysed.height * frame.height) / (0.9 * shown.height),
        );
        expect(widest).toBeCloseTo(1, 9);
        // The pixels handed to the analysers lie inside the shown part of the frame.
        const rect = guideRect(frame.width, frame.height, aspect, box);
        expect(rect.x).toBeGreaterThanOrEqual(shown.x);
        expect(rect.y).toBeGreaterThanOrEqual(shown.y);
        expect(rect.x + rect.width).toBeLessThanOrEqual(shown.x + shown.width);
        expect(rect.y + rect.height).toBeLessThanOrEqual(shown.y + shown.height);
      });
    }
  }

  it('cropping shrinks the analysed region to the shown part: a portrait box on a 9:16 frame; a 4:3 one and a webcam are contained', () => {
    const whole = guideFractions(720, 1280, DOCUMENT_ASPECT.card);
    // A 390x844 box keeps 390/844 of 1280 px of width: about 591 of the 720; the guide is 82% of that.
    const covered = guideFractions(720, 1280, DOCUMENT_ASPECT.card, { width: 390, height: 844 });
    expect(covered.width * 720).toBeCloseTo(0.82 * ((390 / 844) * 1280), 6);
    expect(covered.width).toBeLessThan(whole.width);
    // A 4:3 portrait stream in that box would keep 62% of its width: contained instead.
    expect(previewFit(960, 1280, { width: 390, height: 844 })).toBe('contain');
    // A landscape webcam in a phone-shaped box would keep 26%: contained, the guide on the whole frame.
    expect(previewFit(1920, 1080, { width: 390, height: 844 })).toBe('contain');
    expect(guideFractions(1920, 1080, DOCUMENT_ASPECT.card, { width: 390, height: 844 })).toEqual(
      guideFractions(1920, 1080, DOCUMENT_ASPECT.card),
    );
  });

  it('with a guide area (the band clear of the text), the guide is centred there and still the analysed region', () => {
    const portrait = { width: 720, height: 1280 };
    const landscape = { width: 1280, height: 720 };
    for (const [frame, box] of [
      // Portrait: text above and the shutter below.
      [portrait, { width: 390, height: 844, area: { x: 0, y: 120, width: 390, height: 480 } }],
      // Landscape: everything at the inline end; a right-to-left page puts it on the left.
      [landscape, { width: 844, height: 390, area: { x: 0, y: 0, width: 600, height: 390 } }],
      [landscape, { width: 844, height: 390, area: { x: 244, y: 0, width: 600, height: 390 } }],
    ] as const) {
      const analysed = guideFractions(frame.width, frame.height, DOCUMENT_ASPECT.card, box);
      const drawn = guideOnPreview(frame.width, frame.height, DOCUMENT_ASPECT.card, box);
      const topLeft = toBox(analysed.x * frame.width, analysed.y * frame.height, frame, box);
      expect(topLeft.x / box.width).toBeCloseTo(drawn.x, 9);
      expect(topLeft.y / box.height).toBeCloseTo(drawn.y, 9);
      // Inside the area and centred in it, as large as 82% of its width or 90% of its height allow.
      const px = {
        x: drawn.x * box.width,
        y: drawn.y * box.height,
        w: drawn.width * box.width,
        h: drawn.height * box.height,
      };
      expect(px.x + px.w / 2).toBeCloseTo(box.area.x + box.area.width / 2, 6);
      expect(px.y + px.h / 2).toBeCloseTo(box.area.y + box.area.height / 2, 6);
      expect(Math.max(px.w / (0.82 * box.area.width), px.h / (0.9 * box.area.height))).toBeCloseTo(1, 9);
    }
    // An area reaching past the box is clipped to it; an empty one falls back to the whole box.
    const box = { width: 390, height: 844 };
    expect(guideFractions(720, 1280, 1.5, { ...box, area: { x: -50, y: -50, width: 500, height: 1000 } })).toEqual(
      guideFractions(720, 1280, 1.5, box),
    );
    expect(guideFractions(720, 1280, 1.5, { ...box, area: { x: 10, y: 10, width: 0, height: 10 } })).toEqual(
      guideFractions(720, 1280, 1.5, box),
    );
  });

  it('without a box, or with an empty one, the whole frame is shown and both rects are the plain guide', () => {
    const plain = guideFractions(1280, 720, DOCUMENT_ASPECT.card);
    for (const box of [undefined, null, { width: 0, height: 300 }, { width: Number.NaN, height: 1 }]) {
      expect(shownRegion(1280, 720, box)).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
      expect(guideFractions(1280, 720, DOCUMENT_ASPECT.card, box)).toEqual(plain);
      expect(guideOnPreview(1280, 720, DOCUMENT_ASPECT.card, box)).toEqual(plain);
    }
    // A box of the frame's own shape crops nothing.
    expect(guideOnPreview(1280, 720, DOCUMENT_ASPECT.card, { width: 640, height: 360 })).toEqual(plain);
  });
});
