import { ERROR_CODES, type Step } from '@berbix-capture/protocol';
import { AdapterError } from './errors.js';

/**
 * The refusals a session can answer with, each written once. Messages are the adapter's own and
 * name nothing private (no token, no code, no payload).
 */

export function noSession(): AdapterError {
  return new AdapterError(401, ERROR_CODES.noSession, 'no capture session; start one with POST /session');
}

export function sessionNoLongerValid(): AdapterError {
  return new AdapterError(401, ERROR_CODES.noSession, 'the capture session is no longer valid');
}

export function handedOff(): AdapterError {
  return new AdapterError(409, ERROR_CODES.handedOff, 'this capture continues on another device');
}

export function wrongStep(step: Step): AdapterError {
  return new AdapterError(
    409,
    ERROR_CODES.wrongStep,
    step === 'done' ? 'this capture is already finished' : `the session expects ${step}`,
    { step },
  );
}

export function uploadInProgress(): AdapterError {
  return new AdapterError(429, ERROR_CODES.rateLimited, 'another upload for this session is in progress', {
    retryAfterSeconds: 1,
  });
}

export function invalidHandoffCode(): AdapterError {
  return new AdapterError(
    404,
    ERROR_CODES.handoffInvalid,
    'this link does not work: it may have been replaced by a newer one or cancelled; ask for a new code on the other device',
  );
}

export function handoffUsed(): AdapterError {
  return new AdapterError(
    410,
    ERROR_CODES.handoffUsed,
    'this link was already used on another device; ask for a new code',
  );
}

export function handoffExpired(): AdapterError {
  return new AdapterError(
    410,
    ERROR_CODES.handoffExpired,
    'this link has expired; ask for a new code on the other device',
  );
}
