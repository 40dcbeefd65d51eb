import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LANGUAGES } from '@berbix-capture/capture';
import type { Page, Route } from '@playwright/test';
import type { InputManifest } from './fixtures/cards.js';
import { cameraLaunch } from './fixtures/chromium.js';
import { HOLDERS } from './fixtures/holders.js';
import { watchForLeaks } from './fixtures/leaks.js';
import { MANIFEST, UPLOAD_FILES } from './fixtures/paths.js';
import { dashboardTransaction, expectBarcodeFields, uploadsOf } from './fixtures/sandbox.js';
import { expect, test } from './fixtures/test.js';

/** The element's English strings: what a person reads on each screen. */
const EN = LANGUAGES.en;
const BARCODE_HEADER = 'x-berbix-barcode';

const sha256 = (bytes: Buffer | null) =>
  createHash('sha256')
    .update(bytes ?? Buffer.alloc(0))
    .digest('hex');

// A browser whose camera permission is refused: every flow here goes through the upload path.
test.use({ launchOptions: cameraLaunch('quadrants', { denied: true }) });

/**
 * Routes each attempt to upload the front through `answer` (attempts numbered from 1) and keeps a
 * hash of each attempt's body, so a test can fail attempts on the wire and compare the retries.
 */
async function routeFrontAttempts(
  page: Page,
  answer: (route: Route, attempt: number) => Promise<unknown>,
): Promise<string[]> {
  const attempts: string[] = [];
  await page.route('**/berbix/session/images/document_front', async (route) => {
    attempts.push(sha256(route.request().postDataBuffer()));
    await answer(route, attempts.length);
  });
  return attempts;
}

test('camera permission denied: the upload path takes the licence front and back to done, and the result panel shows the barcode holder (flows 4 and 9)', async ({
  demo,
  page,
  context,
}) => {
  const leaks = watchForLeaks(page);
  await demo.openAtCapture();
  // The denied screen offers the upload path, and says why.
  await expect(demo.element.getByRole('heading', { name: 'Camera access is blocked' })).toBeVisible();
  await expect(demo.eventLog.locator('li[data-type="berbix-camera"]')).toContainText('denied');

  await demo.sendLicencePhotos();
  await expect(demo.element.getByRole('heading', { name: 'All done' })).toBeVisible();

  // The result panel is filled from the server's onComplete result, read from the barcode.
  await demo.expectResultNames(HOLDERS.upload);
  await expect(demo.resultValue('Document number')).toHaveText(HOLDERS.upload.documentNumber);
  await expect(demo.resultValue('Date of birth')).toHaveText(HOLDERS.upload.dateOfBirth);
  const transactionId = (await demo.resultValue('Berbix transaction').textContent())?.trim() ?? '';
  const tx = await dashboardTransaction(transactionId);
  expectBarcodeFields(tx, HOLDERS.upload);

  // Flow 9: no Berbix token anywhere the page could see.
  expect(leaks.observed).toBeGreaterThan(20);
  await leaks.expectNoTokens(context);
});

test('a blurry back is refused with incomplete_barcode_detected, the retake goes through to done (flow 2, upload path)', async ({
  demo,
}) => {
  await demo.openAtBackStep();

  // The on-device still check does not flag this photo (measured: its sharpness survives the
  // downscale to 480 px), so it is Berbix (the sandbox) that refuses it.
  await demo.choosePhoto(UPLOAD_FILES.blurryBack);
  const refused = (await (await demo.usePhoto('document_back')).json()) as { issues: string[]; nextStep: string };
  expect(refused.issues).toContain('incomplete_barcode_detected');
  expect(refused.nextStep).toBe('upload_document_back');

  // Back on the same step with Berbix's reason in plain language, then the retake.
  await demo.expectView('capture');
  await expect(demo.heading).toHaveText('Step 2 of 2 · Back of your ID');
  await expect(demo.issue('incomplete_barcode_detected')).toContainText(EN.issueIncompleteBarcode);
  expect(await demo.eventCount('berbix-issues')).toBe(1);
  await demo.sendBackToFinish();
});

