import { afterAll, describe, expect, it } from 'vitest';
import { generateFrame } from '../testing/frames.js';
import { QualityAnalyser } from './quality.js';
import { QUALITY_THRESHOLDS } from './quality-metrics.js';
import type { FrameContext } from './types.js';

const analyser = new QualityAnalyser();
afterAll(() => analyser.dispose());

async function measure(kind: Parameters<typeof generateFrame>[0], width = 1280, height = 720) {
  const frame = await generateFrame(kind, width, height);
  analyser.reset();
  const context: FrameContext = {
    step: 'upload_document_front',
    guide: { x: 0, y: 0, width, height },
    frameWidth: width,
    frameHeight: height,
    timestamp: performance.now(),
  };
  const result = await analyser.analyse(frame, context);
  return result;
}

describe('quality analyser (Web Worker, generated frames)', () => {
  it('passes a sharp, well-lit card', async () => {
    const { metrics, verdict } = await measure('sharp');
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

  it('flags glare by the share of clipped pixels', async () => {
    const { metrics, verdict } = await measure('glare');
    expect(metrics.glare).toBeGreaterThan(QUALITY_THRESHOLDS.maxGlare);
    expect(verdict).toBe('glare');
  });

  it('sees no document in a blank guide', async () => {
    const { metrics, verdict } = await measure('empty');
    expect(metrics.contrast).toBeLessThan(QUALITY_THRESHOLDS.minContrast);
    expect(verdict).toBe('no-document');
  });

  it('says move closer when the card takes too little of the guide, not when it fills it', async () => {
    const far = await measure('far');
    expect(far.metrics.fill).not.toBeNull();
    expect(far.metrics.fill as number).toBeLessThan(QUALITY_THRESHOLDS.minFill);
    expect(far.verdict).toBe('too-far');
    const near = await measure('sharp');
    expect(near.metrics.fill === null || (near.metrics.fill as number) >= QUALITY_THRESHOLDS.minFill).toBe(true);
  });

  it('judges sharpness the same at 1080p and 1440p (the guide region is downscaled first)', async () => {
    const hd = await measure('sharp', 1920, 1080);
    const uhd = await measure('sharp', 2560, 1440);
    const blurredUhd = await measure('blurred', 2560, 1440);
    expect(hd.verdict).toBe('good');
    expect(uhd.verdict).toBe('good');
    expect(blurredUhd.verdict).toBe('blurry');
  });
});
