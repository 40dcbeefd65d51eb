import { mkdirSync } from 'node:fs';
import { LANGUAGES } from '@berbix-capture/capture';
import type { Page, Route } from '@playwright/test';
import { cameraLaunch } from './fixtures/chromium.js';
import { ELEMENT_SELECTOR } from './fixtures/demo.js';
import { SCREENSHOT_DIR, UPLOAD_FILES } from './fixtures/paths.js';
import { TOUCH_PHONE, wcagViolations } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * A way through every failure, through the real demo: the connection lost during an upload (the
 * image route aborts or is held), the browser going offline (`context.setOffline`), a refused camera
 * and a phone with no camera. Each screen is checked by axe and photographed at a phone and a laptop
 * size (test-results/screens/failures/).
 */
const EN = LANGUAGES.en;
const IMAGES = '**/berbix/session/images/**';

async function photograph(page: Page, name: string): Promise<void> {
  expect.soft(await wcagViolations(page, ELEMENT_SELECTOR), `WCAG violations on "${name}"`).toEqual([]);
  mkdirSync(`${SCREENSHOT_DIR}failures`, { recursive: true });
  const original = page.viewportSize();
  for (const size of [
    { width: 390, height: 844 },
    { width: 1366, height: 768 },
  ]) {
    await page.setViewportSize(size);
    await page.locator(ELEMENT_SELECTOR).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOT_DIR}failures/${name}-${size.width}x${size.height}.png` });
  }
  if (original) await page.setViewportSize(original);
}

// A browser whose camera permission is refused: the upload path (a phone without a camera has its
// own spec, no-camera-phone.spec.ts, since a browser without a fake camera is another launch).
test.use({ launchOptions: cameraLaunch('quadrants', { denied: true }) });

test.describe('a refused camera (the upload path)', () => {
  test('going offline during an upload shows the offline text within 2 s and a visible button; online sends the same photo', async ({
    demo,
    page,
    context,
  }) => {
    const bodies: string[] = [];
    let hold: Route | null = null;
    // The first attempt hangs (a slow network); those after it go through.
    await page.route(IMAGES, async (route) => {
      bodies.push(route.request().postDataBuffer()?.toString('base64') ?? '');
      if (bodies.length === 1) hold = route;
      else await route.continue();
    });
    await demo.openAtCapture();
    await demo.choosePhoto(UPLOAD_FILES.front);
    await demo.element.locator('[data-action="use"]').click();
    await demo.expectView('uploading');
    await expect.poll(() => bodies.length).toBe(1);

    await context.setOffline(true);
    const state = demo.element.locator('[data-upload-state="offline"]');
    await expect(state).toHaveText(EN.offline, { timeout: 2000 });
    await expect(demo.element.locator('[data-action="try-now"]')).toBeVisible({ timeout: 2000 });
    await expect(demo.element.locator('[data-action="retake"]')).toBeVisible();
    await expect(demo.element.locator('[role="status"]')).toHaveText(EN.offline);
    await expect(demo.element.locator('.review img'), 'the photo stays on screen').toBeVisible();
    await photograph(page, 'offline');

    const answered = page.waitForResponse((r) => r.url().endsWith('/images/document_front') && r.status() === 200);
    await context.setOffline(false);
    await answered;
    await demo.expectView('capture');
    await expect(demo.heading).toContainText(EN.backTitle);
    expect(bodies).toHaveLength(2);
    expect(bodies[1], 'the retry sends the very same bytes').toBe(bodies[0]);
    expect(await demo.eventCount('berbix-capture')).toBe(1);
    await (hold as Route | null)?.abort().catch(() => {});
  });

  test('a lost connection: "Connection lost", the time to the next try, Try now sends at once, Retake is there', async ({
    demo,
    page,
  }) => {
    const attempts: number[] = [];
    let pressed: number | null = null;
    await page.route(IMAGES, async (route) => {
      attempts.push(Date.now());
      // Every try fails until Try now is pressed: the photographs below may outlast a countdown.
      if (pressed === null) await route.abort('connectionreset');
      else await route.continue();
    });
    await demo.useFrontUntilReconnecting();
    const nextTry = demo.element.locator('[data-next-try]');
    await expect(nextTry).toHaveText(/^Next try in \d+ seconds?$/);
    await expect(demo.element.locator('[data-action="retake"]')).toBeVisible();
    await expect.poll(() => attempts.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    await expect(demo.element.locator('[data-upload-state="reconnecting"]')).toBeVisible();
    await photograph(page, 'connection-lost');
    // Press with seconds to spare, so that the press, not the countdown, sends the next try.
    await expect(nextTry).toHaveText(/^Next try in ([3-9]|\d{2,}) seconds$/, { timeout: 20_000 });
    const answered = page.waitForResponse((r) => r.url().endsWith('/images/document_front') && r.status() === 200);
    const triedBefore = attempts.length;
    pressed = Date.now();
    await demo.element.locator('[data-action="try-now"]').click();
    await answered;
    expect(attempts).toHaveLength(triedBefore + 1);
    expect((attempts[triedBefore] as number) - pressed, 'Try now does not wait for the countdown').toBeLessThan(1000);
    await demo.expectView('capture');
    await expect(demo.heading).toContainText(EN.backTitle);
  });

  test("a refused camera's first button is the photo path; the browser's steps follow, Try again second", async ({
    demo,
    page,
  }) => {
    await demo.openAtCapture();
    await expect(demo.element.getByRole('heading', { name: EN.cameraDeniedTitle })).toBeVisible();
    const first = demo.element.getByRole('button').first();
    await expect(first).toHaveText(EN.takePhoto);
    await expect(first).toHaveAttribute('data-action', 'take-photo');
    await expect(demo.element.locator('.allow-steps li')).toHaveText([
      EN.cameraStepChrome1,
      EN.cameraStepChrome2,
      EN.cameraStepThenRetry,
    ]);
    await expect(demo.element.locator('[data-action="retry-camera"]')).toHaveClass(/secondary/);
    await photograph(page, 'camera-blocked');
    // The button opens the chooser (the camera app on a phone); the chosen photo goes to review.
    const chooser = page.waitForEvent('filechooser');
    await first.click();
    await (await chooser).setFiles(UPLOAD_FILES.front);
    await demo.expectView('review');
  });
});

test.describe('an iPhone that refused the camera', () => {
  test.use({
    ...TOUCH_PHONE,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  });

  test('gets the steps for iOS Safari under the photo path', async ({ demo, page }) => {
    await demo.openAtCapture();
    await expect(demo.element.getByRole('button').first()).toHaveText(EN.takePhoto);
    await expect(demo.element.locator('.allow-steps li')).toHaveText([
      EN.cameraStepIosSafari1,
      EN.cameraStepIosSafari2,
      EN.cameraStepThenRetry,
    ]);
    await photograph(page, 'camera-blocked-iphone');
  });
});
