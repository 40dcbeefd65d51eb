import { LANGUAGES } from '@berbix-capture/capture';
import { TOUCH_PHONE, wcagViolations } from './fixtures/screens.js';
import { expect, test } from './fixtures/test.js';

/**
 * The demo page itself, as a person on a phone and an integrator at a laptop see it: the element
 * first and full width on a phone with the demo's settings folded below it, a language picker that
 * renders every listed language in its own text (Arabic right to left), and an event log that reads
 * as sentences with the raw JSON behind a toggle. The fake camera plays four solid quadrants, so the
 * front's live screen stays put while the language changes.
 */

/** The languages the issue lists, each with its name in itself (what the picker shows). */
const LISTED = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
  pt: 'Português',
  it: 'Italiano',
  nl: 'Nederlands',
  pl: 'Polski',
  ja: '日本語',
  zh: '中文',
  ar: 'العربية',
  hi: 'हिन्दी',
} as const;
type Listed = keyof typeof LISTED;
const strings = (code: Listed) => (LANGUAGES as Record<string, (typeof LANGUAGES)['en'] | undefined>)[code];

test.describe('on a phone (390x844, touch)', () => {
  test.use(TOUCH_PHONE);

  test('the element comes first and spans the screen; the demo settings are folded below it and unfold by keyboard', async ({
    demo,
    page,
  }) => {
    await demo.openAtCapture();
    const settings = demo.settings;
    await expect(settings).not.toHaveAttribute('open');
    await expect(page.getByLabel('Document')).toBeHidden();

    const element = await demo.element.boundingBox();
    const panel = await settings.boundingBox();
    if (!element || !panel) throw new Error('the element and the settings panel must both be laid out');
    expect(element.width, 'the element spans the phone screen').toBe(390);
    expect(element.x).toBe(0);
    expect(element.y, 'the screen starts on the element').toBe(0);
    expect(element.y + element.height, 'the whole camera screen fits the first view').toBeLessThanOrEqual(844);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('berbix-capture demo');
    expect(panel.y, 'the settings come after the element').toBeGreaterThanOrEqual(element.y + element.height);

    // In the DOM too: a screen reader and the Tab key meet the element first.
    const order = await page.evaluate(() => {
      const flow = document.querySelector('#flow') as Node;
      const settingsPanel = document.querySelector('#demo-settings') as Node;
      return flow.compareDocumentPosition(settingsPanel) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();

    await settings.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect(settings).toHaveAttribute('open', '');
    await expect(page.getByLabel('Document')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Integration' })).toBeVisible();
    await expect(page.getByLabel('Sandbox scenario')).toBeVisible();
  });

  test('in Arabic the phone’s camera screen is right to left and the whole page passes axe', async ({ demo, page }) => {
    const arabic = strings('ar');
    if (!arabic) throw new Error('the element has no Arabic');
    await page.goto(`${process.env.DEMO_URL}?lang=ar`);
    await demo.expectView('capture');
    await expect(demo.base).toHaveAttribute('dir', 'rtl');
    await expect(demo.base).toHaveAttribute('data-layout', 'camera-first');
    await expect(demo.heading).toContainText(arabic.frontTitle);
    expect(await wcagViolations(page)).toEqual([]);
  });
});

test('every listed language renders its own text, picked in the demo; Arabic lays the element out right to left', async ({
  demo,
  page,
}) => {
  test.setTimeout(120_000);
  await demo.openAtCapture();
  await demo.openSettings();
  const picker = page.getByLabel('Language');
  const base = demo.element.locator('[part="base"]');
  const english = strings('en');
  if (!english) throw new Error('the element has no English');

  for (const [code, name] of Object.entries(LISTED) as Array<[Listed, string]>) {
    const own = strings(code);
    expect(own, `the element ships ${name}`).toBeDefined();
    if (!own) continue;
    const option = picker.locator(`option[value="${code}"]`);
    await expect(option, `the picker names ${code} in itself`).toHaveText(name);
    await expect(option).toHaveAttribute('lang', code);

    await picker.selectOption(code);
    await expect(demo.element).toHaveAttribute('lang', code);
    await expect(base).toHaveAttribute('lang', new RegExp(`^${code}`));
    await expect(base).toHaveAttribute('dir', code === 'ar' ? 'rtl' : 'ltr');
    await expect(demo.heading, `the front's heading in ${name}`).toContainText(own.frontTitle);
    await expect(demo.element.locator('[data-action="shutter"]')).toContainText(own.shutter);
    if (code !== 'en') {
      expect(own.frontTitle, `${name} has its own heading, not English`).not.toBe(english.frontTitle);
      expect(own.shutter, `${name} has its own shutter label, not English`).not.toBe(english.shutter);
    }
  }
  // The choice travels in the address, so a reload (or a shared link) opens in that language.
  expect(new URL(page.url()).searchParams.get('lang')).toBe('hi');

  // "Automatic" removes the attribute: the element follows the browser's languages (Chromium's en-US).
  await picker.selectOption('');
  await expect(demo.element).not.toHaveAttribute('lang');
  await expect(base).toHaveAttribute('dir', 'ltr');
  await expect(demo.heading).toContainText(english.frontTitle);
});

test('a link with ?lang=ar opens the element in Arabic, right to left', async ({ demo, page }) => {
  const arabic = strings('ar');
  if (!arabic) throw new Error('the element has no Arabic');
  await page.goto(`${process.env.DEMO_URL}?lang=ar`);
  await demo.useThisComputerIfOffered();
  await demo.expectView('capture');
  await expect(demo.element).toHaveAttribute('lang', 'ar');
  await expect(demo.element.locator('[part="base"]')).toHaveAttribute('dir', 'rtl');
  await expect(demo.heading).toContainText(arabic.frontTitle);
  await expect(page.getByLabel('Language')).toHaveValue('ar');
});

test('the event log reads as sentences; each event’s raw JSON shows behind the toggle', async ({ demo, page }) => {
  await demo.openAtCapture();
  const ready = demo.eventLog.locator('li[data-type="berbix-ready"]');
  await expect(ready.locator('.event-name')).toHaveText('berbix-ready');
  await expect(ready.locator('.event-summary')).toHaveText('The session started');
  const step = demo.eventLog.locator('li[data-type="berbix-step"]').first();
  await expect(step.locator('.event-summary')).toHaveText('Step: front of the document');
  const camera = demo.eventLog.locator('li[data-type="berbix-camera"]').first();
  await expect(camera.locator('.event-summary')).toHaveText('The camera is live');

  const raw = step.locator('.event-raw');
  await expect(raw).toBeHidden();
  const toggle = page.getByLabel("Show each event's raw JSON");
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await expect(raw).toBeVisible();
  expect(JSON.parse((await raw.textContent()) ?? '')).toEqual({ step: 'upload_document_front', attempt: 1 });
  await page.keyboard.press('Space');
  await expect(raw).toBeHidden();
});
