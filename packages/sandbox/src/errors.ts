import { STATUS_CODES } from 'node:http';

/**
 * An error the sandbox answers with. The body is the superset envelope the contract asks for, so
 * that every SDK's error reader finds the field it looks for.
 */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra top-level fields, e.g. `next_step` on a 409. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SandboxError';
  }

  toBody(): Record<string, unknown> {
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
