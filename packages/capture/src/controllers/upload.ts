import type { UploadResponse } from '@berbix-capture/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus } from '../flow/state.js';
import { type ImageUpload, uploadImage } from '../session-api.js';

export { backoffDelay, MAX_UPLOAD_TRIES } from '../flow/connection.js';

/** `idle`, or how the upload the flow is keeping is doing (see `UploadConnection`). */
export type UploadStatus = 'idle' | ConnectionStatus;

/**
 * Sends one image, one attempt per `send`, and reports its progress. Retries, waits and the
 * browser's `offline`/`online` are the flow's (see `flow/connection.ts`), so they can be tested
 * without a network. The host renders from `progress`.
 */
export class UploadController implements ReactiveController {
  /** `sending` while an attempt is out; the flow's connection says the rest. */
  status: 'idle' | 'sending' = 'idle';
  /** Bytes sent of the current attempt; `total` 0 until the first progress event. */
  progress: { loaded: number; total: number } = { loaded: 0, total: 0 };
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      endpoint: () => string;
      fetch: () => typeof fetch | undefined;
      onProgress: (loaded: number, total: number) => void;
    },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Aborts the attempt in flight; its promise rejects with an AbortError. */
  cancel(): void {
    this.abort?.abort();
    this.abort = null;
    this.set('idle');
  }

  async send(upload: ImageUpload): Promise<UploadResponse> {
    this.cancel();
    const abort = new AbortController();
    this.abort = abort;
    this.progress = { loaded: 0, total: 0 };
    this.set('sending');
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
    } finally {
      if (this.abort === abort) {
        this.abort = null;
        this.set('idle');
      }
    }
  }

  private set(status: 'idle' | 'sending'): void {
    if (this.status === status) return;
    this.status = status;
    this.host.requestUpdate();
  }
}
