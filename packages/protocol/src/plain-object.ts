import * as v from 'valibot';

/**
 * Object schemas of the element <-> adapter contract. valibot's object schemas let arrays through
 * (an array is an object); no body or answer of the contract is ever an array.
 */
const isPlainObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A request body: exactly these fields, each as its schema says; anything else is refused. */
// A bundle that never reads requests (the element's) drops them: the calls are marked pure.
/* @__NO_SIDE_EFFECTS__ */
export function requestObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.custom<v.InferInput<v.StrictObjectSchema<TEntries, undefined>>>(isPlainObject, 'must be a JSON object'),
    v.strictObject(entries),
  );
}

/**
 * An answer: at least these fields (an adapter may add more). No array guard: every answer has a
 * required field, which an array never has, and the element's bundle is spared the check.
 */
/* @__NO_SIDE_EFFECTS__ */
export function answerObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.object(entries);
}
