import { type CaptureView, LANGUAGES } from '@berbix-capture/capture';
import type { Route } from '@playwright/test';
import { cameraLaunch } from './fixtures/chromium.js';
import { type DemoPage, demoUrl } from './fixtures/demo.js';
import { HOLDERS } from './fixtures/holders.js';
import { UPLOAD_FILES } from './fixtures/paths.js';
import { checkScreen, tabTo } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * Flows 10 and 11: every screen the element can show, checked by axe-core (WCAG 2.x A/AA) and
 * photographed at a phone and a desktop size (test-results/screens/), and flows done with the
 * keyboard alone. The camera plays the card's front; the permission is not auto-accepted, so each
 * test grants it (live camera) or not (refused: the upload path).
 */
test.use({ launchOptions: cameraLaunch('front', { denied: true }) });

const EN = LANGUAGES.en;

/** A request held at the route until the test lets it go. */
function hold() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release, released };
}

const FRONT_UPLOAD = '**/berbix/session/images/document_front';

/** Answers at the route, in place of the adapter, with a JSON body. */
function answerJson(route: Route, status: number, body: unknown): Promise<void> {
  return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
}

/** The adapter's error body, as its refusals carry it. */
const adapterError = (code: string, message: string) => ({ error: { code, message, requestId: 'req_e2e' } });

/**
 * Sends the front photo with the adapter's answer replaced at the route (for screens the sandbox
 * never leads to), checks and photographs the screen it leads to, then lets uploads through again.
 */
async function checkScreenAfterFrontAnswer(
  demo: DemoPage,
  answer: { status: number; body: unknown },
  view: CaptureView,
  name: string,
): Promise<void> {
  await demo.page.route(FRONT_UPLOAD, (route) => answerJson(route, answer.status, answer.body));
  await demo.choosePhoto(UPLOAD_FILES.front);
  await demo.element.locator('[data-action="use"]').click();
  await demo.expectView(view);
  await checkScreen(demo.page, name);
  await demo.page.unroute(FRONT_UPLOAD);
}

test('every screen of the camera path passes axe and is photographed at phone and desktop size', async ({
  demo,
  page,
  context,
}) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['camera']);

  // Starting: the session request is held until the screen has been checked.
  const sessionHeld = hold();
  await page.route('**/berbix/session', async (route) => {
    if (route.request().method() === 'POST') await sessionHeld.released;
    await route.continue();
  });
  await page.goto(demoUrl());
  await demo.expectView('starting');
  await checkScreen(page, '01-starting');
  await demo.turnOffAutoCapture();
  sessionHeld.release();

  // A desktop-sized page first offers to continue on a phone.
  await demo.expectView('handoff-choice');
  await checkScreen(page, '01b-handoff-choice');
  await demo.useThisComputerIfOffered();

  await demo.expectView('capture');
  await expect(demo.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
  await expect
    .poll(() => demo.element.locator('video').evaluate((v) => (v as HTMLVideoElement).videoWidth))
    .toBeGreaterThan(0);
  await expect(demo.element.locator('[part="message"]')).not.toBeEmpty();
  await checkScreen(page, '02-capture-front-live');

  // Preparing: the compression worker's script is held, so the photo waits in this screen.
  const workerHeld = hold();
  await context.route('**/compress.worker*', async (route) => {
    await workerHeld.released;
    await route.continue();
  });
  await demo.element.locator('[data-action="shutter"]').click();
  await demo.expectView('preparing');
  await checkScreen(page, '03-preparing');
  workerHeld.release();
  await demo.expectView('review');
  await checkScreen(page, '04-review');

  // Uploading: the upload is held at the route while the screen is checked.
  const uploadHeld = hold();
  await page.route(FRONT_UPLOAD, async (route) => {
    await uploadHeld.released;
    await route.continue();
  });
  const front = page.waitForResponse((r) => r.url().endsWith('/images/document_front'));
  await demo.element.locator('[data-action="use"]').click();
  await demo.expectView('uploading');
  await checkScreen(page, '05-uploading');
  uploadHeld.release();
  expect((await front).status()).toBe(200);

  await demo.expectView('capture');
  await expect(demo.heading).toHaveText(`Step 2 of 2 · ${EN.backTitle}`);
  await expect(demo.element.locator('video')).toBeVisible();
  await checkScreen(page, '06-capture-back-live');

  // Reconnecting: the back upload fails on the wire three times (backoff 1, 2, then 4 s), then passes.
  let failures = 0;
  let failing = true;
  await page.route('**/berbix/session/images/document_back', async (route) => {
    if (!failing) return route.continue();
    failures++;
    await route.abort('connectionreset');
  });
  await demo.choosePhoto(UPLOAD_FILES.back);
  const back = page.waitForResponse((r) => r.url().endsWith('/images/document_back') && r.status() === 200, {
    timeout: 30_000,
  });
  await demo.element.locator('[data-action="use"]').click();
  await expect.poll(() => failures, { timeout: 15_000 }).toBe(3);
  await expect(demo.element.locator('[data-upload-state="reconnecting"]')).toHaveText(EN.reconnecting);
  await checkScreen(page, '07-reconnecting');
  failing = false;
  await back;

  await demo.expectView('finished');
  await demo.expectResultNames(HOLDERS.upload);
  await checkScreen(page, '08-finished-with-result');
});

