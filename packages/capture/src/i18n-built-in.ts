/**
 * Every built-in language at once, for pages and tests that want them all (a language picker, a
 * test that compares texts). The element itself never imports this module: it fetches only the
 * language a person gets (i18n-load.ts), so a page that does not use `LANGUAGES` or `stringsFor`
 * does not download the other eleven.
 */
import { builtInBaseOf, layerStrings } from './i18n.js';
import { ar } from './languages/ar.js';
import type { CaptureStrings, Translation } from './languages/capture-strings.js';
import { de } from './languages/de.js';
import { en } from './languages/en.js';
import { es } from './languages/es.js';
import { fr } from './languages/fr.js';
import { hi } from './languages/hi.js';
import { it } from './languages/it.js';
import { ja } from './languages/ja.js';
import { nl } from './languages/nl.js';
import { pl } from './languages/pl.js';
import { pt } from './languages/pt.js';
import { zh } from './languages/zh.js';

/** Each language's texts with its code as `locale`. */
function withLocales<T extends Record<string, Translation>>(table: T): { readonly [K in keyof T]: CaptureStrings } {
  const entries = Object.entries(table).map(([code, texts]) => [code, Object.freeze({ ...texts, locale: code })]);
  return Object.freeze(Object.fromEntries(entries)) as { readonly [K in keyof T]: CaptureStrings };
}

/** The built-in languages, each complete (the i18n tests check it). */
export const LANGUAGES = withLocales({ en, es, fr, de, pt, it, nl, pl, ja, zh, ar, hi });
export type Language = keyof typeof LANGUAGES;

/**
 * The texts for `code`: English, under the built-in language, under what the page registered for
 * the language and then for the exact tag, under `overrides` (the element's `strings`: only string
 * values of known keys count).
 */
export function stringsFor(code: string, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  const base = builtInBaseOf(code) as Language | undefined;
  return layerStrings(code, base === undefined ? undefined : LANGUAGES[base], overrides);
}
