import { describe, expect, it } from 'vitest';
import { fill, placeholdersOf, TemplateSyntaxError } from './i18n-format.js';

const COUNTDOWN = '{seconds, plural, =0 {Trying now} one {Next try in # second} other {Next try in # seconds}}';

describe('fill', () => {
  it('replaces placeholders and leaves unknown ones as written', () => {
    expect(fill('Sending… {percent}%', { percent: 42 })).toBe('Sending… 42%');
    expect(fill('{unknown}', {})).toBe('{unknown}');
    expect(fill('Until {time}.', { time: '14:05' })).toBe('Until 14:05.');
  });

  it('writes numbers the language’s way', () => {
    expect(fill('{n}', { n: 1234.5 }, 'en')).toBe('1,234.5');
    expect(fill('{n}', { n: 1234.5 }, 'de')).toBe('1.234,5');
    expect(fill('{n}', { n: 12345 }, 'hi')).toBe('12,345');
  });

  it('picks the plural branch by the language’s rules, exact matches first', () => {
    expect(fill(COUNTDOWN, { seconds: 1 }, 'en')).toBe('Next try in 1 second');
    expect(fill(COUNTDOWN, { seconds: 5 }, 'en')).toBe('Next try in 5 seconds');
    expect(fill(COUNTDOWN, { seconds: 0 }, 'en')).toBe('Trying now');
    const polish = '{n, plural, one {# sekunda} few {# sekundy} many {# sekund} other {# sekundy}}';
    expect([1, 2, 5, 22, 25].map((n) => fill(polish, { n }, 'pl'))).toEqual([
      '1 sekunda',
      '2 sekundy',
      '5 sekund',
      '22 sekundy',
      '25 sekund',
    ]);
    const arabic =
      '{n, plural, zero {الآن} one {ثانية واحدة} two {ثانيتان} few {# ثوانٍ} many {# ثانية} other {# ثانية}}';
    expect([0, 1, 2, 3, 11, 100].map((n) => fill(arabic, { n }, 'ar'))).toEqual([
      'الآن',
      'ثانية واحدة',
      'ثانيتان',
      `${fill('{n}', { n: 3 }, 'ar')} ثوانٍ`,
      `${fill('{n}', { n: 11 }, 'ar')} ثانية`,
      `${fill('{n}', { n: 100 }, 'ar')} ثانية`,
    ]);
    // French counts 0 and 1 as "one"; Japanese has only "other".
    expect(fill('{n, plural, one {# essai} other {# essais}}', { n: 0 }, 'fr')).toBe('0 essai');
    expect(fill('{n, plural, other {あと#秒}}', { n: 1 }, 'ja')).toBe('あと1秒');
  });

  it('fills placeholders inside a branch, and leaves a plural without its value as a placeholder', () => {
    const text = '{n, plural, one {# photo for {name}} other {# photos for {name}}}';
    expect(fill(text, { n: 2, name: 'Ana' })).toBe('2 photos for Ana');
    expect(fill(text, { name: 'Ana' })).toBe('{n}');
    expect(fill(text, { n: 'many', name: 'Ana' })).toBe('{n}');
  });

  it('returns a broken template unchanged rather than throwing while rendering', () => {
    expect(fill('{n, plural, one {x}', { n: 1 })).toBe('{n, plural, one {x}');
  });
});

describe('placeholdersOf', () => {
  it('lists plain and plural placeholders, those inside branches too', () => {
    expect([...placeholdersOf('a {x} b')]).toEqual(['x']);
    expect([...placeholdersOf(COUNTDOWN)]).toEqual(['seconds']);
    expect([...placeholdersOf('{n, plural, other {{name}}}')].sort()).toEqual(['n', 'name']);
    expect(placeholdersOf('no braces').size).toBe(0);
  });

  it('refuses broken templates with the position of the fault', () => {
    expect(() => placeholdersOf('{n, plural, one {x}}')).toThrow(/needs an "other" branch/);
    expect(() => placeholdersOf('{n, select, a {x} other {y}}')).toThrow(TemplateSyntaxError);
    expect(() => placeholdersOf('{n, plural, lots {x} other {y}}')).toThrow(/unknown plural branch "lots"/);
    expect(() => placeholdersOf('unclosed {n')).toThrow(/at character \d+/);
    expect(() => placeholdersOf('stray }')).toThrow(/unexpected "}"/);
  });
});