test('the network drops during an upload: Reconnecting…, the same image is sent again, done, one capture (flow 5)', async ({
  demo,
  page,
}) => {
  const frontUploadsBefore = await uploadsOf('document_front');
  // The first attempt dies on the wire before reaching the server; later ones pass.
  const attempts = await routeFrontAttempts(page, (route, attempt) =>
    attempt === 1 ? route.abort('connectionreset') : route.continue(),
  );
  const answered = page.waitForResponse((r) => r.url().endsWith('/images/document_front') && r.status() === 200);
  await demo.useFrontUntilReconnecting();
  await answered;

  await demo.expectView('capture');
  await expect(demo.heading).toHaveText('Step 2 of 2 · Back of your ID');
  expect(attempts).toHaveLength(2);
  expect(attempts[1], 'the retry carries the very same bytes').toBe(attempts[0]);
  expect(await demo.eventCount('berbix-capture'), 'the photo was captured once').toBe(1);
  expect(await uploadsOf('document_front'), 'the sandbox received the front once').toBe(frontUploadsBefore + 1);

  await demo.sendBackToFinish();
  expect(await demo.eventCount('berbix-capture')).toBe(2);
});

test('the answer is lost after the server took the photo: the retry finds the step moved on, no second capture', async ({
  demo,
  page,
}) => {
  const frontUploadsBefore = await uploadsOf('document_front');
  const attempts = await routeFrontAttempts(page, async (route, attempt) => {
    if (attempt > 1) return route.continue();
    // The adapter and the sandbox process it; the browser never hears back.
    const reached = await route.fetch();
    expect(reached.status()).toBe(200);
    await route.abort('connectionreset');
  });
  await demo.useFrontUntilReconnecting();

  await expect(demo.heading).toHaveText('Step 2 of 2 · Back of your ID');
  await demo.expectView('capture');
  expect(attempts.length).toBeGreaterThanOrEqual(2);
  expect(new Set(attempts).size, 'every attempt carries the same bytes').toBe(1);
  expect(await demo.eventCount('berbix-capture')).toBe(1);
  expect(await uploadsOf('document_front'), 'the sandbox processed the front once').toBe(frontUploadsBefore + 1);
  await demo.sendBackToFinish();
});

test('a reload in the middle resumes at the back step, then finishes (flow 6)', async ({ demo, page }) => {
  await demo.openAtBackStep();

  const resumed = page.waitForResponse((r) => r.url().endsWith('/berbix/session') && r.request().method() === 'GET');
  await page.reload();
  expect((await resumed).status(), 'the element asks the adapter where the session stands').toBe(200);
  // The back is where a phone helps most, so a desktop is offered it again after a reload.
  await demo.useThisComputerIfOffered();
  await demo.expectView('capture');
  await expect(demo.heading, 'the flow resumes at the back, not at the front').toHaveText(
    'Step 2 of 2 · Back of your ID',
  );
  await demo.sendBackToFinish();
});

test('the sandbox checks the decoded payload it receives against the photo: a swapped payload is refused, the device one passes', async ({
  demo,
  page,
}) => {
  const { payloads } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as InputManifest;
  const sent: string[] = [];
  // The first back upload carries another person's (valid) payload instead of the one decoded.
  await page.route('**/berbix/session/images/document_back', async (route) => {
    const headers = route.request().headers();
    sent.push(Buffer.from(headers[BARCODE_HEADER] ?? '', 'base64').toString('latin1'));
    if (sent.length > 1) return route.continue();
    await route.continue({
      headers: { ...headers, [BARCODE_HEADER]: Buffer.from(payloads.camera, 'latin1').toString('base64') },
    });
  });
  await demo.openAtBackStep();

  const swapped = (await (await demo.sendPhoto(UPLOAD_FILES.back, 'document_back')).json()) as {
    issues: string[];
    issueDetails: Record<string, unknown>;
  };
  expect(swapped.issues, 'the sandbox saw a payload that is not the photo’s').toEqual(['bad_upload']);
  await expect(demo.issue('bad_upload')).toContainText(EN.issueBadUpload);

  expect(await (await demo.sendBackToFinish()).json()).toMatchObject({ issues: [], nextStep: 'done' });
  // The element read the photo's barcode on the device: exactly the bytes the card was printed with.
  expect(sent).toEqual([payloads.upload, payloads.upload]);
});
