import { LANGUAGES } from '@berbix-capture/capture';
import { cameraLaunch } from './fixtures/chromium.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flows through the live camera: Chromium's fake camera plays a generated video of the card, and
 * nothing but the element decides when to take the photo. This file: a passport photo page (the
 * front card at 720p).
 */
const EN = LANGUAGES.en;

test.use({ launchOptions: cameraLaunch('front') });

test('passport: the photo page is auto-captured and the flow is done after the front (flow 3)', async ({ demo }) => {
  await demo.open();
  await demo.startOver({ document: 'P' });
  await demo.expectView('capture');
  await expect(demo.heading).toHaveText(EN.passportTitle);
  await demo.expectView('review', 30_000);
  const front = await demo.usePhoto('document_front');
  expect(await front.json()).toMatchObject({ issues: [], nextStep: 'done' });
  await demo.expectView('finished');
  expect(await demo.eventCount('berbix-step'), 'no back step for a passport').toBe(1);
  await expect(demo.resultValue('Decision')).not.toHaveText('—');
});
