import { mkdirSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Layout } from '../demo-browser/layouts.js';

/** Waits long enough for a slow, shared machine, short enough to report a missing screen soon. */
export const WAIT_MS = 20_000;

/**
 * One page of the demo as the screenshot walk drives it: the element's parts (through its open
 * shadow root), the demo's settings, and `shot()`, which saves what a person sees now.
 */
export class DemoScreen {
  readonly element: Locator;
  readonly base: Locator;

  constructor(
    readonly page: Page,
    readonly layout: Layout,
    private readonly dir: string,
    private readonly saved: string[],
  ) {
    this.element = page.locator('#flow berbix-capture');
    this.base = this.element.locator('[part="base"]');
  }

  async expectView(view: string): Promise<void> {
    await expect(this.base).toHaveAttribute('data-view', view, { timeout: WAIT_MS });
  }

  action(name: string): Locator {
    return this.element.locator(`[data-action="${name}"]`);
  }

  /** Waits for the live preview to show frames and for the guidance over it to say something. */
  async expectLive(): Promise<void> {
    await this.expectView('capture');
    await expect
      .poll(() => this.element.locator('video').evaluate((v) => (v as HTMLVideoElement).videoWidth), {
        timeout: WAIT_MS,
      })
      .toBeGreaterThan(0);
    await expect(this.element.locator('[part="message"]').first()).not.toBeEmpty({ timeout: WAIT_MS });
  }

  /** On a laptop the element first offers the phone; a walk that is not about that takes this computer. */
  async useThisComputerIfOffered(): Promise<void> {
    await expect(this.base).not.toHaveAttribute('data-view', 'starting', { timeout: WAIT_MS });
    if ((await this.base.getAttribute('data-view')) === 'handoff-choice') {
      await this.action('handoff-use-computer').click();
      await expect(this.base).not.toHaveAttribute('data-view', 'handoff-choice', { timeout: WAIT_MS });
    }
  }

  /** Chooses settings in the demo's panel and presses Start over (a fresh session). */
  async startOver(document: string, scenario = ''): Promise<void> {
    const settings = this.page.locator('#demo-settings');
    if (!(await settings.evaluate((d) => (d as HTMLDetailsElement).open))) await settings.locator('summary').click();
    const form = this.page.locator('#controls');
    await form.getByLabel('Document').selectOption(document);
    await form.getByLabel('Sandbox scenario').selectOption(scenario);
    const scenarioSet = this.page.waitForResponse((r) => r.url().endsWith('/demo/scenario'));
    await form.getByRole('button', { name: 'Start over' }).click();
    await scenarioSet;
  }

  /**
   * Saves the viewport as `<name>.png`: on a phone scrolled to the element's top (the page's title
   * above it is not the screen being shown), on a laptop the page as it opens, the demo beside it.
   */
  async shot(name: string): Promise<void> {
    // Fonts, images and the last transition settle before the picture.
    await this.page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => setTimeout(r, 300))));
    if (this.layout === 'phone') await this.element.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    else await this.page.evaluate(() => window.scrollTo(0, 0));
    // The focus ring of a heading focused by a new screen shows only after keys; the walk clicks.
    mkdirSync(this.dir, { recursive: true });
    const file = `${this.dir}/${name}.png`;
    await this.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    this.saved.push(file);
    process.stderr.write(`  ${file}\n`);
  }
}

/** Holds requests matching `url` at the network until released (to photograph a screen mid-request). */
export async function holdRequests(page: Page, url: string): Promise<() => Promise<void>> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  // The route stays: a walk holds a URL once, and later requests to it pass straight through.
  return async () => release();
}