test('every screen of the upload path and of the failures passes axe and is photographed', async ({ demo, page }) => {
  test.setTimeout(150_000);
  await demo.openAtCapture();
  await expect(demo.element.getByRole('heading', { name: EN.cameraDeniedTitle })).toBeVisible();
  await checkScreen(page, '09-camera-denied-upload');

  await demo.startOver({ document: '' });
  await demo.expectView('choose-type');
  await checkScreen(page, '10-choose-type');

  // Berbix's issues on the capture screen (a sandbox scenario).
  await demo.startOver({ document: 'DL', scenario: 'text_unreadable@front' });
  await demo.expectView('capture');
  await demo.sendPhoto(UPLOAD_FILES.front, 'document_front');
  await expect(demo.issue('text_unreadable')).toBeVisible();
  await checkScreen(page, '11-issues');

  // The upload was refused in a way a retry cannot fix (a 400 from the adapter).
  await checkScreenAfterFrontAnswer(
    demo,
    { status: 400, body: adapterError('invalid_request', 'the upload was refused') },
    'upload-failed',
    '12-upload-failed',
  );

  // A step this element does not serve (a selfie; the sandbox never asks for one, so the adapter's
  // answer is replaced at the route for this screen only).
  await demo.startOver({ document: 'DL' });
  await demo.expectView('capture');
  await checkScreenAfterFrontAnswer(
    demo,
    { status: 200, body: { issues: [], issueDetails: {}, nextStep: 'upload_selfie_basic' } },
    'unsupported-step',
    '13-unsupported-step',
  );

  // The session cannot start (the adapter is unavailable).
  await page.route('**/berbix/session', (route) =>
    route.request().method() === 'DELETE'
      ? route.continue()
      : answerJson(route, 503, adapterError('upstream_unavailable', 'unavailable')),
  );
  await page.getByRole('button', { name: 'Start over' }).click();
  await demo.expectView('session-error');
  await checkScreen(page, '14-session-error');
});

test('keyboard alone: choose the document, both photos through the file chooser, done', async ({ demo, page }) => {
  await demo.openAtCapture();

  // The demo's settings: "Let the person choose", then Start over.
  await page.locator('body').focus();
  await tabTo(page, 'the Document select', (f) => f.tag === 'select' && f.text.includes('Let the person choose'));
  await page.keyboard.press('End');
  await expect(page.getByLabel('Document')).toHaveValue('');
  await tabTo(page, 'Start over', (f) => f.text === 'Start over');
  await page.keyboard.press('Enter');
  await demo.expectView('choose-type');

  await tabTo(page, 'the driver’s licence choice', (f) => f.idType === 'DL');
  await page.keyboard.press('Enter');
  // A desktop-sized page offers the phone first; the keyboard takes this computer's camera.
  await demo.expectView('handoff-choice');
  await tabTo(page, 'Use this computer’s camera', (f) => f.action === 'handoff-use-computer');
  await page.keyboard.press('Enter');
  await demo.expectView('capture');

  for (const [file, subject, next] of [
    [UPLOAD_FILES.front, 'document_front', 'upload_document_back'],
    [UPLOAD_FILES.back, 'document_back', 'done'],
  ] as const) {
    // The camera is refused: the photo path is a button that opens the file chooser.
    await tabTo(page, 'Take or choose a photo', (f) => f.action === 'take-photo');
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(file);
    await demo.expectView('review');
    await tabTo(page, 'Use this photo', (f) => f.action === 'use');
    const answer = page.waitForResponse((r) => r.url().endsWith(`/images/${subject}`));
    await page.keyboard.press('Enter');
    expect(await (await answer).json()).toMatchObject({ issues: [], nextStep: next });
  }
  await demo.expectView('finished');
  await demo.expectResultNames(HOLDERS.upload);
});

test('keyboard alone through the live camera: the shutter and Use this photo, passport done', async ({
  demo,
  page,
  context,
}) => {
  await context.grantPermissions(['camera']);
  await demo.open();
  await demo.turnOffAutoCapture();
  await demo.startOver({ document: 'P' });
  await demo.turnOffAutoCapture();
  await demo.expectView('capture');
  await expect
    .poll(() => demo.element.locator('video').evaluate((v) => (v as HTMLVideoElement).videoWidth))
    .toBeGreaterThan(0);
  await tabTo(page, 'the shutter', (f) => f.action === 'shutter');
  await page.keyboard.press('Enter');
  await demo.expectView('review');
  await tabTo(page, 'Use this photo', (f) => f.action === 'use');
  const answer = page.waitForResponse((r) => r.url().endsWith('/images/document_front'));
  await page.keyboard.press('Enter');
  expect(await (await answer).json()).toMatchObject({ issues: [], nextStep: 'done' });
  await demo.expectView('finished');
});

test('the demo page around the element: settings folded and unfolded, the event log with its raw JSON, the element in Arabic; axe clean at phone and desktop size', async ({
  demo,
  page,
}) => {
  await demo.openAtCapture();
  await demo.settings.locator('summary').click();
  await expect(demo.settings).not.toHaveAttribute('open');
  await checkScreen(page, '15-demo-settings-folded');

  await demo.openSettings();
  await page.getByLabel("Show each event's raw JSON").check();
  await expect(demo.eventLog.locator('.event-raw').first()).toBeVisible();
  await checkScreen(page, '16-demo-settings-and-raw-log');

  await page.getByLabel('Language').selectOption('ar');
  await expect(demo.base).toHaveAttribute('dir', 'rtl');
  await checkScreen(page, '17-demo-arabic');
});
