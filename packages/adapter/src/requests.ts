import { ERROR_CODES } from '@berbix-capture/protocol';
import { readWire } from '@berbix-capture/protocol/berbix';
import type * as v from 'valibot';
import { AdapterError } from './errors.js';

/**
 * Reads a request body against its schema from the protocol, or answers 400 naming the first
 * problem: the field by name when it is one of `fields` (anything else the sender wrote, key or
 * value, is never repeated back).
 */
export function readRequest<TSchema extends v.GenericSchema>(
  schema: TSchema,
  body: unknown,
  fields: readonly string[],
): v.InferOutput<TSchema> {
  const reading = readWire(schema, body, { nameable: (key) => fields.includes(key) });
  if (reading.ok) return reading.value;
  const { path, message } = reading.problem;
  throw new AdapterError(400, ERROR_CODES.invalidRequest, `${path || 'body'} ${message}`);
}
