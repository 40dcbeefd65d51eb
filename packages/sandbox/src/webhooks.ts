import { createHmac } from 'node:crypto';
import type { WebhookEventBody } from '@berbix-capture/protocol/berbix';
import type { Counters } from './counters.js';
import { stringifyJson } from './json.js';

/** `X-Berbix-Signature: v0,<unix seconds>,<hex HMAC-SHA256 over "<ts>,<secret>,<raw body>">`. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp},${secret},`);
  hmac.update(body);
  return `v0,${timestamp},${hmac.digest('hex')}`;
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Waits before each retry, in ms; the number of entries is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Per-attempt timeout, ms. */
  timeoutMs?: number;
}

/** Default backoff: 0.5 s, 1 s, 2 s, 4 s, 8 s (six attempts in all, about 15 s). */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];

/** The contract's event (protocol/berbix), with every field the sandbox always sends. */
export type WebhookEvent = WebhookEventBody & {
  transaction_id: bigint;
  customer_uid: string;
  action: string;
  dashboard_link: string;
  /** The event's id, the same on every retry, so a receiver can drop a repeat. */
  id: string;
  type: 'verification_finished';
};

/**
 * Delivers completion webhooks: one POST per finished transaction, signed as the contract says,
 * retried with exponential backoff on a network error or a non-2xx answer. Deliveries run in the
 * background; `idle()` waits for all of them (tests, shutdown).
 */
export class WebhookSender {
  private readonly pending = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly options: WebhookOptions,
    private readonly counters: Counters,
  ) {}

  send(event: WebhookEvent): void {
    const delivery = this.deliver(stringifyJson(event)).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves when every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops retrying; deliveries in flight are abandoned. */
  close(): void {
    this.abort.abort();
  }

  private async deliver(body: string): Promise<void> {
    const delays = this.options.retryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0 && !(await this.sleep(delays[attempt - 1] ?? 0))) return;
      if (await this.attempt(body)) {
        this.counters.webhook('delivered');
        return;
      }
      this.counters.webhook('failed');
    }
  }

  private async attempt(body: string): Promise<boolean> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'BerbixSandbox/1',
          'x-berbix-signature': signWebhook(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok;
    } catch {
      return false;
    }
  }

  /** False when the sender was closed while waiting. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(true), ms);
      this.abort.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve(false);
        },
        { once: true },
      );
    });
  }
}
