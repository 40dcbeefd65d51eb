import { mkdirSync } from 'node:fs';
import { LANGUAGES } from '@berbix-capture/capture';
import type { Page } from '@playwright/test';
import { cameraLaunch } from './fixtures/chromium.js';
import { demoUrl, ELEMENT_SELECTOR } from './fixtures/demo.js';
import { SCREENSHOT_DIR } from './fixtures/paths.js';
import { TOUCH_PHONE, wcagViolations } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * The capture screen by device, through the real demo: on a touch phone (390x844, touch emulated,
 * so `(pointer: coarse)` matches) the element's capture screen is the camera, covering at least half
 * of the viewport once scrolled into view, with one shutter and "Upload a photo instead"; on a
 * laptop it stays framed with its drop zone. The camera plays the card's front in a portrait stream
 * (720x1280), as a phone held upright delivers.
 */
const EN = LANGUAGES.en;

test.use({ launchOptions: cameraLaunch('phoneFront') });

const axeOnElement = (page: Page) => wcagViolations(page, ELEMENT_SELECTOR);

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(`${SCREENSHOT_DIR}layout`, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOT_DIR}layout/${name}.png`, animations: 'disabled' });
}

test.describe('on a touch phone', () => {
  test.use(TOUCH_PHONE);

  test('the capture screen is the camera: the preview covers at least half of the viewport, step 1 of 2, one shutter, "Upload a photo instead", no drop zone', async ({
    demo,
    page,
  }) => {
    await demo.openAtCapture({ autoCapture: false });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await expect(demo.base).toHaveAttribute('data-layout', 'camera-first');
    const video = demo.element.locator('video');
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);

    await demo.element.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    // The painted picture, not the element's box: a contained stream would leave bars.
    const covered = await video.evaluate((v) => {
      const video = v as HTMLVideoElement;
      const r = video.getBoundingClientRect();
      const fit = getComputedStyle(video).objectFit;
      const sx = r.width / video.videoWidth;
      const sy = r.height / video.videoHeight;
      const scale = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
      const w = Math.min(r.width, video.videoWidth * scale);
      const h = Math.min(r.height, video.videoHeight * scale);
      const left = r.left + (r.width - w) / 2;
      const top = r.top + (r.height - h) / 2;
      const width = Math.max(0, Math.min(left + w, innerWidth) - Math.max(left, 0));
      const height = Math.max(0, Math.min(top + h, innerHeight) - Math.max(top, 0));
      return { share: (width * height) / (innerWidth * innerHeight), fit };
    });
    expect(covered.fit).toBe('cover');
    expect(covered.share, 'share of the viewport the live preview covers').toBeGreaterThanOrEqual(0.5);

    await expect(demo.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
    const shutter = demo.element.locator('[part="shutter"]');
    await expect(shutter).toHaveCount(1);
    await expect(shutter).toHaveAccessibleName(EN.shutter);
    const upload = demo.element.locator('label[for="file"]');
    await expect(upload).toHaveText(EN.uploadInstead);
    for (const target of [shutter, upload]) {
      const box = await target.boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(44);
    }
    await expect(demo.element.locator('[data-dropzone]')).toHaveCount(0);
    await expect(demo.base).not.toContainText(/drag/i);
    // The guidance sits over the preview, on its scrim.
    await expect(demo.element.locator('.camera-bottom [part="message"]')).not.toBeEmpty();
    expect(await axeOnElement(page)).toEqual([]);
    await screenshot(page, 'phone-capture');

    // No ring on the heading a tap led to; the review names the side.
    await shutter.tap();
    await demo.expectView('review');
    await expect(demo.heading).toHaveText(EN.reviewFrontTitle);
    expect(await demo.heading.evaluate((h) => getComputedStyle(h).outlineStyle)).toBe('none');
    expect(await axeOnElement(page)).toEqual([]);
    await screenshot(page, 'phone-review');
  });
});

test.describe('on a laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the capture screen stays framed: the preview keeps the stream shape, the drop zone and its drag hint stay', async ({
    demo,
    page,
  }) => {
    await demo.openAtCapture({ autoCapture: false });
    await expect(demo.base).toHaveAttribute('data-layout', 'framed');
    const video = demo.element.locator('video');
    await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);
    expect(await video.evaluate((v) => getComputedStyle(v).objectFit)).toBe('contain');
    await expect(demo.heading).toHaveText(`Step 1 of 2 · ${EN.frontTitle}`);
    await expect(demo.element.locator('[data-dropzone]')).toContainText(EN.dropHint);
    expect(await axeOnElement(page)).toEqual([]);
    await screenshot(page, 'laptop-capture');
  });

  test('the hand-off choice: its heading takes focus with no ring, shows the ring after a key, and the ring clears the text below', async ({
    demo,
    page,
  }) => {
    await page.goto(demoUrl());
    await demo.expectView('handoff-choice');
    const heading = demo.heading;
    await expect(heading).toBeFocused();
    expect(await heading.evaluate((h) => getComputedStyle(h).outlineStyle)).toBe('none');
    // A key that neither moves focus nor scrolls the page.
    await page.keyboard.press('Escape');
    await expect(demo.base).toHaveAttribute('data-input', 'keyboard');
    await expect(heading).toBeFocused();
    // Measured in one go: the ring's reach below the heading, and where the text below starts.
    const ring = await demo.base.evaluate((base) => {
      const h = base.querySelector('h2') as HTMLElement;
      const style = getComputedStyle(h);
      const reach = Number.parseFloat(style.outlineWidth) + Number.parseFloat(style.outlineOffset);
      const text = base.querySelector('.panel p') as HTMLElement;
      return {
        style: style.outlineStyle,
        ringBottom: h.getBoundingClientRect().bottom + reach,
        textTop: text.getBoundingClientRect().top,
      };
    });
    expect(ring.style).toBe('solid');
    expect(ring.ringBottom).toBeLessThan(ring.textTop);
    await screenshot(page, 'laptop-handoff-choice-keyboard');
  });
});
