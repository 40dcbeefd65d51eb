import type { UploadResponse } from '@berbix-capture/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { type ImageUpload, SessionApiError, uploadImage } from '../session-api.js';

/**
 * `sending` while bytes go out, `reconnecting` while waiting to retry after a network failure or a
 * 503/429, `offline` while the browser says it has no network.
 */
export type UploadStatus = 'idle' | 'sending' | 'reconnecting' | 'offline';

/** Delay before retry n (0-based): 1, 2, 4, 8, 15, 15… seconds, each with ±20% jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Tries per upload before giving up and letting the person press "Try again" (about a minute). */
export const MAX_UPLOAD_TRIES = 7;

/**
 * Sends one image and keeps it until there is an answer: a network failure, a 503 or a 429 is
 * retried with capped exponential backoff (the state says `reconnecting`), and while the browser is
 * offline it waits for `online` instead of burning tries. Any other failure is returned at once.
 * The host renders from `status` and `progress`.
 */
export class UploadController implements ReactiveController {
  status: UploadStatus = 'idle';
  progress: { loaded: number; total: number } = { loaded: 0, total: 0 };
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      endpoint: () => string;
      fetch: () => typeof fetch | undefined;
      onProgress: (loaded: number, total: number) => void;
      /** Test seam: how long to wait before retry n. */
      delay?: (attempt: number) => number;
    },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Aborts a running upload; its promise rejects with an AbortError. */
  cancel(): void {
    this.abort?.abort();
    this.abort = null;
    this.set('idle');
  }

  async send(upload: ImageUpload): Promise<UploadResponse> {
    this.cancel();
    const abort = new AbortController();
    this.abort = abort;
    try {
      for (let attempt = 0; ; attempt++) {
        await this.whenOnline(abort.signal);
        this.set('sending');
        this.progress = { loaded: 0, total: upload.image.size };
        try {
          return await uploadImage(this.options.endpoint(), upload, {
            ...(this.options.fetch() && { fetch: this.options.fetch() }),
            signal: abort.signal,
            onProgress: (loaded, total) => {
              this.progress = { loaded, total };
              this.options.onProgress(loaded, total);
              this.host.requestUpdate();
            },
          });
        } catch (error) {
          const retryable = error instanceof SessionApiError && error.retryable;
          if (!retryable || attempt + 1 >= MAX_UPLOAD_TRIES || abort.signal.aborted) throw error;
          this.set('reconnecting');
          await sleep((this.options.delay ?? backoffDelay)(attempt), abort.signal);
        }
      }
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.set('idle');
      }
    }
  }

  private async whenOnline(signal: AbortSignal): Promise<void> {
    if (navigator.onLine !== false) return;
    this.set('offline');
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        window.removeEventListener('online', done);
        signal.aborted ? reject(new DOMException('upload aborted', 'AbortError')) : resolve();
      };
      window.addEventListener('online', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private set(status: UploadStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.host.requestUpdate();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('upload aborted', 'AbortError'));
      },
      { once: true },
    );
  });
}
