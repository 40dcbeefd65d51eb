import { readFileSync } from 'node:fs';
import { cameraLaunch } from './fixtures/chromium.js';
import { FRAMES_DEV_BACK } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';

/**
 * Through the live camera, a licence back the project did not draw: a frame of `frames-dev`, an
 * independent renderer's phone-camera scene (a card held in portrait, perspective, lighting, JPEG
 * at 1.9 px per barcode module). The element finds and reads its barcode on the device and
 * captures by itself, and the upload carries exactly the bytes the renderer encoded.
 */
test.use({ launchOptions: cameraLaunch('framesDevBack') });

test('a licence back from frames nobody here drew is captured by itself on its barcode, byte for byte', async ({
  demo,
}) => {
  test.setTimeout(120_000);
  await demo.openAtBackStep();
  await demo.expectView('review', 30_000);
  const back = await demo.usePhoto('document_back');
  expect(back.status()).toBe(200);
  const sent = back.request().headers()['x-berbix-barcode'];
  expect(sent, 'the back upload carries the decoded barcode').toBeTruthy();
  const expected = readFileSync(FRAMES_DEV_BACK.expected).toString('latin1');
  expect(Buffer.from(sent ?? '', 'base64').toString('latin1')).toBe(expected);
});
