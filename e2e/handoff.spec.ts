import { LANGUAGES } from '@berbix-capture/capture';
import { type Browser, chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, cameraLaunch } from './fixtures/chromium.js';
import { DemoPage, demoUrl } from './fixtures/demo.js';
import { HOLDERS } from './fixtures/holders.js';
import { watchForLeaks } from './fixtures/leaks.js';
import { readQrFromPng } from './fixtures/qr.js';
import { checkScreen, TOUCH_PHONE } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * Continue on your phone, with two devices: a desktop Chromium with no camera at all,
 * and a phone (a touch, mobile-sized context) whose fake camera films the licence. The link goes
 * from one to the other the way a person moves it: the desktop's QR code is read from the page's
 * pixels with ZXing's QR reader.
 */
const EN = LANGUAGES.en;

// The phone's browser: the licence on its fake camera (front 3 s, then the back with its PDF417).
test.use({ launchOptions: cameraLaunch('licence') });

let desktopBrowser: Browser;
test.beforeAll(async () => {
  // A desktop with no camera: no fake capture device at all.
  desktopBrowser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS.filter((arg) => !arg.includes('fake-device') && !arg.includes('fake-ui')),
  });
});
test.afterAll(async () => {
  await desktopBrowser?.close();
});

async function openDesktop(): Promise<{ desktop: DemoPage; page: Page }> {
  const context = await desktopBrowser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const desktop = new DemoPage(page);
  const session = page.waitForResponse((r) => r.url().endsWith('/berbix/session') && r.request().method() === 'POST');
  await page.goto(demoUrl());
  expect((await session).status()).toBe(201);
  await desktop.expectView('handoff-choice');
  return { desktop, page };
}

/** The desktop asks for a code; answers the link shown as text and the one read from the QR's pixels. */
async function offer(desktop: DemoPage): Promise<{ link: string; fromQr: string }> {
  const offered = desktop.page.waitForResponse(
    (r) => r.url().endsWith('/berbix/session/handoff') && r.request().method() === 'POST',
  );
  await desktop.element.locator('[data-action="handoff-offer"]').click();
  expect((await offered).status()).toBe(201);
  await desktop.expectView('handoff-offer');
  await expect(desktop.heading).toHaveText(EN.handoffOfferTitle);
  const link = (await desktop.element.locator('[data-handoff-link]').textContent())?.trim() ?? '';
  const qr = desktop.element.locator('[data-handoff-qr]');
  await expect(qr).toHaveAttribute('aria-label', EN.handoffQrLabel);
  const fromQr = readQrFromPng(await qr.screenshot());
  return { link, fromQr };
}

