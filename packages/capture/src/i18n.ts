import type { CaptureStrings } from './languages/capture-strings.js';
import { de } from './languages/de.js';
import { en } from './languages/en.js';
import { es } from './languages/es.js';
import { fr } from './languages/fr.js';
import { pt } from './languages/pt.js';

export type { CaptureStrings } from './languages/capture-strings.js';

export const LANGUAGES = { en, es, fr, de, pt } as const;
export type Language = keyof typeof LANGUAGES;

/** Picks the first supported language among the candidates (`es-MX` matches `es`); English otherwise. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && Object.hasOwn(LANGUAGES, base)) return base as Language;
  }
  return 'en';
}

/** The language's strings with the page's overrides on top; only string overrides of known keys count. */
export function stringsFor(language: Language, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  const strings = { ...LANGUAGES[language] };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (Object.hasOwn(strings, key) && typeof value === 'string') strings[key as keyof CaptureStrings] = value;
  }
  return strings;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : match,
  );
}
