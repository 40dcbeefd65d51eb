import * as v from 'valibot';
import { answerObject } from './plain-object.js';

/** Error codes the adapter answers with, in `{error: {code, message, requestId}}`. */
export const ERROR_CODES = {
  invalidRequest: 'invalid_request',
  noSession: 'no_session',
  forbiddenOrigin: 'forbidden_origin',
  wrongStep: 'wrong_step',
  sessionGone: 'session_gone',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  imageTooLarge: 'image_dimensions_too_large',
  rateLimited: 'rate_limited',
  upstreamError: 'upstream_error',
  upstreamUnavailable: 'upstream_unavailable',
  internal: 'internal_error',
  /** The session continues on another device (hand-off); this one only watches. */
  handedOff: 'handed_off',
  /** A hand-off code that names no waiting hand-off: mistyped, guessed, replaced or from a session that ended. */
  handoffInvalid: 'handoff_invalid',
  /** A hand-off code that another device already claimed. */
  handoffUsed: 'handoff_used',
  /** A hand-off code past its expiry. */
  handoffExpired: 'handoff_expired',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * `{error: {code, message, requestId}}`, every refusal's body. The code is one of
 * {@link ERROR_CODES}, read as any string: a newer adapter may add codes, and the element keeps them.
 */
export const ErrorBodySchema = answerObject({
  error: answerObject({
    code: v.string() as v.GenericSchema<ErrorCode | (string & {})>,
    message: v.string(),
    requestId: v.fallback(v.string(), ''),
    /** For `wrong_step`: where the session really is. */
    step: v.optional(v.string()),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBodySchema>;