async function openPhone(browser: Browser, url: string) {
  const context = await browser.newContext({
    ...TOUCH_PHONE,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  const claim = page.waitForResponse((r) => r.url().endsWith('/berbix/session/handoff/claim'));
  await page.goto(url);
  return { phone: new DemoPage(page), page, claim: await claim };
}

test('a desktop without a camera hands off by QR: the phone captures both sides, the desktop follows live and completes with the result', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const { desktop, page: desktopPage } = await openDesktop();
  const desktopLeaks = watchForLeaks(desktopPage);
  await expect(desktop.element.locator('[data-action="handoff-offer"]')).toHaveText(EN.handoffContinueOnPhone);
  await expect(desktop.element.locator('[data-action="handoff-use-computer"]')).toHaveText(EN.handoffUseThisCamera);

  const { link, fromQr } = await offer(desktop);
  expect(fromQr, 'the QR code on the desktop reads as the link shown beside it').toBe(link);
  await checkScreen(desktopPage, '20-handoff-offer');
  expect(new URL(link).hash).toMatch(/^#berbix-handoff=[A-Za-z0-9_-]{48}$/);
  expect(await desktop.eventCount('berbix-handoff')).toBe(1);

  const { phone, page: phonePage, claim } = await openPhone(browser, fromQr);
  const phoneLeaks = watchForLeaks(phonePage);
  expect(claim.status()).toBe(200);
  // The code leaves the phone's address bar at once.
  await expect.poll(() => phonePage.url()).not.toContain('berbix-handoff');
  await phone.expectView('capture');
  await expect(phone.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
  await expect(phone.element.locator('[data-handoff-banner]')).toContainText(EN.handoffBanner);

  // The desktop now only follows.
  await desktop.expectView('handoff-watching');
  await expect(desktop.heading).toHaveText(EN.handoffWatchingTitle);
  const status = desktop.element.locator('[data-handoff-status]');
  await expect(status.locator('[data-item="connected"]')).toHaveText(`✓ ${EN.handoffPhoneConnected}`);
  await checkScreen(desktopPage, '21-handoff-watching');
  await checkScreen(phonePage, '22-handoff-phone-capture');

  // The phone's camera captures the front by itself, then the back on its barcode.
  await phone.expectView('review', 30_000);
  const front = await phone.usePhoto('document_front');
  expect(await front.json()).toMatchObject({ issues: [], nextStep: 'upload_document_back' });
  await expect(status.locator('[data-item="front"]')).toHaveText(`✓ ${EN.handoffFrontDone}`);
  await expect(status.locator('[data-item="back"]')).toHaveCount(0);

  await phone.expectView('capture');
  await expect(phone.heading).toHaveText(`Step 2 of 2 · ${EN.backTitle}`);
  await phone.expectView('review', 30_000);
  const back = await phone.usePhoto('document_back');
  expect(await back.json()).toMatchObject({ issues: [], nextStep: 'done' });
  await phone.expectView('finished');

  // The desktop finishes too, with berbix-complete and the result its server received.
  await desktop.expectView('finished', 15_000);
  expect(await desktop.eventCount('berbix-complete')).toBe(1);
  // The log shows the newest first; each entry carries the event's own fields as JSON.
  const handoffStates = (await desktop.eventLog.locator('li[data-type="berbix-handoff"]').allTextContents())
    .reverse()
    .map((text) => /"state":"(\w+)"/.exec(text)?.[1]);
  expect(handoffStates[0]).toBe('offered');
  expect(handoffStates).toContain('claimed');
  expect(handoffStates.at(-1)).toBe('done');
  await desktop.expectResultNames(HOLDERS.camera);

  await desktopLeaks.expectNoTokens(desktopPage.context());
  await phoneLeaks.expectNoTokens(phonePage.context());
});

test('a used link explains itself on a second phone; the desktop takes the session back and the first phone is told', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { desktop } = await openDesktop();
  const { fromQr } = await offer(desktop);

  const first = await openPhone(browser, fromQr);
  expect(first.claim.status()).toBe(200);
  await first.phone.expectView('capture');
  await desktop.expectView('handoff-watching');

  const second = await openPhone(browser, fromQr);
  expect(second.claim.status()).toBe(410);
  await second.phone.expectView('handoff-claim-failed');
  await expect(second.phone.heading).toHaveText(EN.handoffUsedTitle);
  await expect(second.phone.element.locator('[data-claim-failure="used"]')).toContainText(EN.handoffUsedAdvice);
  await checkScreen(second.page, '23-handoff-link-used');

  // "Use this computer instead": the desktop drives again (it has no camera: the upload path).
  const cancelled = desktop.page.waitForResponse(
    (r) => r.url().endsWith('/berbix/session/handoff') && r.request().method() === 'DELETE',
  );
  await desktop.element.locator('[data-action="handoff-cancel"]').click();
  expect((await cancelled).status()).toBe(204);
  await desktop.expectView('capture');
  await expect(desktop.fileInput).toBeAttached();

  // The first phone's next upload hears that the capture continues elsewhere.
  await first.phone.expectView('review', 30_000);
  const refused = await first.phone.usePhoto('document_front');
  expect(refused.status()).toBe(409);
  await first.phone.expectView('handoff-elsewhere');
  await expect(first.phone.heading).toHaveText(EN.handoffTakenBackTitle);
  await checkScreen(first.page, '24-handoff-taken-back');

  // And the desktop finishes on its own.
  await desktop.sendLicencePhotos();
});
