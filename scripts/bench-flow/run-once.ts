import type { Browser } from 'playwright';
import { LAYOUTS, type Layout } from '../demo-browser/layouts.js';
import { FLOW_PROBE_SCRIPT, type FlowMarks } from './probe.js';

/** One pass through the front step, in milliseconds (null: that moment never came). */
export interface FlowSample {
  /** Navigation start to the video playing (page load, session, camera start). */
  pageToLive: number | null;
  /** The capture screen shown to the video playing. */
  screenToLive: number | null;
  /** The video playing to the first guidance text over it. */
  liveToGuidance: number | null;
  /** The video playing to the review screen: the element's own auto-capture of a steady card. */
  liveToReview: number | null;
  /** "Use this photo" pressed to the next step's screen (upload to the sandbox included). */
  useToNextScreen: number | null;
  /** "Use this photo" pressed to the next step's video playing. */
  useToNextLive: number | null;
  /** The screens shown, in order, with their times (what the spans were read from). */
  screens: string[];
  error?: string;
}

const after = (list: number[], t: number | undefined) => (t === undefined ? undefined : list.find((x) => x >= t));
const span = (from: number | null | undefined, to: number | null | undefined) =>
  from === undefined || from === null || to === undefined || to === null ? null : Math.round(to - from);

/** Turns the page's stamps into the sample's spans. */
export function spans(marks: FlowMarks): FlowSample {
  const firstCapture = marks.views.find((v) => v.view === 'capture')?.at;
  const review = marks.views.find((v) => v.view === 'review')?.at;
  const live = after(marks.playing, firstCapture) ?? marks.playing[0];
  const use = marks.use[0];
  const next = use === undefined ? undefined : marks.views.find((v) => v.at > use && v.view === 'capture')?.at;
  return {
    pageToLive: span(0, live),
    screenToLive: span(firstCapture, live),
    liveToGuidance: span(live, marks.guidance),
    liveToReview: span(live, review),
    useToNextScreen: span(use, next),
    useToNextLive: span(use, after(marks.playing, next)),
    screens: marks.views.map((v) => `${v.view}@${Math.round(v.at)}`),
  };
}

/**
 * Opens the demo at `url` in a fresh context (a new session), lets the element auto-capture the
 * front of the driver's licence, presses "Use this photo" and waits for the back step's camera.
 */
export async function runOnce(browser: Browser, url: string, layout: Layout, timeoutMs = 30_000): Promise<FlowSample> {
  const context = await browser.newContext(LAYOUTS[layout]);
  try {
    await context.addInitScript({ content: FLOW_PROBE_SCRIPT });
    const page = await context.newPage();
    const marks = () => page.evaluate(() => window.__flowMarks as FlowMarks);
    try {
      await page.goto(url);
      await page.waitForFunction(() => window.__flowMarks?.views.some((v) => v.view === 'review'), null, {
        timeout: timeoutMs,
      });
      await page.locator('berbix-capture [data-action="use"]').click({ timeout: timeoutMs });
      await page.waitForFunction(
        () => {
          const m = window.__flowMarks;
          const use = m?.use[0];
          const next = m?.views.find((v) => use !== undefined && v.at > use && v.view === 'capture');
          return next !== undefined && m?.playing.some((t) => t > next.at);
        },
        null,
        { timeout: timeoutMs },
      );
      return spans(await marks());
    } catch (error) {
      const partial = await marks().catch(() => null);
      const views = partial?.views.map((v) => v.view).join(' > ') || 'none';
      return {
        ...(partial ? spans(partial) : spans({ views: [], playing: [], guidance: null, use: [] })),
        error: `${(error as Error).message.split('\n')[0]} (screens: ${views})`,
      };
    }
  } finally {
    await context.close();
  }
}
