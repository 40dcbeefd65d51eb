import { BARCODE_WAIT_MS, LANGUAGES } from '@berbix-capture/capture';
import { cameraLaunch } from './fixtures/chromium.js';
import { watchGuidance } from './fixtures/guidance.js';
import { checkScreen } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * Through the live camera, a clean licence front on a white desk (1080p): the white paper and the
 * desk are near clipping, which is not glare. Nothing but the element decides when to take a photo.
 * Real frames through the real quality worker (card finder) and PDF417 worker (symbol locator).
 */
const EN = LANGUAGES.en;

test.use({ launchOptions: cameraLaunch('whiteFront') });

test('a clean licence front on a white desk is captured by itself on the front step', async ({ demo }) => {
  await demo.openAtCapture();
  await expect(demo.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
  await demo.expectView('review', 30_000);
  expect(await demo.eventCount('berbix-capture')).toBe(1);
});

test('the front shown on the back step is never "good" and never captured; after the barcode wait the shutter is offered with advice', async ({
  demo,
  page,
}) => {
  test.setTimeout(120_000);
  await demo.openAtBackStep();
  const seen = await watchGuidance(page);
  const started = Date.now();

  // The camera shows the front all along: wait out the barcode wait and a little more.
  await expect(demo.element.locator('[data-barcode-advice]')).toHaveText(EN.barcodeUnreadable, {
    timeout: BARCODE_WAIT_MS + 15_000,
  });
  expect(Date.now() - started).toBeGreaterThanOrEqual(BARCODE_WAIT_MS - 2000);
  await expect(demo.element.locator('[role="status"][aria-live="polite"]')).toHaveText(EN.barcodeUnreadable);
  // The advice and the card outline pass axe at phone and laptop sizes (saved with the other screens).
  await checkScreen(page, 'capture-back-barcode-advice');
  await page.waitForTimeout(2000);
  await demo.expectView('capture');
  expect(await demo.eventCount('berbix-capture'), 'only the chosen front was captured').toBe(1);
  const { keys, guides } = await seen();
  // The card was found and its barcode side asked for; never "good", never a green guide.
  expect(keys).toContain('show-barcode');
  expect(keys).not.toContain('good');
  expect(guides).toContain('found');
  expect(guides.some((name) => name.split(' ').includes('good'))).toBe(false);
  await expect(demo.element.locator('[part="card"]')).toBeVisible();

  // The shutter still takes the photo when the person decides to.
  await demo.element.locator('[data-action="shutter"]').click();
  await demo.expectView('review');
  expect(await demo.eventCount('berbix-capture')).toBe(2);
});
