import { describe, expect, it } from 'vitest';
import { GUIDANCE_TEXT } from './capture-view.js';
import { backoffDelay } from './controllers/upload.js';
import { availableLanguages, chooseLanguage, directionOf, pickLanguage, placeholdersOf } from './i18n.js';
import { LANGUAGES, stringsFor } from './i18n-built-in.js';
import { describeIssues } from './issues-text.js';

/** Texts that are the same word in English and this language (checked by a person, not a fallback). */
const SAME_AS_ENGLISH: Record<string, ReadonlyArray<string>> = {};

describe('strings', () => {
  const english = LANGUAGES.en;
  const keys = Object.keys(english) as (keyof typeof english)[];

  it('ships a dozen languages, each in its own module', () => {
    expect(Object.keys(LANGUAGES).sort()).toEqual([
      'ar',
      'de',
      'en',
      'es',
      'fr',
      'hi',
      'it',
      'ja',
      'nl',
      'pl',
      'pt',
      'zh',
    ]);
    // The element fetches each one by its code: the list it fetches from names the same dozen.
    expect(availableLanguages()).toEqual(Object.keys(LANGUAGES));
  });

  it('every language defines every key, non-empty, with the same placeholders as English', () => {
    expect(keys.length).toBeGreaterThan(120);
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      expect(Object.keys(strings).sort(), language).toEqual([...keys].sort());
      for (const key of keys) {
        expect(strings[key].trim().length, `${language}.${key}`).toBeGreaterThan(0);
        expect([...placeholdersOf(strings[key])].sort(), `${language}.${key}`).toEqual(
          [...placeholdersOf(english[key])].sort(),
        );
      }
    }
  });

  it('is translated: no text of another language equals the English one', () => {
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      if (language === 'en') continue;
      const same = keys.filter((key) => strings[key] === english[key]);
      expect(same, language).toEqual(SAME_AS_ENGLISH[language] ?? []);
    }
  });

  it('is written in its own script where the language has one', () => {
    const scripts: Record<string, RegExp> = {
      ar: /\p{Script=Arabic}/u,
      hi: /\p{Script=Devanagari}/u,
      ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
      zh: /\p{Script=Han}/u,
    };
    for (const [language, script] of Object.entries(scripts)) {
      const strings = LANGUAGES[language as keyof typeof LANGUAGES];
      const latinOnly = keys.filter((key) => key !== 'locale' && !script.test(strings[key]));
      expect(latinOnly, language).toEqual([]);
    }
  });

  it('every hand-off key is in every language, translated, and overridable', () => {
    const handoffKeys = keys.filter((key) => key.startsWith('handoff'));
    expect(handoffKeys.length).toBeGreaterThan(30);
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      for (const key of handoffKeys) {
        expect(strings[key], `${language}.${key}`).toBeTruthy();
        if (language !== 'en') expect(strings[key], `${language}.${key}`).not.toBe(LANGUAGES.en[key]);
      }
    }
    expect(stringsFor('de', { handoffContinueOnPhone: 'Weiter am Telefon' }).handoffContinueOnPhone).toBe(
      'Weiter am Telefon',
    );
  });

  it('asks the person to move closer only when a card was found and is small', () => {
    // No card found: it may be absent, cut off by the frame or held so close it overflows it.
    expect(english[GUIDANCE_TEXT['no-document']]).toBe('Fit your whole ID inside the frame');
    expect(english[GUIDANCE_TEXT['too-far']]).toBe('Move closer so your ID fills the frame');
    for (const language of Object.values(LANGUAGES)) expect(language.guideNoDocument).not.toBe(language.guideTooFar);
  });

  it('matches a tag to its language; overrides only known string keys, never the locale', () => {
    expect(pickLanguage(['pt-BR', 'en'])).toBe('pt');
    expect(pickLanguage([undefined, '', 'xx', 'de-AT'])).toBe('de');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh');
    expect(pickLanguage(['constructor', '__proto__'])).toBe('en');
    const strings = stringsFor('fr', { shutter: 'Photo !', nope: 'x', retake: 42, locale: 'de' } as never);
    expect(strings.shutter).toBe('Photo !');
    expect(strings.retake).toBe(LANGUAGES.fr.retake);
    expect(strings.locale).toBe('fr');
    expect('nope' in strings).toBe(false);
  });

  // The element's own lang is the integrator's explicit choice; the phone's languages are what the
  // person reads, and beat a page's <html lang>, which is often a template's unchanged "en".
  it('chooses the element lang, then the browser languages, then the page lang, then English', () => {
    expect(chooseLanguage({ own: 'ja', browser: ['es-ES', 'es'], page: 'de' })).toBe('ja');
    expect(chooseLanguage({ own: '', browser: ['es-ES', 'es'], page: 'en' })).toBe('es');
    expect(chooseLanguage({ own: 'tlh', browser: ['sv-SE', 'nl-BE'], page: 'en' })).toBe('nl');
    expect(chooseLanguage({ own: null, browser: ['sv-SE'], page: 'pl-PL' })).toBe('pl');
    expect(chooseLanguage({ browser: [], page: '' })).toBe('en');
  });

  it('lays Arabic out right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    for (const language of Object.keys(LANGUAGES).filter((l) => l !== 'ar')) expect(directionOf(language)).toBe('ltr');
  });
});

describe('issues as people read them', () => {
  it('most important first, the visa-page detail, one fallback for unknown codes', () => {
    const messages = describeIssues(
      ['bad_upload', 'shiny_new_code', 'unsupported_id_type', 'text_unreadable', 'another_new_code'],
      { unsupported_id_type: { visa_page_of_passport: true } },
      LANGUAGES.en,
    );
    expect(messages.map((m) => m.code)).toEqual([
      'text_unreadable',
      'unsupported_id_type',
      'bad_upload',
      'shiny_new_code',
    ]);
    expect(messages[1]?.message).toBe('That looks like a visa page.');
    expect(messages[3]?.message).toBe('The photo was not accepted.');
    expect(describeIssues(['unsupported_id_type'], {}, LANGUAGES.es)[0]?.message).toBe(
      'Este tipo de documento no se acepta.',
    );
    expect(describeIssues([], {}, LANGUAGES.en)).toEqual([]);
  });
});

describe('upload retry schedule', () => {
  it('doubles from one second, capped at fifteen, with ±20% jitter', () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => backoffDelay(n, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1200);
  });
});
