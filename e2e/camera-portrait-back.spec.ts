import { readFileSync } from 'node:fs';
import type { InputManifest } from './fixtures/cards.js';
import { cameraLaunch } from './fixtures/chromium.js';
import { MANIFEST } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';

/**
 * Through the live camera, the licence back held in portrait: the card turned 90 degrees in a
 * 1080p frame, about 3 px per barcode module. The element reads the barcode and captures by itself.
 */
test.use({ launchOptions: cameraLaunch('portraitBack') });

test('a licence back held in portrait is captured by itself on its barcode, and the payload travels with it', async ({
  demo,
}) => {
  test.setTimeout(120_000);
  await demo.openAtBackStep();
  await demo.expectView('review', 30_000);
  expect(await demo.eventCount('berbix-capture')).toBe(2);
  const back = await demo.usePhoto('document_back');
  const sent = back.request().headers()['x-berbix-barcode'];
  expect(sent, 'the back upload carries the decoded barcode').toBeTruthy();
  const { payloads } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as InputManifest;
  expect(Buffer.from(sent ?? '', 'base64').toString('latin1')).toBe(payloads.camera);
  expect(await back.json()).toMatchObject({ issues: [], nextStep: 'done' });
  await demo.expectView('finished');
});
