import type { ErrorBody, ErrorCode } from '@berbix-capture/protocol';
import type { Response } from 'express';

export interface AdapterErrorExtra {
  /** For `wrong_step`: where the session really is. */
  step?: string;
  /** Sent as `Retry-After` (429, 503). */
  retryAfterSeconds?: number;
  /** Close the connection after answering (a refused body still on the wire). */
  closeConnection?: boolean;
}

/**
 * A refusal the element is told about, as `{error: {code, message, requestId}}`. Messages are
 * written here, never copied from upstream answers, so they cannot carry a token or personal data.
 */
export class AdapterError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: AdapterErrorExtra = {},
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
  if (error.extra.closeConnection) res.setHeader('connection', 'close');
  res.status(error.status).json(body);
}
