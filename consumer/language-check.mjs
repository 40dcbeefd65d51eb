// The element's languages in the consumer's built page: each built-in language but English is a
// chunk of its own that the page fetches only for a person who gets that language. Used by run.mjs.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built-in languages the element fetches on demand (English is part of the element). */
const FETCHED = ['es', 'fr', 'de', 'pt', 'it', 'nl', 'pl', 'ja', 'zh', 'ar', 'hi'];
const CHUNK = new RegExp(`^(${FETCHED.join('|')})-[\\w-]+\\.js$`);

/** The language whose chunk a script path is (`/assets/fr-B1x2y3z4.js` -> `fr`), or undefined. */
export const languageOfChunk = (path) => CHUNK.exec(path.split('/').pop() ?? '')?.[1];

/**
 * Opens the page in a browser whose language is French and reads the element's first heading:
 * its `lang`, its text, the language chunks fetched and any page error (an unhandled rejection
 * included) or CSP report. With `offline`, the French chunk's request fails as with no network.
 */
async function firstScreen(browser, url, offline) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const chunks = [];
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) errors.push(message.text());
    });
    page.on('request', (request) => {
      const code = languageOfChunk(new URL(request.url()).pathname);
      if (code) chunks.push(code);
    });
    if (offline) await page.route(/\/fr-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
    await page.goto(url);
    const heading = page.locator('berbix-capture h2').first();
    await heading.waitFor({ timeout: 20_000 });
    const base = page.locator('berbix-capture [part="base"]');
    return { lang: await base.getAttribute('lang'), heading: (await heading.textContent())?.trim(), chunks, errors };
  } finally {
    await context.close();
  }
}

/**
 * A French browser's first screen is French, from the French chunk alone; with that chunk
 * unreachable it is English, with no error. Returns a summary, or throws what is wrong.
 */
export async function languageCheck(browser, url, app) {
  const dist = join(app, 'node_modules', '@berbix-capture', 'capture', 'dist', 'languages');
  const { fr } = await import(pathToFileURL(join(dist, 'fr.js')).href);
  const { en } = await import(pathToFileURL(join(dist, 'en.js')).href);
  const french = await firstScreen(browser, url, false);
  const offline = await firstScreen(browser, url, true);
  const problems = [];
  if (french.lang !== 'fr' || !Object.values(fr).includes(french.heading) || french.chunks.join() !== 'fr') {
    problems.push(`a French browser: ${JSON.stringify(french)}`);
  }
  if (offline.lang !== 'en' || !Object.values(en).includes(offline.heading) || offline.chunks.join() !== 'fr') {
    problems.push(`a French browser offline: ${JSON.stringify(offline)}`);
  }
  for (const [name, run] of Object.entries({ french, offline })) {
    if (run.errors.length) problems.push(`${name}: ${run.errors.join(' | ')}`);
  }
  if (problems.length) throw new Error(problems.join('; '));
  return `a French browser gets its first screen ("${french.heading}") in French from the fr chunk alone, and in English with no error when that chunk cannot be fetched`;
}
