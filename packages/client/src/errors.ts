/**
 * Errors after stripe-node: one base class with the fields every handler needs, and a subclass per
 * cause so callers can `instanceof` rather than compare status codes. Messages never carry a token.
 */
export class BerbixError extends Error {
  readonly type: string = 'BerbixError';
  readonly statusCode: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** The parsed error body, when there was one. */
  readonly raw: unknown;

  constructor(
    message: string,
    init: { statusCode?: number; code?: string; requestId?: string; raw?: unknown; cause?: unknown } = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.type = new.target.name;
    this.statusCode = init.statusCode;
    this.code = init.code;
    this.requestId = init.requestId;
    this.raw = init.raw;
  }
}

export class BerbixInvalidRequestError extends BerbixError {}
export class BerbixAuthenticationError extends BerbixError {}
export class BerbixAPIError extends BerbixError {}
export class BerbixConnectionError extends BerbixError {}

/** Reads whichever message field an error body carries (the SDKs disagree on the shape). */
export function messageFromBody(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'readable', 'error', 'reason']) {
      const value = record[key];
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return fallback;
}

/** Maps an HTTP answer to its error class. */
export function errorFromResponse(status: number, body: unknown, requestId: string | undefined): BerbixError {
  const code =
    body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string'
      ? (body as { code: string }).code
      : undefined;
  const init = {
    statusCode: status,
    ...(code !== undefined && { code }),
    ...(requestId !== undefined && { requestId }),
    raw: body,
  };
  const message = messageFromBody(body, `Berbix answered ${status}`);
  if (status === 400) return new BerbixInvalidRequestError(message, init);
  if (status === 401) return new BerbixAuthenticationError(message, init);
  return new BerbixAPIError(message, init);
}
