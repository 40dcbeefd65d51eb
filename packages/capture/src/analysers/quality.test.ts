import { type CardScene, renderCardScene } from '@berbix-capture/testing/card-scenes';
import { generateFrame } from '@berbix-capture/testing/frames';
import { afterAll, describe, expect, it } from 'vitest';
import { QualityAnalyser, type QualityResult } from './quality.js';
import { QUALITY_THRESHOLDS } from './quality-metrics.js';
import type { FrameContext } from './types.js';

const analyser = new QualityAnalyser();
afterAll(() => analyser.dispose());

/** The whole frame through the worker, as the frame loop hands it (the guide is where the element draws it). */
async function analyse(frame: ImageBitmap): Promise<QualityResult> {
  const { width, height } = frame;
  analyser.reset();
  const context: FrameContext = {
    step: 'upload_document_front',
    guide: {
      x: Math.round(width * 0.09),
      y: Math.round(height * 0.1),
      width: Math.round(width * 0.82),
      height: Math.round(height * 0.8),
    },
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
  };
  return analyser.analyse(frame, context);
}

const measure = async (kind: Parameters<typeof generateFrame>[0], width = 1280, height = 720) =>
  analyse(await generateFrame(kind, width, height));
const scene = async (partial: Partial<CardScene>) => analyse((await renderCardScene(partial)).bitmap);

