import { LANGUAGES } from '@berbix-capture/capture';
import { cameraLaunch } from './fixtures/chromium.js';
import { watchGuidance } from './fixtures/guidance.js';
import { expect, test } from './fixtures/test.js';

/**
 * Through the live camera, the front of a card slid off the frame's right side (a third of it out
 * of view, 1080p): the card finder sees no whole card, and its best quad, a box printed on the card,
 * has the card's paper around it, not the table. The person is asked to fit the whole card in, never
 * to move closer, and nothing is captured. Real frames through the real quality worker.
 */
const EN = LANGUAGES.en;

test.use({ launchOptions: cameraLaunch('cutFront') });

test('a front cut off by the frame is told to fit the whole ID in, never to move closer, and is not captured', async ({
  demo,
  page,
}) => {
  await demo.openAtCapture();
  const seen = await watchGuidance(page);
  await expect(demo.element.locator('[part="message"]')).toHaveText(EN.guideNoDocument, { timeout: 15_000 });
  // Some seconds more of frames: the advice holds and nothing is taken.
  await page.waitForTimeout(4000);
  const { keys } = await seen();
  expect(keys).not.toContain('too-far');
  expect(keys).not.toContain('good');
  // No outline is drawn round the box the finder saw: it is no card.
  await expect(demo.element.locator('[data-card]')).toHaveAttribute('data-card', 'none');
  await demo.expectView('capture');
  expect(await demo.eventCount('berbix-capture')).toBe(0);
});
