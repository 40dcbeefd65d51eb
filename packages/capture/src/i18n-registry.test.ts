import { afterEach, describe, expect, it } from 'vitest';
import { availableLanguages, chooseLanguage, directionOf, missingTranslations, registerTranslation } from './i18n.js';
import { LANGUAGES, stringsFor } from './i18n-built-in.js';
import { clearRegisteredTranslations } from './i18n-registry.js';

afterEach(() => clearRegisteredTranslations());

describe('registerTranslation', () => {
  it('adds a language: its texts, English for the keys it leaves out, listed by missingTranslations', () => {
    registerTranslation('sv', { shutter: 'Ta foto', retake: 'Ta om' });
    expect(availableLanguages()).toContain('sv');
    expect(chooseLanguage({ browser: ['sv-SE'], page: 'en' })).toBe('sv');
    const strings = stringsFor('sv');
    expect(strings.shutter).toBe('Ta foto');
    expect(strings.usePhoto).toBe(LANGUAGES.en.usePhoto);
    expect(strings.locale).toBe('sv');
    expect(missingTranslations('sv')).toContain('usePhoto');
    expect(missingTranslations('sv')).not.toContain('shutter');
    expect(missingTranslations('de')).toEqual([]);
  });

  it('overrides part of a built-in language, and a regional tag on top of its language', () => {
    registerTranslation('de', { shutter: 'Foto machen' });
    registerTranslation('pt-BR', { chooseFile: 'Escolher uma foto' });
    expect(stringsFor('de').shutter).toBe('Foto machen');
    expect(stringsFor('de').retake).toBe(LANGUAGES.de.retake);
    expect(chooseLanguage({ browser: ['pt-BR'] })).toBe('pt-br');
    expect(chooseLanguage({ browser: ['pt-PT'] })).toBe('pt');
    expect(stringsFor('pt-br').chooseFile).toBe('Escolher uma foto');
    expect(stringsFor('pt-br').retake).toBe(LANGUAGES.pt.retake);
    // The element's own strings still win over a registration.
    expect(stringsFor('de', { shutter: 'Auslösen' }).shutter).toBe('Auslösen');
  });

  it('merges repeated registrations and takes a direction', () => {
    registerTranslation('he', { shutter: 'צלם' });
    registerTranslation('he', { retake: 'צלם שוב' });
    expect(stringsFor('he').shutter).toBe('צלם');
    expect(directionOf('he')).toBe('rtl');
    registerTranslation('xx-latn', { shutter: 'Klik' }, { direction: 'rtl' });
    expect(directionOf('xx-Latn')).toBe('rtl');
  });

  it('refuses unknown keys, non-strings, broken templates and placeholders the text is never given', () => {
    expect(() => registerTranslation('sv', { shuter: 'Ta foto' } as never)).toThrow(
      /registerTranslation\("sv"\): unknown key "shuter"/,
    );
    expect(() => registerTranslation('sv', { shutter: 42 } as never)).toThrow(/"shutter" must be a non-empty string/);
    expect(() => registerTranslation('sv', { shutter: '  ' })).toThrow(/non-empty string/);
    expect(() => registerTranslation('sv', { locale: 'sv' } as never)).toThrow(/unknown key "locale"/);
    expect(() => registerTranslation('sv', { sending: 'Skickar {percent' })).toThrow(TypeError);
    expect(() => registerTranslation('sv', { sending: 'Skickar {procent} %' })).toThrow(
      /"sending" uses \{procent\}, which it is never given \(it has: \{percent\}\)/,
    );
    expect(() => registerTranslation('Svenska!', {})).toThrow(/language tag/);
    expect(() => registerTranslation('sv', null as never)).toThrow(/must be an object/);
    expect(() => registerTranslation('sv', {}, { direction: 'up' as never })).toThrow(/direction/);
    // Nothing of a refused call is kept.
    expect(availableLanguages()).not.toContain('sv');
  });
});
