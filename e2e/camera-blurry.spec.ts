import { LANGUAGES } from '@berbix-capture/capture';
import { cameraLaunch } from './fixtures/chromium.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flow 2 through the live camera: the camera shows a licence back blurred past reading. The
 * element's own gate refuses it (blurry guidance, no auto-capture); the person presses the shutter
 * anyway, Berbix (the sandbox) answers `incomplete_barcode_detected`, and the retake with a sharp
 * photo finishes. The front goes through the upload path (the camera only ever shows the back).
 */
test.use({ launchOptions: cameraLaunch('blurryBack') });

const EN = LANGUAGES.en;

test('a blurry back in front of the camera: the on-device gate refuses it, the shutter sends it, incomplete_barcode_detected, retake, done (flow 2)', async ({
  demo,
}) => {
  await demo.openAtBackStep();

  // The element judges the live frames blurry and does not capture them by itself.
  await expect(demo.element.locator('[part="message"]')).toHaveText(EN.guideBlurry, { timeout: 20_000 });
  await expect(demo.base).toHaveAttribute('data-view', 'capture');
  expect(await demo.eventCount('berbix-capture'), 'only the front was captured').toBe(1);

  // The person takes it anyway; Berbix cannot read the barcode.
  await demo.element.locator('[data-action="shutter"]').click();
  await demo.expectView('review');
  const refused = await demo.usePhoto('document_back');
  expect(refused.request().headers()['x-berbix-barcode'], 'no barcode could be read on the device').toBeUndefined();
  const answer = (await refused.json()) as { issues: string[]; nextStep: string };
  expect(answer.issues).toContain('incomplete_barcode_detected');
  expect(answer.nextStep).toBe('upload_document_back');

  // Back on the back step with the reason; the retake (a sharp photo) finishes.
  await demo.expectView('capture');
  await expect(demo.issue('incomplete_barcode_detected')).toContainText(EN.issueIncompleteBarcode);
  await demo.sendBackToFinish();
});
