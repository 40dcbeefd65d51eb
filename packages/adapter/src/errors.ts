import type { ErrorBody, ErrorCode } from '@berbix-capture/protocol';
import type { Response } from 'express';

/** A refusal the element is told about, as `{error: {code, message, requestId}}`. */
export class AdapterError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { step?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AdapterError';
  }
}

export function sendError(res: Response, error: AdapterError): void {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      requestId: String(res.locals.requestId ?? ''),
      ...(error.extra.step !== undefined && { step: error.extra.step }),
    },
  };
  if (error.extra.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.extra.retryAfterSeconds));
  res.status(error.status).json(body);
}
