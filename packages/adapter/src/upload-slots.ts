import { ERROR_CODES } from '@berbix-capture/protocol';
import { AdapterError } from './errors.js';

/**
 * Bounds the image bodies this instance holds at once: `total` in all, so a crowd of 20 MB uploads
 * cannot exhaust memory, and `perClient` for any one client (its session, and its address when it
 * has one of its own), so a few slow senders cannot take every slot from everybody else. Taken
 * before a byte of the body is read.
 */
export class UploadSlots {
  private inUse = 0;
  private readonly byClient = new Map<string, number>();

  constructor(
    private readonly total: number,
    private readonly perClient: number,
  ) {}

  /** Uploads in flight on this instance right now. */
  get count(): number {
    return this.inUse;
  }

  /**
   * Takes one slot in all and one under each of the client's keys; answers the release (safe to
   * call twice), or throws 429 when any of them is full.
   */
  take(clientKeys: readonly string[]): () => void {
    if (clientKeys.some((key) => (this.byClient.get(key) ?? 0) >= this.perClient)) {
      throw busy('too many uploads from this client at once; try again shortly');
    }
    if (this.inUse >= this.total) throw busy('the server is busy with other uploads; try again shortly');
    this.inUse += 1;
    for (const key of clientKeys) this.byClient.set(key, (this.byClient.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
      for (const key of clientKeys) {
        const left = (this.byClient.get(key) ?? 1) - 1;
        if (left > 0) this.byClient.set(key, left);
        else this.byClient.delete(key);
      }
    };
  }
}

function busy(message: string): AdapterError {
  return new AdapterError(429, ERROR_CODES.rateLimited, message, { retryAfterSeconds: 1 });
}
