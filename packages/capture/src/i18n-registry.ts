import { placeholdersOf, TemplateSyntaxError } from './i18n-format.js';
import type { Translation } from './languages/capture-strings.js';
import { en } from './languages/en.js';

/** A language a page registered: its texts (possibly partial) and its writing direction, if given. */
export interface RegisteredLanguage {
  texts: Partial<Translation>;
  direction: 'ltr' | 'rtl' | undefined;
}

export interface RegisterOptions {
  /** Writing direction; by default right to left for Arabic, Hebrew, Persian, Urdu and a few others. */
  direction?: 'ltr' | 'rtl';
}

/** By lowercase code (`sv`, `pt-br`). Module-wide: every element on the page reads it. */
const registered = new Map<string, RegisteredLanguage>();

const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/;

/**
 * Adds a language (`registerTranslation('sv', {...})`) or overrides some texts of one
 * (`registerTranslation('de', { shutter: 'Foto machen' })`; `pt-BR` on top of `pt` works too). Calls
 * for the same code merge, later texts winning.
 *
 * Keys a new language leaves out show the English text; `missingTranslations('sv')` lists them (so
 * nothing is logged, and a page that registered a language keeps working when a new version of the
 * element adds a key). Throws a `TypeError` for a malformed code, an unknown key, a value that is not
 * a non-empty string, a broken `{…}` template, or a placeholder the English text does not have.
 * Register before the elements render (or call their `requestUpdate()`).
 */
export function registerTranslation(code: string, texts: Partial<Translation>, options: RegisterOptions = {}): void {
  const where = `registerTranslation(${JSON.stringify(code)})`;
  if (typeof code !== 'string' || !LANGUAGE_CODE.test(code.toLowerCase())) {
    throw new TypeError(`${where}: the code must be a language tag such as "sv" or "pt-BR"`);
  }
  if (typeof texts !== 'object' || texts === null || Array.isArray(texts)) {
    throw new TypeError(`${where}: the texts must be an object of CaptureStrings keys`);
  }
  const { direction } = options;
  if (direction !== undefined && direction !== 'ltr' && direction !== 'rtl') {
    throw new TypeError(`${where}: direction must be "ltr" or "rtl"`);
  }
  for (const [key, value] of Object.entries(texts)) checkText(where, key, value);
  const key = code.toLowerCase();
  const before = registered.get(key);
  registered.set(key, {
    texts: { ...before?.texts, ...texts },
    direction: direction ?? before?.direction,
  });
}

function checkText(where: string, key: string, value: unknown): void {
  if (!Object.hasOwn(en, key)) {
    throw new TypeError(`${where}: unknown key "${key}" (the keys are those of CaptureStrings, locale excepted)`);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${where}: "${key}" must be a non-empty string`);
  }
  let used: Set<string>;
  try {
    used = placeholdersOf(value);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw new TypeError(`${where}: "${key}": ${error.message}`);
    throw error;
  }
  const known = placeholdersOf(en[key as keyof Translation]);
  for (const name of used) {
    if (!known.has(name)) {
      const list = [...known].map((n) => `{${n}}`).join(', ') || 'none';
      throw new TypeError(`${where}: "${key}" uses {${name}}, which it is never given (it has: ${list})`);
    }
  }
}

/** What a page registered for this exact code, if anything. */
export function registeredLanguage(code: string): RegisteredLanguage | undefined {
  return registered.get(code.toLowerCase());
}

/** Codes a page registered, lowercase. */
export function registeredCodes(): string[] {
  return [...registered.keys()];
}

/** Forgets every registration (tests). */
export function clearRegisteredTranslations(): void {
  registered.clear();
}
