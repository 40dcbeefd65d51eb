/**
 * The element's languages: the built-in table, which language a person gets, the texts for it.
 *
 * Writing a text with a count or a number (a countdown, a percent): put a plural choice in the text
 * and fill it with the strings' locale, e.g. in every language file
 *   `retryIn: '{seconds, plural, one {Next try in # second} other {Next try in # seconds}}'`
 * and in the view `fill(t.retryIn, { seconds }, t.locale)`. The syntax is in i18n-format.ts, the rules
 * for keys in languages/capture-strings.ts.
 */
import { registeredCodes, registeredLanguage } from './i18n-registry.js';
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

export { fill, placeholdersOf, TemplateSyntaxError } from './i18n-format.js';
export { type RegisterOptions, registerTranslation } from './i18n-registry.js';
export type { CaptureStrings, Translation } from './languages/capture-strings.js';

/** Each language's texts with its code as `locale`. */
function withLocales<T extends Record<string, Translation>>(table: T): { readonly [K in keyof T]: CaptureStrings } {
  const entries = Object.entries(table).map(([code, texts]) => [code, Object.freeze({ ...texts, locale: code })]);
  return Object.freeze(Object.fromEntries(entries)) as { readonly [K in keyof T]: CaptureStrings };
}

/** The built-in languages, each complete (the i18n tests check it). */
export const LANGUAGES = withLocales({ en, es, fr, de, pt, it, nl, pl, ja, zh, ar, hi });
export type Language = keyof typeof LANGUAGES;

/** Languages written right to left, by primary subtag; a registered language can say otherwise. */
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ps', 'sd', 'ug', 'ur', 'yi']);

const isBuiltIn = (code: string): code is Language => Object.hasOwn(LANGUAGES, code);
const isKnown = (code: string) => isBuiltIn(code) || registeredLanguage(code) !== undefined;
const baseOf = (code: string) => code.split('-')[0] as string;

/**
 * The first candidate the element can show, as its lowercase code: a registered `pt-BR` matches
 * exactly, otherwise a tag matches its language (`es-MX` -> `es`, `zh-TW` -> `zh`). English when none.
 */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): string {
  for (const candidate of candidates) {
    const code = candidate?.trim().toLowerCase();
    if (!code) continue;
    if (isKnown(code)) return code;
    if (isKnown(baseOf(code))) return baseOf(code);
  }
  return 'en';
}

/**
 * The language a person gets: the element's own `lang` (the integrator's explicit choice), then the
 * browser's languages (the person holding the phone reads those), then the page's `<html lang>`
 * (often left at a template's `en`), then English.
 */
export function chooseLanguage(sources: {
  own?: string | null;
  browser?: ReadonlyArray<string> | null;
  page?: string | null;
}): string {
  return pickLanguage([sources.own, ...(sources.browser ?? []), sources.page]);
}

/** `rtl` for a language written right to left (Arabic), else `ltr`. */
export function directionOf(code: string): 'ltr' | 'rtl' {
  const lower = code.toLowerCase();
  const given = registeredLanguage(lower)?.direction ?? registeredLanguage(baseOf(lower))?.direction;
  return given ?? (RIGHT_TO_LEFT.has(baseOf(lower)) ? 'rtl' : 'ltr');
}

/**
 * The texts for `code`: English, under the built-in language, under what the page registered for
 * the language and then for the exact tag, under `overrides` (the element's `strings`: only string
 * values of known keys count).
 */
export function stringsFor(code: string, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  const lower = code.toLowerCase();
  const base = baseOf(lower);
  const strings: CaptureStrings = {
    ...en,
    ...(isBuiltIn(base) ? LANGUAGES[base] : {}),
    ...registeredLanguage(base)?.texts,
    ...(lower === base ? {} : registeredLanguage(lower)?.texts),
    locale: lower,
  };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (key !== 'locale' && Object.hasOwn(strings, key) && typeof value === 'string') {
      strings[key as keyof Translation] = value;
    }
  }
  return strings;
}

/** Keys that show English for `code` because neither the built-in table nor the page gives them. */
export function missingTranslations(code: string): string[] {
  const lower = code.toLowerCase();
  const base = baseOf(lower);
  if (isBuiltIn(base) && base !== 'en') return [];
  if (base === 'en') return [];
  const given = { ...registeredLanguage(base)?.texts, ...registeredLanguage(lower)?.texts };
  return Object.keys(en).filter((key) => !Object.hasOwn(given, key));
}

/** Every language the element can show now: the built-in ones and those a page registered. */
export function availableLanguages(): string[] {
  return [...new Set([...Object.keys(LANGUAGES), ...registeredCodes()])];
}
