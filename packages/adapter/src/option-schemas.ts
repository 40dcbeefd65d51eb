import { closedObject, readWire } from '@berbix-capture/protocol/berbix';
import * as v from 'valibot';

/**
 * Checking an integrator's options against a schema, with the one wording for every option object
 * of the adapter (`berbixCapture`, its `limits`, `rateLimit` and `cookie`, `berbixWebhook`): bad
 * configuration throws a TypeError at start-up naming the option and what it must be, and an
 * unknown option is listed with the allowed ones.
 */

/** An options object: exactly these entries, and never an array (the wire's closed object). */
export const optionsObject = closedObject;

/** A whole number above 0 (and at most `max`): counts, sizes and durations in ms. */
/* @__NO_SIDE_EFFECTS__ */
export function positiveInteger(max?: number) {
  const message = `must be a positive integer${max === undefined ? '' : ` up to ${max}`}`;
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(1, message),
    v.maxValue(max ?? Number.MAX_SAFE_INTEGER, message),
  );
}

/** A function, said in `shape` when it is not one. */
/* @__NO_SIDE_EFFECTS__ */
export function callback<T extends (...args: never[]) => unknown>(shape: string) {
  return v.custom<T>((value) => typeof value === 'function', `must be a function ${shape}`);
}

/**
 * The options as the schema reads them, or a TypeError: `unknown <what> option(s) <name>; allowed:
 * ...` for a key outside the schema, else `<path> <what it must be>`.
 */
export function readOptions<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  what: string,
  allowed: (path: string) => readonly string[],
): v.InferOutput<TSchema> {
  // The integrator's own code: every key may be named back.
  const reading = readWire(schema, value, { nameable: () => true });
  if (reading.ok) return reading.value;
  const { path, message } = reading.problem;
  if (message === 'is not a known field') {
    const dot = path.lastIndexOf('.');
    const parent = dot < 0 ? '' : path.slice(0, dot);
    const name = parent ? `${what} ${parent}` : what;
    throw new TypeError(`unknown ${name} option ${path.slice(dot + 1)}; allowed: ${allowed(parent).join(', ')}`);
  }
  throw new TypeError(`${path || what} ${message}`);
}
