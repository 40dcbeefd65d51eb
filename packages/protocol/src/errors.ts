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

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    requestId: string;
    /** For `wrong_step`: where the session really is. */
    step?: string;
  };
}
