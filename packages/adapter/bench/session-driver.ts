/**
 * A browser stand-in that walks one whole capture (create, front, back with the device barcode,
 * done) through the adapter and retries the way `<berbix-capture>` does: a 503 or 429 with
 * `Retry-After` is waited out and tried again; a 409 `wrong_step` adopts the step it names. Every
 * non-2xx answer is recorded, so a test can check that the browser only ever saw retryable ones.
 * Shared by the resilience tests and `bench/load.ts`.
 */
import { performance } from 'node:perf_hooks';
import { jsonOrUndefined, keptCookie } from '../src/testing/answers.js';

/** One answer the browser saw that was not a success. */
export interface SeenFailure {
  call: string;
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

export interface DriveOptions {
  /** The adapter's mount point, e.g. `http://127.0.0.1:1234/berbix`; a function to follow restarts. */
  base: string | (() => string);
  front: Uint8Array;
  back: Uint8Array;
  /** base64 of the decoded PDF417, sent as `X-Berbix-Barcode` with the back. */
  barcode: string;
  contentType?: string;
  /** Attempts per step before giving up (a stuck session is a failure, never an endless loop). */
  maxAttemptsPerStep?: number;
  /** Multiplies `Retry-After` waits (1 = as the element does). */
  retryAfterScale?: number;
  /** Waits before each upload (token expiry tests). */
  pauseBeforeUploadMs?: number;
  /** `performance.now()` after which no retry is started (a bench level's time bound). */
  deadline?: number;
  /**
   * Shared by the sessions of a bench level: image bytes sent and not yet answered, and their
   * peak (the bytes the adapter may be holding at once).
   */
  inFlight?: InFlightGauge;
}

export interface InFlightGauge {
  bytes: number;
  peak: number;
}

export interface DriveResult {
  cookie: string;
  sessionId: string;
  done: boolean;
  failures: SeenFailure[];
  /** Every answer status in order, for assertions such as "never a 401". */
  statuses: number[];
  /** Wall time of each successful upload, ms. */
  uploadMs: number[];
}

// biome-ignore lint/suspicious/noExplicitAny: answers are read by field and checked by the tests' assertions.
type Json = any;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connection errors (a killed adapter) count as a failure seen and are retried after a second. */
const CONNECTION_FAILURE = 0;

export class CaptureSession {
  cookie = '';
  readonly failures: SeenFailure[] = [];
  readonly statuses: number[] = [];
  readonly uploadMs: number[] = [];

  constructor(private readonly options: DriveOptions) {}

  private base(): string {
    return typeof this.options.base === 'function' ? this.options.base() : this.options.base;
  }

  /** One request; a refused or reset connection is status 0. Keeps the cookie like a browser. */
  async call(
    method: string,
    path: string,
    body?: Uint8Array | string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Json; headers: Headers | null }> {
    let response: Response;
    try {
      response = await fetch(`${this.base()}${path}`, {
        method,
        headers: { ...(this.cookie && { cookie: this.cookie }), ...headers },
        ...(body !== undefined && { body: body as BodyInit }),
      });
    } catch {
      this.statuses.push(CONNECTION_FAILURE);
      return { status: CONNECTION_FAILURE, json: undefined, headers: null };
    }
    const text = await response.text().catch(() => '');
    this.statuses.push(response.status);
    this.cookie = keptCookie(response.headers, this.cookie);
    return { status: response.status, json: jsonOrUndefined(text) as Json, headers: response.headers };
  }

  /** The session id inside the signed cookie. */
  sessionId(): string {
    return /berbix_session=([^.;]+)\./.exec(this.cookie)?.[1] ?? '';
  }

  private record(call: string, answer: { status: number; json: Json; headers: Headers | null }): void {
    this.failures.push({
      call,
      status: answer.status,
      code: answer.json?.error?.code,
      retryAfter: answer.headers?.get('retry-after') ?? null,
    });
  }

  private async waitRetryAfter(answer: { headers: Headers | null }): Promise<void> {
    const seconds = Number(answer.headers?.get('retry-after') ?? 1);
    const scale = this.options.retryAfterScale ?? 1;
    await sleep(Math.max(50, (Number.isFinite(seconds) ? seconds : 1) * 1000 * scale));
  }

  /** Walks the whole flow; resolves with what the browser saw (never throws for an HTTP answer). */
  async run(): Promise<DriveResult> {
    const maxAttempts = this.options.maxAttemptsPerStep ?? 20;
    const late = () => this.options.deadline !== undefined && performance.now() > this.options.deadline;
    let step = '';
    for (let attempt = 0; attempt < maxAttempts && !step && !late(); attempt++) {
      const answer = await this.call('POST', '/session', JSON.stringify({ idType: 'DL', idCountry: 'US' }), {
        'content-type': 'application/json',
      });
      if (answer.status === 201) step = answer.json.step;
      else {
        this.record('create', answer);
        await this.waitRetryAfter(answer);
      }
    }
    let attempts = 0;
    while (step && step !== 'done' && attempts < maxAttempts * 2 && !late()) {
      attempts++;
      const subject = step === 'upload_document_front' ? 'document_front' : 'document_back';
      if (step !== 'upload_document_front' && step !== 'upload_document_back') break;
      if (this.options.pauseBeforeUploadMs) await sleep(this.options.pauseBeforeUploadMs);
      const headers: Record<string, string> = { 'content-type': this.options.contentType ?? 'image/png' };
      if (subject === 'document_back') headers['x-berbix-barcode'] = this.options.barcode;
      const start = performance.now();
      const image = subject === 'document_front' ? this.options.front : this.options.back;
      const gauge = this.options.inFlight;
      if (gauge) {
        gauge.bytes += image.byteLength;
        gauge.peak = Math.max(gauge.peak, gauge.bytes);
      }
      const answer = await this.call('POST', `/session/images/${subject}`, image, headers).finally(() => {
        if (gauge) gauge.bytes -= image.byteLength;
      });
      if (answer.status === 200) {
        this.uploadMs.push(performance.now() - start);
        step = answer.json.nextStep;
      } else if (answer.status === 409 && answer.json?.error?.step) {
        this.record(subject, answer);
        step = answer.json.error.step;
      } else {
        this.record(subject, answer);
        await this.waitRetryAfter(answer);
        // A restarted or retried instance may know better; ask where we are, as a reload would.
        if (answer.status === CONNECTION_FAILURE) {
          const status = await this.call('GET', '/session');
          if (status.status === 200) step = status.json.step;
        }
      }
    }
    // The page the browser goes to next: GET /session also finishes a completion left pending.
    let done = step === 'done';
    for (let attempt = 0; done && attempt < maxAttempts; attempt++) {
      const status = await this.call('GET', '/session');
      if (status.status === 200 && status.json.done === true) break;
      this.record('status', status);
      await this.waitRetryAfter(status);
      if (attempt === maxAttempts - 1) done = false;
    }
    return {
      cookie: this.cookie,
      sessionId: this.sessionId(),
      done,
      failures: this.failures,
      statuses: this.statuses,
      uploadMs: this.uploadMs,
    };
  }
}

/** Runs `count` sessions with at most `concurrency` at once; results in start order. */
export async function runPool<T>(count: number, concurrency: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
