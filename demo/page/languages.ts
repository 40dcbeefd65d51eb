import { availableLanguages } from '@berbix-capture/capture';

/**
 * The demo's language picker: each language the element ships, named in itself (a person looks for
 * "Español", not "Spanish"), in this order, then any other the element has. The codes come from
 * `availableLanguages()`, which lists them without fetching any: the demo loads only the language
 * it shows, as an integrator's page does.
 */
const OWN_NAMES: Record<string, string> = {
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
};

function ownName(code: string): string {
  if (OWN_NAMES[code]) return OWN_NAMES[code];
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/** The element's built-in languages, in the picker's order. */
export function shippedLanguages(): string[] {
  const known = Object.keys(OWN_NAMES);
  const shipped = availableLanguages();
  return [...known.filter((code) => shipped.includes(code)), ...shipped.filter((code) => !known.includes(code))];
}

/** Adds one option per language, each marked with its own `lang` so it is read in its language. */
export function fillLanguagePicker(select: HTMLSelectElement): void {
  for (const code of shippedLanguages()) {
    const option = new Option(ownName(code), code);
    option.lang = code;
    select.add(option);
  }
}
