import { closedObject, isNameableKey, readWire } from '@berbix-capture/protocol/berbix';
import * as v from 'valibot';
import { badRequest } from './errors.js';

/**
 * What an injected fault does to one `/v0` request:
 * - `500`, `503`: answer that status with the error envelope; nothing is applied.
 * - `429`: answer 429 with `Retry-After`; nothing is applied.
 * - `stall`: wait `stallMs`, then process and answer normally (a slow answer).
 * - `drop`: destroy the socket before processing; nothing is applied.
 * - `drop-after`: process and apply the request, then destroy the socket without answering.
 */
export const FAULT_KINDS = ['500', '503', '429', 'stall', 'drop', 'drop-after'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const MAX_SCRIPT = 10_000;
const MAX_STALL_MS = 10 * 60 * 1000;

const kind = v.picklist(FAULT_KINDS, `must be one of ${FAULT_KINDS.join(', ')}`);

function numberIn(min: number, max: number) {
  const message = `must be a number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.finite(message), v.minValue(min, message), v.maxValue(max, message));
}

function integerIn(min: number, max: number) {
  return v.pipe(numberIn(min, max), v.integer('must be a whole number'));
}

/** The fault configuration, with `route` the schema of one faultable `"<METHOD> <path>"`. */
function schemaFor<TRoute extends v.GenericSchema<string>>(route: TRoute) {
  return closedObject(entriesFor(route));
}

function entriesFor<TRoute extends v.GenericSchema<string>>(route: TRoute) {
  return {
    /** Fraction 0..1 of matching requests that get a random fault (only while the script is empty). */
    rate: v.optional(numberIn(0, 1)),
    /** Kinds the random faults are drawn from; default `500`, `503`, `429`. */
    kinds: v.optional(v.pipe(v.array(kind, 'must be an array'), v.minLength(1, 'must name at least one kind'))),
    /** `"<METHOD> <path>"` routes the random faults apply to; default every `/v0` route. */
    routes: v.optional(v.array(route, 'must be an array of "<METHOD> <path>"')),
    /** `Retry-After` of a 429, in seconds; default 1. */
    retryAfterSeconds: v.optional(integerIn(0, 3600)),
    /** How long a `stall` waits, in ms; default 5000. */
    stallMs: v.optional(integerIn(0, MAX_STALL_MS)),
    /** Seed of the random draws, so a failing run can be replayed. */
    seed: v.optional(integerIn(-(2 ** 31), 2 ** 32)),
    /** A deterministic queue: each matching request consumes the head entry and gets its fault. */
    script: v.optional(
      v.pipe(
        v.array(closedObject({ route: v.optional(route), kind }), 'must be an array'),
        v.maxLength(MAX_SCRIPT, `at most ${MAX_SCRIPT} entries`),
      ),
    ),
  };
}

export type FaultConfig = v.InferInput<ReturnType<typeof schemaFor<v.StringSchema<undefined>>>>;
export type ParsedFaultConfig = v.InferOutput<ReturnType<typeof schemaFor<v.StringSchema<undefined>>>>;

const KEYS = new Set(Object.keys(entriesFor(v.string())));

/** Reads a fault configuration; throws a 400 `SandboxError` naming the first bad field. */
export function readFaultConfig(input: unknown, faultableRoutes: readonly string[]): ParsedFaultConfig {
  const message = `must be one of: ${faultableRoutes.join(', ')}`;
  const route = v.pipe(
    v.string(message),
    v.check((name) => faultableRoutes.includes(name), message),
  );
  const reading = readWire(schemaFor(route), input, { nameable: (key) => KEYS.has(key) || isNameableKey(key) });
  if (!reading.ok) throw badRequest(reading.problem.path || 'body', reading.problem.message);
  return reading.value;
}
