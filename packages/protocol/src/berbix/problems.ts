import * as v from 'valibot';

/**
 * Reading untrusted JSON against a schema, with problems worded for people and never carrying a
 * value: what was sent could be a token, an image or a personal field. A problem names the field by
 * its full path (`images[0].format`) and says what the contract wants there.
 */
export type WireReading<T> = { ok: true; value: T } | { ok: false; problem: WireProblem };

export interface WireProblem {
  /** `images[0].format`, `customer_uid`; empty for the whole value. */
  path: string;
  /** What is wrong, e.g. `must be a string`; never the value itself. */
  message: string;
}

/** Used for any schema left without a message of its own: valibot's default would quote the value. */
const FALLBACK = 'is not valid';

/** Parses `input` and returns its typed value, or the first problem found. */
export function readWire<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  options: ReadOptions = {},
): WireReading<v.InferOutput<TSchema>> {
  const result = v.safeParse(schema, input, { abortEarly: true, message: () => FALLBACK });
  if (result.success) return { ok: true, value: result.output };
  const [issue] = result.issues;
  const nameable = options.nameable ?? isNameableKey;
  return { ok: false, problem: issue ? problemOf(issue, nameable) : { path: '', message: FALLBACK } };
}

export interface ReadOptions {
  /**
   * Which keys a problem may name. By default only snake_case field names: a key is the sender's
   * data too. A caller checking its own options (camelCase, its own code) may name every key.
   */
  nameable?: (key: string) => boolean;
}

/** A key that can be named back to the sender: a plain field name, not something that looks like data. */
export function isNameableKey(key: string): boolean {
  return /^[a-z][a-z0-9_]{0,63}$/.test(key) && !/\d{4}/.test(key);
}

const OBJECT_TYPES = new Set(['object', 'loose_object', 'strict_object']);

function problemOf(issue: v.BaseIssue<unknown>, nameable: (key: string) => boolean): WireProblem {
  const items = issue.path ?? [];
  const last = items.at(-1);
  const keyIssue = OBJECT_TYPES.has(issue.type) && last !== undefined && last.origin === 'key';
  if (keyIssue && issue.expected === 'never') {
    // A key outside the contract: named when it looks like a field name, else only its parent.
    const parent = pathOf(items.slice(0, -1), nameable);
    if (typeof last.key === 'string' && nameable(last.key)) {
      return { path: parent ? `${parent}.${last.key}` : last.key, message: 'is not a known field' };
    }
    return { path: parent, message: 'has a field that is not part of the contract' };
  }
  if (keyIssue) return { path: pathOf(items, nameable), message: 'is required' };
  if (OBJECT_TYPES.has(issue.type)) return { path: pathOf(items, nameable), message: 'must be an object' };
  return { path: pathOf(items, nameable), message: issue.message };
}

function pathOf(items: readonly v.IssuePathItem[], nameable: (key: string) => boolean): string {
  let path = '';
  for (const item of items) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string' && nameable(key)) path += path ? `.${key}` : key;
    else path += '[…]';
  }
  return path;
}
