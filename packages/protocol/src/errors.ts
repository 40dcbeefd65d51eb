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
