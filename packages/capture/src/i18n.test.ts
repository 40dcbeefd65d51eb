import { describe, expect, it } from 'vitest';
import { backoffDelay } from './controllers/upload.js';
import { fill, LANGUAGES, pickLanguage, stringsFor } from './i18n.js';
import { HANDOFF_STRINGS } from './i18n-handoff.js';
import { describeIssues } from './issues-text.js';

describe('strings', () => {
  const english = LANGUAGES.en;
  const keys = Object.keys(english) as (keyof typeof english)[];

  it('every language defines every key, non-empty, with the same placeholders', () => {
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      expect(Object.keys(strings).sort(), language).toEqual([...keys].sort());
      for (const key of keys) {
        expect(strings[key].trim().length, `${language}.${key}`).toBeGreaterThan(0);
        expect(strings[key].match(/\{\w+\}/g) ?? [], `${language}.${key}`).toEqual(
          english[key].match(/\{\w+\}/g) ?? [],
        );
      }
    }
  });

  it('is translated: most strings differ from English in each language', () => {
    for (const [language, strings] of Object.entries(LANGUAGES)) {
      if (language === 'en') continue;
      const same = keys.filter((key) => strings[key] === english[key]);
      expect(same, language).toEqual([]);
    }
  });

  it('every hand-off key is in every language the element ships, translated, and overridable', () => {
    const handoffKeys = Object.keys(HANDOFF_STRINGS.en) as (keyof typeof HANDOFF_STRINGS.en)[];
    expect(handoffKeys.length).toBeGreaterThan(30);
    expect(Object.keys(HANDOFF_STRINGS).sort()).toEqual(Object.keys(LANGUAGES).sort());
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

  it('picks lang, then the page, then the browser; overrides only known string keys', () => {
    expect(pickLanguage(['pt-BR', 'en'])).toBe('pt');
    expect(pickLanguage([undefined, '', 'xx', 'de-AT'])).toBe('de');
    expect(pickLanguage(['constructor', '__proto__'])).toBe('en');
    const strings = stringsFor('fr', { shutter: 'Photo !', nope: 'x', retake: 42 } as never);
    expect(strings.shutter).toBe('Photo !');
    expect(strings.retake).toBe(LANGUAGES.fr.retake);
    expect('nope' in strings).toBe(false);
    expect(fill('Sending… {percent}%', { percent: 42 })).toBe('Sending… 42%');
    expect(fill('{unknown}', {})).toBe('{unknown}');
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
