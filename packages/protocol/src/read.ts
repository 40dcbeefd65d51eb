import * as v from 'valibot';

/**
 * Reads an answer of the element <-> adapter contract against its schema: the typed value, or
 * undefined when it does not have the contract's shape (the caller says so in its own words; a
 * schema's message is not for people).
 */
export function readAnswer<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
): v.InferOutput<TSchema> | undefined {
  const result = v.safeParse(schema, value);
  return result.success ? result.output : undefined;
}

/** A schema of the contract, and the value it reads, for callers that do not depend on valibot. */
export type ContractSchema = v.GenericSchema;
export type ContractValue<TSchema extends ContractSchema> = v.InferOutput<TSchema>;
