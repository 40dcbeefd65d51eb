import { STATUS_CODES } from 'node:http';
import type { ErrorBody } from '@berbix-capture/protocol/berbix';

/**
 * An error the sandbox answers with. The body is the superset envelope the contract asks for, so
 * that every SDK's error reader finds the field it looks for.
 *
 * Messages never carry a token, an image, a barcode payload or a personal field: they name the
 * field or rule that failed, nothing the caller sent.
 */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields, e.g. `next_step` on a 409. */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'SandboxError';
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      status: this.status,
      reason: STATUS_CODES[this.status] ?? 'Error',
      message: this.message,
      readable: this.message,
      ...this.extra,
    };
  }
}

export const badRequest = (field: string, why: string) =>
  new SandboxError(400, 'invalid_request', `${field}: ${why}`, { field });
export const unauthorized = (message = 'missing or invalid credentials') =>
  new SandboxError(401, 'unauthorized', message);
export const notFound = (message = 'no such route') => new SandboxError(404, 'not_found', message);
/** An upload that is not valid at this point of the flow; `next_step` says what is. */
export const conflict = (message: string, nextStep: string) =>
  new SandboxError(409, 'conflict', message, { next_step: nextStep });
export const gone = () => new SandboxError(410, 'gone', 'the transaction was deleted');
export const payloadTooLarge = (what: string, limit: number) =>
  new SandboxError(413, 'payload_too_large', `${what} over ${limit} bytes`);
