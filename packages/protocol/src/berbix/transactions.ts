import * as v from 'valibot';
import {
  absent,
  berbixId,
  closedObject,
  countryCodeSchema,
  idTypeSchema,
  openObject,
  optionalBoolean,
  optionalText,
  requiredText,
  stepSchema,
} from './primitives.js';

/** `hosted_options` of `POST /v0/transactions`. */
export const HostedOptionsSchema = closedObject({
  completion_email: optionalText,
  redirect_url: absent(
    v.pipe(
      v.string('must be a string'),
      v.check((url) => URL.canParse(url), 'must be a URL'),
    ),
  ),
});

/** `api_only_options` of `POST /v0/transactions`. */
export const ApiOnlyOptionsSchema = closedObject({
  id_country: absent(countryCodeSchema),
  id_type: absent(idTypeSchema),
});

/**
 * `POST /v0/transactions` (Basic auth with the API secret): a plain, hosted or API-only transaction,
 * told apart by which options are sent (at most one of them).
 */
export const CreateTransactionRequestSchema = v.pipe(
  closedObject({
    customer_uid: requiredText,
    template_key: requiredText,
    email: optionalText,
    phone: optionalText,
    consents_to_automated_facial_recognition: optionalBoolean,
    hosted_options: absent(HostedOptionsSchema),
    api_only_options: absent(ApiOnlyOptionsSchema),
  }),
  v.forward(
    v.check(
      (body) => !(body.hosted_options && body.api_only_options),
      'only one of hosted_options and api_only_options may be sent',
    ),
    ['api_only_options'],
  ),
);
export type CreateTransactionRequest = v.InferInput<typeof CreateTransactionRequestSchema>;

/** `POST /v0/tokens` (Basic auth): new access and client tokens for a refresh token. */
export const RefreshTokensRequestSchema = closedObject({
  grant_type: v.pipe(requiredText, v.literal('refresh_token', 'must be "refresh_token"')),
  refresh_token: requiredText,
});
export type RefreshTokensRequest = v.InferInput<typeof RefreshTokensRequestSchema>;

/**
 * The answer to a creation or a refresh. A refresh may leave `refresh_token` out (the one held stays
 * valid); `first_step` comes with API-only creations, `hosted_url` with hosted ones. Unknown fields
 * are kept.
 */
export const TokensAnswerSchema = openObject({
  access_token: requiredText,
  client_token: requiredText,
  refresh_token: optionalText,
  /** 64-bit: read as an exact decimal string. */
  transaction_id: absent(berbixId),
  /** Seconds the access and client tokens live. */
  expires_in: absent(
    v.pipe(
      v.number('must be a number of seconds'),
      v.finite('must be a number of seconds'),
      v.minValue(0, 'must be a number of seconds'),
    ),
  ),
  first_step: absent(stepSchema),
  hosted_url: optionalText,
});
export type TokensAnswer = v.InferOutput<typeof TokensAnswerSchema>;
/** The answer as a server writes it (the id may be a number or a bigint). */
export type TokensAnswerBody = v.InferInput<typeof TokensAnswerSchema>;
