import { describe, expect, it } from 'vitest';
import { StepCosts } from './step-costs.js';
import { readPdf417 } from './strategy.js';
import type { Binarization, GrayImage, Pdf417Decoder } from './types.js';

/** Grey noise: nothing is located or read in it, so the attempts are the whole plan's. */
function noise(width: number, height: number): GrayImage {
  const data = new Uint8ClampedArray(width * height);
  let seed = 11;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = seed >>> 24;
  }
  return { data, width, height };
}

/** An engine that finds nothing, at once: the plan's scheduling is what these tests look at. */
const findsNothing: Pdf417Decoder = {
  engine: 'zxing-js',
  binarizations: ['local', 'global'],
  handlesUpsideDown: false,
  handlesMirrored: false,
  decode: async (_image: GrayImage, _binarization: Binarization) => null,
};

describe('readPdf417 budget', () => {
  const image = noise(640, 360);
  const options = { budgetMs: Number.POSITIVE_INFINITY, maxSide: 1000, minSide: 0 };

  it('starts an attempt only when its recent cost ends it within the budget, and runs cheaper ones after it', async () => {
    const everything = (await readPdf417(image, findsNothing, options)).attempts;
    expect(everything.length).toBeGreaterThan(3);
    const [, slow, ...later] = everything as [string, string, ...string[]];
    const costs = new StepCosts();
    costs.record(image, slow, 10_000);
    const outcome = await readPdf417(image, findsNothing, { ...options, budgetMs: 5_000 }, null, costs);
    expect(outcome.attempts).not.toContain(slow);
    expect(outcome.attempts).toEqual(everything.filter((attempt) => attempt !== slow));
    expect(later.length).toBeGreaterThan(0);
    // The next frame of the scene resumes at the step left out, whatever it costs.
    expect(outcome.leftOut).toBe(slow.split('/')[0]);
    const resumed = await readPdf417(image, findsNothing, { ...options, budgetMs: 5_000 }, outcome.leftOut, costs);
    expect(resumed.attempts).toContain(slow);
  });

  it('with no costs known, lets every attempt start that the budget has not yet run past', async () => {
    const everything = (await readPdf417(image, findsNothing, options)).attempts;
    const outcome = await readPdf417(image, findsNothing, { ...options, budgetMs: 5_000 }, null, new StepCosts());
    expect(outcome.attempts).toEqual(everything);
    expect(outcome.leftOut).toBeNull();
  });

  it('learns what the attempts cost as they run', async () => {
    const takesFiveMs: Pdf417Decoder = {
      ...findsNothing,
      decode: () => new Promise((resolve) => setTimeout(() => resolve(null), 5)),
    };
    const costs = new StepCosts();
    const outcome = await readPdf417(image, takesFiveMs, options, null, costs);
    for (const attempt of outcome.attempts) expect(costs.expected(image, attempt)).toBeGreaterThanOrEqual(4);
  });
});
