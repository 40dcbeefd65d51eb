import { BARCODE_WAIT_MS, LANGUAGES } from '@berbix-capture/capture';
import { cameraLaunch } from './fixtures/chromium.js';
import { watchGuidance } from './fixtures/guidance.js';
import { expect, test } from './fixtures/test.js';

/**
 * Through the live camera, on a licence's back step, a card from frames nobody here drew that shows
 * no barcode: `frames-dev`'s mild/01 with its symbol painted over in the card's paper grey, its
 * text, stripe and edges kept. The real quality and PDF417 workers decide what the person is told.
 */
const EN = LANGUAGES.en;

test.use({ launchOptions: cameraLaunch('framesDevNoSymbol') });

test('a card from frames nobody here drew that shows no barcode is told to turn over within the barcode wait, never "good", never captured', async ({
  demo,
  page,
}) => {
  test.setTimeout(60_000);
  await demo.openAtBackStep();
  const seen = await watchGuidance(page);
  const started = Date.now();
  const message = demo.element.locator('[part="message"]');
  await expect(message).toHaveText(EN.guideShowBarcode, { timeout: BARCODE_WAIT_MS });
  expect(Date.now() - started).toBeLessThan(BARCODE_WAIT_MS);
  await expect(demo.element.locator('[part="card"]')).toBeVisible();
  const { keys, guides } = await seen();
  expect(keys).not.toContain('good');
  expect(guides.some((name) => name.split(' ').includes('good'))).toBe(false);
  await demo.expectView('capture');
  expect(await demo.eventCount('berbix-capture'), 'only the chosen front was captured').toBe(1);
});