describe('quality analyser (Web Worker, generated frames)', () => {
  it('asks the frame loop for the whole frame', () => {
    expect(analyser.region).toBe('frame');
  });

  it('passes a sharp, well-lit card, and finds it', async () => {
    const { metrics, verdict } = await measure('sharp');
    expect(metrics.card?.confidence).toBeGreaterThanOrEqual(QUALITY_THRESHOLDS.minConfidence);
    expect(metrics.sharpness).toBeGreaterThan(QUALITY_THRESHOLDS.minSharpness);
    expect(metrics.brightness).toBeGreaterThan(QUALITY_THRESHOLDS.minBrightness);
    expect(metrics.brightness).toBeLessThan(QUALITY_THRESHOLDS.maxBrightness);
    expect(metrics.glare).toBeLessThanOrEqual(QUALITY_THRESHOLDS.maxGlare);
    expect(metrics.contrast).toBeGreaterThan(QUALITY_THRESHOLDS.minContrast);
    expect(verdict).toBe('good');
  });

  it('flags a blurred card by its sharpness alone', async () => {
    const { metrics, verdict } = await measure('blurred');
    expect(metrics.sharpness).toBeLessThan(QUALITY_THRESHOLDS.minSharpness);
    expect(metrics.brightness).toBeGreaterThan(QUALITY_THRESHOLDS.minBrightness);
    expect(metrics.glare).toBeLessThanOrEqual(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('blurry');
  });

  it('flags a dark frame by its brightness', async () => {
    const { metrics, verdict } = await measure('dark');
    expect(metrics.brightness).toBeLessThan(QUALITY_THRESHOLDS.minBrightness);
    expect(verdict).toBe('too-dark');
  });

  it('flags a clipped highlight on the card as glare', async () => {
    const { metrics, verdict } = await measure('glare');
    expect(metrics.glare).toBeGreaterThan(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('glare');
  });

  it('sees no document in a blank frame', async () => {
    const { metrics, verdict } = await measure('empty');
    expect(metrics.card).toBeNull();
    expect(verdict).toBe('no-document');
  });

  it('says move closer only when the card is really small', async () => {
    const far = await scene({ longEdge: 0.3 * 1280, seed: 31 });
    expect(far.metrics.fill as number).toBeLessThan(QUALITY_THRESHOLDS.minFill);
    expect(far.verdict).toBe('too-far');
    const near = await scene({ longEdge: 0.6 * 1280, seed: 31 });
    expect(near.verdict).toBe('good');
    // A back held in portrait, filling the frame's height: its long edge is only 56% of the
    // frame's width at most, and that is as close as a portrait card can come.
    const portrait = await scene({ side: 'back', angle: 90, longEdge: 0.92 * 720, seed: 32 });
    expect(portrait.metrics.card?.confidence).toBeGreaterThanOrEqual(QUALITY_THRESHOLDS.minConfidence);
    expect(portrait.verdict).toBe('good');
  });

  it('does not ask to move closer when the frame cuts the card off: a box printed on it is no small card', async () => {
    // The front slid off the frame's right side: the finder's best quad is its photo box, small, with
    // the card's paper around it instead of the table.
    for (const background of ['plain', 'textured'] as const) {
      const cut = await scene({ offset: [300, 0], seed: 4, background });
      expect(cut.metrics.fill as number).toBeLessThan(QUALITY_THRESHOLDS.minFill);
      expect(cut.metrics.card?.onTable).toBe(false);
      expect(cut.verdict).toBe('no-document');
    }
    // A card as small, whole, on the same tables: move closer.
    for (const background of ['plain', 'textured'] as const) {
      const far = await scene({ longEdge: 0.3 * 1280, seed: 4, background });
      expect(far.metrics.card?.onTable).toBe(true);
      expect(far.verdict).toBe('too-far');
    }
  });

  it('judges sharpness the same at 1080p and 1440p (the frame is downscaled first)', async () => {
    const hd = await measure('sharp', 1920, 1080);
    const uhd = await measure('sharp', 2560, 1440);
    const blurredUhd = await measure('blurred', 2560, 1440);
    expect(hd.verdict).toBe('good');
    expect(uhd.verdict).toBe('good');
    expect(blurredUhd.verdict).toBe('blurry');
  });
});

describe('glare is a highlight on the card, not a white card or a white table', () => {
  const white: Partial<CardScene> = { paper: [246, 246, 244], seed: 41 };

  it('passes a white card on a white table (the table clips; it is not the card)', async () => {
    const { metrics, verdict } = await scene({ ...white, background: 'white', exposure: 1.04 });
    expect(metrics.glare).toBe(0);
    expect(verdict).toBe('good');
  });

  it('passes a white card whose paper clips while its print stays dark', async () => {
    const { metrics, verdict } = await scene({ ...white, background: 'plain', exposure: 1.08 });
    expect(metrics.clipped).toBeGreaterThan(0.3);
    expect(metrics.glare).toBe(0);
    expect(verdict).toBe('good');
  });

  it('flags a highlight on a white card as glare', async () => {
    const { metrics, verdict } = await scene({
      ...white,
      background: 'white',
      exposure: 0.92,
      glare: { u: 0.6, v: 0.45, radius: 0.07, peak: 260 },
    });
    expect(metrics.glare).toBeGreaterThan(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('glare');
  });

  it('flags a highlight over the barcode of a back', async () => {
    const { metrics, verdict } = await scene({
      side: 'back',
      seed: 45,
      glare: { u: 0.5, v: 0.55, radius: 0.06, peak: 260 },
    });
    expect(metrics.glare).toBeGreaterThan(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('glare');
  });

  it('does not call a highlight on blank paper glare: it hides no print', async () => {
    const { metrics, verdict } = await scene({ seed: 46, glare: { u: 0.88, v: 0.87, radius: 0.035, peak: 260 } });
    expect(metrics.glare).toBe(0);
    expect(verdict).toBe('good');
  });

  it('does not call a speck of light glare', async () => {
    const { metrics, verdict } = await scene({ seed: 42, glare: { u: 0.7, v: 0.6, radius: 0.006, peak: 220 } });
    expect(metrics.glare).toBeLessThanOrEqual(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('good');
  });

  it('calls an over-exposed card too bright, not glare', async () => {
    const { verdict } = await scene({ seed: 43, exposure: 2.6 });
    expect(verdict).toBe('too-bright');
  });
});
