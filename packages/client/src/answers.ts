import type { UploadResponse } from '@berbix-capture/protocol';
import {
  readWire,
  TokensAnswerSchema,
  type TransactionMetadata,
  TransactionMetadataSchema,
  UploadAnswerSchema,
} from '@berbix-capture/protocol/berbix';
import type * as v from 'valibot';
import { BerbixAPIError } from './errors.js';
import { refreshTimeFor, type TokensRecord } from './tokens.js';
import type { ApiAnswer } from './transport.js';

/**
 * Berbix's answers, read against the contract's schemas (protocol/berbix). An answer that does not
 * fit is a {@link BerbixAPIError} naming what was wrong, never a crash or a value the types lie
 * about. The message names the field, never its value: answers carry tokens and personal data.
 */
function readAnswer<TSchema extends v.GenericSchema>(
  schema: TSchema,
  answer: Pick<ApiAnswer, 'body' | 'requestId' | 'status'>,
  what: string,
): v.InferOutput<TSchema> {
  const reading = readWire(schema, answer.body);
  if (reading.ok) return reading.value;
  const { path, message } = reading.problem;
  throw malformed(answer, what, path ? `${path} ${message}` : message);
}

function malformed(answer: Pick<ApiAnswer, 'requestId' | 'status'>, what: string, problem: string): BerbixAPIError {
  return new BerbixAPIError(`Berbix's ${what} is malformed: ${problem}`, {
    statusCode: answer.status,
    ...(answer.requestId !== undefined && { requestId: answer.requestId }),
  });
}

/** The result of a creation or refresh: the tokens to hold, and the raw answer. */
export interface TokensResult {
  record: TokensRecord;
  response: unknown;
}

/**
 * Reads a creation or refresh answer. Without access and client tokens it is unusable; a refresh may
 * leave the refresh token out (`knownRefreshToken` stays valid).
 */
export function tokensFrom(answer: ApiAnswer, knownRefreshToken?: string): TokensResult {
  const body = readAnswer(TokensAnswerSchema, answer, 'token answer');
  const refreshToken = body.refresh_token || knownRefreshToken;
  if (!refreshToken) throw malformed(answer, 'token answer', 'refresh_token is required');
  const now = Date.now();
  const lifetimeMs = body.expires_in === undefined ? null : body.expires_in * 1000;
  return {
    record: {
      accessToken: body.access_token,
      clientToken: body.client_token,
      refreshToken,
      transactionId: body.transaction_id ?? null,
      // Unknown lifetime: no expiry, so the next call refreshes first (safe, if slower).
      expiresAt: lifetimeMs === null ? null : now + lifetimeMs,
      refreshAt: lifetimeMs === null ? null : refreshTimeFor(now, lifetimeMs),
      firstStep: body.first_step ?? null,
      ...(body.hosted_url !== undefined && { hostedUrl: body.hosted_url }),
    },
    response: answer.body,
  };
}

/** Reads `GET`/`PATCH /v0/transactions`. */
export function metadataFrom(answer: ApiAnswer): TransactionMetadata {
  return readAnswer(TransactionMetadataSchema, answer, 'transaction metadata');
}

/**
 * Reads an upload answer. Unknown issue codes are kept (the list may grow); a missing or unknown
 * `next_step` is a {@link BerbixAPIError}, since the caller could not act on it.
 */
export function uploadResponseFrom(body: unknown, requestId: string | undefined, statusCode: number): UploadResponse {
  const answer = readAnswer(UploadAnswerSchema, { body, requestId, status: statusCode }, 'upload answer');
  return { issues: answer.issues, issueDetails: answer.issue_details, nextStep: answer.next_step };
}
