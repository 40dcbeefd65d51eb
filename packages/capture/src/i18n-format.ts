/**
 * Filling a text's placeholders, with the plural and number rules of its language (the browser's
 * `Intl.PluralRules` and `Intl.NumberFormat`; no library).
 *
 * Two forms, a subset of ICU MessageFormat that translators know:
 * - `{name}`: the value; a number is written the language's way (`1234` -> `1,234`, `1.234`, `١٬٢٣٤`).
 * - `{name, plural, one {# second} other {# seconds}}`: the branch the language's plural rule picks
 *   for the number (`zero`, `one`, `two`, `few`, `many`, `other`; `=0` matches exactly), with `#` the
 *   number written the language's way. `other` is required. Branches may hold `{placeholders}`.
 */

/** A parsed text: literal pieces, `{name}` placeholders and `{name, plural, …}` choices. */
type Part = string | { name: string } | { name: string; branches: Map<string, Part[]> };

const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** A text whose placeholder syntax is broken (an unclosed brace, a plural without `other`, …). */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
}

/** Parses `template`; throws `TemplateSyntaxError` with the position of the fault. */
export function parseTemplate(template: string): Part[] {
  let at = 0;
  const fail = (why: string): never => {
    throw new TemplateSyntaxError(`${why} at character ${at} of "${template}"`);
  };
  const skipSpace = () => {
    while (/\s/.test(template[at] ?? '')) at++;
  };
  const word = (): string => {
    const match = /^[=\w]+/.exec(template.slice(at));
    if (!match) fail('expected a name');
    at += (match as RegExpExecArray)[0].length;
    return (match as RegExpExecArray)[0];
  };
  // Reads parts until a closing brace (inside a branch) or the end (at the top).
  const parts = (inBranch: boolean): Part[] => {
    const out: Part[] = [];
    let text = '';
    while (at < template.length) {
      const char = template[at] as string;
      if (char === '}') {
        if (!inBranch) fail('unexpected "}"');
        break;
      }
      if (char !== '{') {
        text += char;
        at++;
        continue;
      }
      if (text) out.push(text);
      text = '';
      out.push(placeholder());
    }
    if (inBranch && template[at] !== '}') fail('unclosed plural branch');
    if (text) out.push(text);
    return out;
  };
  const placeholder = (): Part => {
    at++; // {
    skipSpace();
    const name = word();
    skipSpace();
    if (template[at] === '}') {
      at++;
      return { name };
    }
    if (template[at] !== ',') fail(`expected "}" or "," after {${name}`);
    at++;
    skipSpace();
    if (word() !== 'plural') fail(`only {${name}} and {${name}, plural, …} are supported`);
    skipSpace();
    if (template[at] !== ',') fail('expected "," after "plural"');
    at++;
    const branches = new Map<string, Part[]>();
    for (;;) {
      skipSpace();
      if (template[at] === '}') break;
      const selector = word();
      if (!PLURAL_CATEGORIES.has(selector) && !/^=\d+$/.test(selector)) fail(`unknown plural branch "${selector}"`);
      skipSpace();
      if (template[at] !== '{') fail(`expected "{" after ${selector}`);
      at++;
      branches.set(selector, parts(true));
      at++; // the branch's }
    }
    if (!branches.has('other')) fail(`{${name}, plural} needs an "other" branch`);
    at++;
    return { name, branches };
  };
  return parts(false);
}

/** The placeholder names a text uses, plural choices and names inside their branches included. */
export function placeholdersOf(template: string): Set<string> {
  const names = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      names.add(part.name);
      if ('branches' in part) for (const branch of part.branches.values()) walk(branch);
    }
  };
  walk(parseTemplate(template));
  return names;
}

/**
 * Fills `template` for `locale` (the strings' `locale`, e.g. `fill(t.sending, { percent }, t.locale)`).
 * A placeholder without a value stays as written; a broken template is returned unchanged (the
 * element's own texts are tested, a page's are checked by `registerTranslation`).
 */
export function fill(template: string, values: Record<string, string | number>, locale = 'en'): string {
  let parsed: Part[];
  try {
    parsed = parseTemplate(template);
  } catch {
    return template;
  }
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const write = (value: string | number) => (typeof value === 'number' ? numbers.format(value) : value);
  const render = (parts: Part[], count: number | undefined): string =>
    parts
      .map((part) => {
        if (typeof part === 'string') return count === undefined ? part : part.replaceAll('#', write(count));
        const value = Object.hasOwn(values, part.name) ? values[part.name] : undefined;
        if (!('branches' in part)) return value === undefined ? `{${part.name}}` : write(value);
        const n = Number(value);
        if (value === undefined || !Number.isFinite(n)) return `{${part.name}}`;
        const branch = part.branches.get(`=${n}`) ?? part.branches.get(plurals.select(n)) ?? part.branches.get('other');
        return render(branch ?? [], n);
      })
      .join('');
  return render(parsed, undefined);
}
