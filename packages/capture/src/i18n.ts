/**
 * The element's languages: which language a person gets and the texts it shows for it. English is
 * always here; each other built-in language is fetched when a person gets it (i18n-load.ts), and
 * `LANGUAGES` (every language at once, for pages and tests) is in i18n-built-in.ts.
 *
 * Writing a text with a count or a number (a countdown, a percent): put a plural choice in the text
 * and fill it with the strings' locale, e.g. in every language file
 *   `retryIn: '{seconds, plural, one {Next try in # second} other {Next try in # seconds}}'`
 * and in the view `fill(t.retryIn, { seconds }, t.locale)`. The syntax is in i18n-format.ts, the rules
 * for keys in languages/capture-strings.ts.
 */
import { arrivedLanguage, BUILT_IN_CODES, isBuiltInCode } from './i18n-load.js';
import { registeredCodes, registeredLanguage } from './i18n-registry.js';
import type { CaptureStrings, Translation } from './languages/capture-strings.js';
import { en } from './languages/en.js';

export { fill, placeholdersOf, TemplateSyntaxError } from './i18n-format.js';
export { type RegisterOptions, registerTranslation } from './i18n-registry.js';
export type { CaptureStrings, Translation } from './languages/capture-strings.js';

/** Languages written right to left, by primary subtag; a registered language can say otherwise. */
const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ps', 'sd', 'ug', 'ur', 'yi']);

const isKnown = (code: string) => isBuiltInCode(code) || registeredLanguage(code) !== undefined;
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

/** The built-in language `code`'s texts sit on (`pt` for `pt-br`), or `undefined` for none. */
export function builtInBaseOf(code: string): string | undefined {
  const base = baseOf(code.toLowerCase());
  return isBuiltInCode(base) ? base : undefined;
}

/**
 * The texts for `code`, in layers: English, under `builtIn` (the built-in language's table), under
 * what the page registered for the language and then for the exact tag, under `overrides` (the
 * element's `strings`: only string values of known keys count).
 */
export function layerStrings(
  code: string,
  builtIn: Translation | undefined,
  overrides: Partial<CaptureStrings> = {},
): CaptureStrings {
  const lower = code.toLowerCase();
  const base = baseOf(lower);
  const strings: CaptureStrings = {
    ...en,
    ...builtIn,
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

/**
 * The texts the element shows for `code` now: the language when its built-in table has arrived
 * (or it has none: a page's own language), else English, wholly and marked `en` (so `lang` and `dir`
 * match what is read) until it arrives, or for good when it could not be fetched.
 */
export function arrivedStrings(code: string, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  const base = builtInBaseOf(code);
  if (base === undefined) return layerStrings(code, undefined, overrides);
  const table = arrivedLanguage(base);
  return table ? layerStrings(code, table, overrides) : layerStrings('en', en, overrides);
}

/** Keys that show English for `code` because neither the built-in table nor the page gives them. */
export function missingTranslations(code: string): string[] {
  const lower = code.toLowerCase();
  const base = baseOf(lower);
  if (isBuiltInCode(base)) return [];
  const given = { ...registeredLanguage(base)?.texts, ...registeredLanguage(lower)?.texts };
  return Object.keys(en).filter((key) => !Object.hasOwn(given, key));
}

/** Every language the element can show now: the built-in ones and those a page registered. */
export function availableLanguages(): string[] {
  return [...new Set([...BUILT_IN_CODES, ...registeredCodes()])];
}
