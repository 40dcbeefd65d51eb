/** The JSON shape of `GET /_sandbox/counters` (the shared contract other packages' tests read). */
export interface CounterSnapshot {
  /** Every request received per `"<METHOD> <path>"`, faulted ones too. Unknown routes count as `"* unmatched"`. */
  requests: Record<string, number>;
  /** Requests whose handler ran to completion and whose effect is in the state. */
  processed: Record<string, number>;
  /** Processed `POST /v0/tokens`. */
  refreshes: number;
  /** Processed image uploads per `image_subject`. */
  uploads: Record<string, number>;
  /** Processed id-scan uploads. */
  idscans: number;
  faultsInjected: number;
  /** Webhook attempts: `delivered` answered 2xx, `failed` did not (each retry counts). */
  webhooks: { delivered: number; failed: number };
}

/**
 * Counters that resilience tests assert on: how many calls arrived, how many were applied, how
 * many refreshes and uploads happened, how many faults were injected.
 */
export class Counters {
  private data: CounterSnapshot = Counters.empty();

  private static empty(): CounterSnapshot {
    return {
      requests: {},
      processed: {},
      refreshes: 0,
      uploads: {},
      idscans: 0,
      faultsInjected: 0,
      webhooks: { delivered: 0, failed: 0 },
    };
  }

  request(route: string): void {
    bump(this.data.requests, route);
  }

  processed(route: string): void {
    bump(this.data.processed, route);
  }

  refresh(): void {
    this.data.refreshes += 1;
  }

  upload(subject: string): void {
    bump(this.data.uploads, subject);
  }

  idscan(): void {
    this.data.idscans += 1;
  }

  fault(): void {
    this.data.faultsInjected += 1;
  }

  webhook(outcome: 'delivered' | 'failed'): void {
    this.data.webhooks[outcome] += 1;
  }

  /** A deep copy: later requests do not change what a test already read. */
  snapshot(): CounterSnapshot {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = Counters.empty();
  }
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}
