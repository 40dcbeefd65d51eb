import * as v from 'valibot';
import { openObject, optionalText } from './primitives.js';

/**
 * An error answer. The SDKs disagree on its shape, so a server sends the superset and a client reads
 * whichever field is there. A 409 carries `next_step`.
 */
export const ErrorBodySchema = openObject({
  code: optionalText,
  status: v.optional(v.number()),
  reason: optionalText,
  message: optionalText,
  readable: optionalText,
  next_step: optionalText,
});
export type ErrorBody = v.InferInput<typeof ErrorBodySchema>;
