import * as v from 'valibot';

/**
 * Object schemas of the element <-> adapter contract (and, through `objectOf`, of the Berbix v0
 * wire and the adapter's options). valibot's object schemas let arrays through (an array is an
 * object); no body, answer or options object is ever an array.
 */
const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** `schema`, but only for a plain object (the one home of the array guard, for both contracts). */
/* @__NO_SIDE_EFFECTS__ */
export function objectOf<TSchema extends v.GenericSchema<object>>(schema: TSchema, message = 'must be an object') {
  return v.pipe(v.custom<v.InferInput<TSchema>>(isPlainObject, message), schema);
}

/** A request body: exactly these fields, each as its schema says; anything else is refused. */
// A bundle that never reads requests (the element's) drops them: the calls are marked pure.
/* @__NO_SIDE_EFFECTS__ */
export function requestObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return objectOf(v.strictObject(entries), 'must be a JSON object');
}

/**
 * An answer: at least these fields (an adapter may add more). No array guard: every answer has a
 * required field, which an array never has, and the element's bundle is spared the check.
 */
/* @__NO_SIDE_EFFECTS__ */
export function answerObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.object(entries);
}
