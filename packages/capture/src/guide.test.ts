import { describe, expect, it } from 'vitest';
import { DOCUMENT_ASPECT, guideFractions, guideOnPreview, guideRect, type PreviewBox, shownRegion } from './guide.js';

/**
 * The guide under cover cropping: the preview fills a box of another shape than the frame, so it
 * shows only the middle of the frame. What is drawn on the preview and what the analysers are
 * given must stay the same frame pixels.
 */

/** Where a frame pixel lands in a box the frame covers (`object-fit: cover`, centred), in CSS px. */
function toBox(px: number, py: number, frame: { width: number; height: number }, box: PreviewBox) {
  const scale = Math.max(box.width / frame.width, box.height / frame.height);
  return {
    x: (px - frame.width / 2) * scale + box.width / 2,
    y: (py - frame.height / 2) * scale + box.height / 2,
  };
}

const CASES: { name: string; frame: { width: number; height: number }; box: PreviewBox }[] = [
  {
    name: 'landscape 1080p in a portrait phone box',
    frame: { width: 1920, height: 1080 },
    box: { width: 390, height: 700 },
  },
  {
    name: 'portrait 720x1280 in a portrait phone box',
    frame: { width: 720, height: 1280 },
    box: { width: 390, height: 844 },
  },
  {
    name: 'portrait 720x1280 in a landscape phone box',
    frame: { width: 720, height: 1280 },
    box: { width: 844, height: 390 },
  },
  { name: 'landscape 640x480 in a wide box', frame: { width: 640, height: 480 }, box: { width: 1366, height: 500 } },
];

describe('guide under cover cropping', () => {
  for (const { name, frame, box } of CASES) {
    for (const [document, aspect] of Object.entries(DOCUMENT_ASPECT)) {
      it(`${name}, ${document}: the guide drawn is the region analysed, wholly on screen, the document's shape`, () => {
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
        const widest = Math.max(drawn.width / 0.82, drawn.height / 0.9);
        expect(widest).toBeCloseTo(1, 9);
        // The pixels handed to the analysers lie inside the shown part of the frame.
        const rect = guideRect(frame.width, frame.height, aspect, box);
        const shown = shownRegion(frame.width, frame.height, box);
        expect(rect.x).toBeGreaterThanOrEqual(shown.x);
        expect(rect.y).toBeGreaterThanOrEqual(shown.y);
        expect(rect.x + rect.width).toBeLessThanOrEqual(shown.x + shown.width);
        expect(rect.y + rect.height).toBeLessThanOrEqual(shown.y + shown.height);
      });
    }
  }

  it('cropping shrinks the analysed region to the shown part: a portrait box on a landscape frame', () => {
    const whole = guideFractions(1920, 1080, DOCUMENT_ASPECT.card);
    const covered = guideFractions(1920, 1080, DOCUMENT_ASPECT.card, { width: 390, height: 700 });
    // 390/700 of 1080 px tall is about 602 px of the 1920 shown; the guide is 82% of that.
    expect(covered.width * 1920).toBeCloseTo(0.82 * ((390 / 700) * 1080), 6);
    expect(covered.width).toBeLessThan(whole.width / 2);
  });

  it('with a guide area (the band clear of the text), the guide is centred there and still the analysed region', () => {
    const frame = { width: 720, height: 1280 };
    for (const box of [
      // Portrait: text above and the shutter below.
      { width: 390, height: 844, area: { x: 0, y: 120, width: 390, height: 480 } },
      // Landscape: everything at the inline end; a right-to-left page puts it on the left.
      { width: 844, height: 390, area: { x: 0, y: 0, width: 600, height: 390 } },
      { width: 844, height: 390, area: { x: 244, y: 0, width: 600, height: 390 } },
    ]) {
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
