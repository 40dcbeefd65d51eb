import { BerbixAbortError } from './errors.js';

/** Waits for `promise`, but rejects as soon as `signal` aborts (the promise itself runs on). */
export function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    // The call itself was not sent yet: only the shared refresh was under way.
    const onAbort = () =>
      reject(
        new BerbixAbortError('the call was aborted by its caller', {
          mayHaveReachedServer: false,
          cause: signal.reason,
        }),
      );
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
