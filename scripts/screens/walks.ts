import { expect } from '@playwright/test';
import type { Browser } from 'playwright';
import { LAYOUTS, type Layout } from '../demo-browser/layouts.js';
import { DemoScreen, holdRequests, WAIT_MS } from './shooter.js';

/**
 * The walks through the demo that, between them, show every screen of the element. Each takes a
 * fresh browser context (a new session) in one layout and language and saves its screens by name;
 * the numbers order them as a person meets them.
 */
export interface WalkSetup {
  url: string;
  layout: Layout;
  lang: string;
  dir: string;
  saved: string[];
  photos: { front: string; back: string };
}

/**
 * Auto-capture off from the element's first moment (the camera walk photographs the live screen;
 * the shutter takes the photo). A string: the page has none of this script's helpers.
 */
const MANUAL_CAPTURE = `new MutationObserver(() => {
  for (const el of document.querySelectorAll('berbix-capture')) {
    if (!el.dataset.screensManual) { el.autoCapture = false; el.dataset.screensManual = '1'; }
  }
}).observe(document, { subtree: true, childList: true });`;

async function open(browser: Browser, setup: WalkSetup, { manual = false } = {}): Promise<DemoScreen> {
  const context = await browser.newContext(LAYOUTS[setup.layout]);
  if (manual) await context.addInitScript({ content: MANUAL_CAPTURE });
  // Library mode waits forever by default; a screen that never comes must fail the walk instead.
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  await page.goto(`${setup.url}?lang=${encodeURIComponent(setup.lang)}`);
  return new DemoScreen(page, setup.layout, setup.dir, setup.saved);
}

/**
 * The live camera for both sides (the back's photo chosen, since the camera plays the front), with a
 * held upload, a lost connection, offline, and the end.
 */
export async function cameraWalk(browser: Browser, setup: WalkSetup): Promise<void> {
  const screen = await open(browser, setup, { manual: true });
  const { page } = screen;
  try {
    await screen.useThisComputerIfOffered();
    await screen.expectLive();
    await screen.shot('04-camera-front');
    await screen.action('shutter').click();
    await screen.expectView('review');
    await screen.shot('05-review-front');

    const release = await holdRequests(page, '**/berbix/session/images/document_front');
    await screen.action('use').click();
    await screen.expectView('uploading');
    await screen.shot('06-uploading');
    await release();

    await screen.expectLive();
    await screen.shot('07-camera-back');

    // The back's upload is cut at the network until the walk lets it through.
    let failing = true;
    await page.route('**/berbix/session/images/document_back', (route) =>
      failing ? route.abort('connectionreset') : route.continue(),
    );
    // The camera plays the front; the back that Berbix accepts comes through the photo path.
    await screen.element.locator('input[type="file"]').setInputFiles(setup.photos.back);
    await screen.expectView('review');
    await screen.action('use').click();
    await expect(screen.action('try-now')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('08-connection-lost');
    await page.context().setOffline(true);
    await expect(screen.element.locator('[data-upload-state="offline"]')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('09-offline');
    failing = false;
    await page.context().setOffline(false);
    // Back online the element sends again at once; "Try now" is pressed too if it is still waiting.
    await page.waitForTimeout(500);
    if ((await screen.base.getAttribute('data-view')) === 'uploading' && (await screen.action('try-now').isVisible())) {
      await screen.action('try-now').click();
    }
    await screen.expectView('finished');
    // The result panel fills from the server once the element has finished.
    await expect(page.locator('#result dl')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('10-finished');
  } finally {
    await page.context().close();
  }
}

/** A refused camera; then, in the same browser, choosing the type and Berbix asking for a retake. */
export async function blockedCameraWalk(browser: Browser, setup: WalkSetup): Promise<void> {
  const screen = await open(browser, setup);
  const { page } = screen;
  try {
    await screen.useThisComputerIfOffered();
    await expect(screen.action('retry-camera')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('11-camera-blocked');

    await screen.startOver('');
    await screen.expectView('choose-type');
    await screen.shot('01-choose-type');

    await screen.startOver('DL', 'text_unreadable@front');
    await screen.useThisComputerIfOffered();
    await screen.expectView('capture');
    await screen.element.locator('input[type="file"]').setInputFiles(setup.photos.front);
    await screen.expectView('review');
    await screen.action('use').click();
    await expect(screen.element.locator('[data-issues]')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('13-issues-retake');
  } finally {
    await page.context().close();
  }
}

/** A device without any camera: the photo path (on a laptop, after declining the phone). */
export async function noCameraWalk(browser: Browser, setup: WalkSetup): Promise<void> {
  const screen = await open(browser, setup);
  try {
    await screen.useThisComputerIfOffered();
    await screen.expectView('capture');
    await expect(screen.element.locator('input[type="file"]')).toBeAttached({ timeout: WAIT_MS });
    await screen.shot('12-no-camera-upload');
  } finally {
    await screen.page.context().close();
  }
}

/** A laptop's offer to continue on a phone, and the QR code it shows (phones are not offered it). */
export async function handoffWalk(browser: Browser, setup: WalkSetup): Promise<void> {
  const screen = await open(browser, setup);
  try {
    await screen.expectView('handoff-choice');
    await screen.shot('02-handoff-choice');
    await screen.action('handoff-offer').click();
    await screen.expectView('handoff-offer');
    await expect(screen.element.locator('[data-handoff-qr]')).toBeVisible({ timeout: WAIT_MS });
    await screen.shot('03-handoff-offer');
  } finally {
    await screen.page.context().close();
  }
}
