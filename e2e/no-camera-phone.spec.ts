import { mkdirSync } from 'node:fs';
import { LANGUAGES } from '@berbix-capture/capture';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './fixtures/chromium.js';
import { demoUrl } from './fixtures/demo.js';
import { SCREENSHOT_DIR, UPLOAD_FILES } from './fixtures/paths.js';
import { TOUCH_PHONE } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * A phone with no camera, through the real demo: Chromium launched without its fake camera lists no
 * camera and getUserMedia finds none; touch is emulated, so `(pointer: coarse)` matches. Such a phone
 * goes straight to the photo path: it is not offered another phone, nor "this computer's camera".
 */
const EN = LANGUAGES.en;

test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-device-for-media-stream'),
  },
  ...TOUCH_PHONE,
});

test('goes straight to the photo path: no offer of a phone or of "this computer"', async ({ demo, page }) => {
  const session = page.waitForResponse((r) => r.url().endsWith('/berbix/session') && r.request().method() === 'POST');
  await page.goto(demoUrl());
  expect((await session).status()).toBe(201);
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
  // The first screen after starting is the capture step itself, not the choice of a device.
  await expect(demo.base).not.toHaveAttribute('data-view', 'starting');
  expect(await demo.base.getAttribute('data-view')).toBe('capture');
  await expect(demo.element.getByRole('heading', { name: EN.cameraUnavailableTitle })).toBeVisible();
  await expect(demo.element.getByRole('button').first()).toHaveText(EN.takePhoto);
  await expect(demo.element.locator('[data-action="handoff-offer"]')).toHaveCount(0);
  await expect(demo.element.locator('[data-action="handoff-use-computer"]')).toHaveCount(0);
  expect(await demo.eventCount('berbix-handoff')).toBe(0);
  mkdirSync(`${SCREENSHOT_DIR}failures`, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}failures/no-camera-phone-390x844.png` });
  await (
    await Promise.all([page.waitForEvent('filechooser'), demo.element.getByRole('button').first().click()])
  )[0].setFiles(UPLOAD_FILES.front);
  await demo.expectView('review');
});
