import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import { BerbixClient } from '@berbix-capture/client';
import { type RunningSandbox, TOKEN_PREFIX } from '@berbix-capture/sandbox';
import { sessionStatus } from '@berbix-capture/testing/session-status';
import createDebug from 'debug';
import express from 'express';
import { expect } from 'vitest';
import type { BerbixCaptureOptions } from '../options.js';
import { type BerbixCaptureRouter, berbixCapture } from '../router.js';
import { jsonOrUndefined, keptCookie } from './answers.js';
import { documentPng } from './images.js';

export const SESSION_SECRET = 'adapter-test-secret-long-enough-for-sealing';

/** An AAMVA v10 payload (made with encodeAamva) that parses as a valid California licence. */
export const AAMVA_PAYLOAD =
  '@\n\u001e\rANSI 636014100001DL00310157DLDCAC\nDCBNONE\nDCDNONE\nDBA04122031\nDCSSAMPLE\nDACALEX\nDADNONE\nDBD04122023\nDBB04121990\nDBC2\nDAG1 MAIN ST\nDAISACRAMENTO\nDAJCA\nDAK958140000  \nDAQD1234567\nDCGUSA\r';
export const AAMVA_BASE64 = Buffer.from(AAMVA_PAYLOAD, 'latin1').toString('base64');

/** What `GET /session` answers at the first step of a DL (hand-off on, no phone watching). */
export const STATUS_AT_FRONT = sessionStatus();

/** ...and once its front is accepted. */
export const STATUS_AT_BACK = sessionStatus({ step: 'upload_document_back' });

/** About 10% of every /v0 call fails (500, 503, 429, a stall, a dropped connection), drawn from `seed`. */
export const upstreamFaults = (seed: number) => ({
  rate: 0.1,
  kinds: ['500', '503', '429', 'stall', 'drop'],
  stallMs: 300,
  seed,
});

/** The load tests' small but real front and back: the sandbox decodes and inspects every one. */
export const smallDocuments = () => ({ front: documentPng(640, 420, 1), back: documentPng(640, 420, 2) });

/** Every answer any {@link Browser} received in this test file, for leak scans. */
export const allTranscripts: string[] = [];

/** Everything the adapter logged through `debug` while tests ran, for leak scans. */
export const capturedLogs: string[] = [];
createDebug.enable('berbix-capture:*');
createDebug.log = (...args: unknown[]) => {
  capturedLogs.push(format(...args));
};

export interface RunningAdapter {
  url: string;
  router: BerbixCaptureRouter;
  server: Server;
  close(): Promise<void>;
}

/** The adapter's router talking to the sandbox, with the tests' secret and transaction unless overridden. */
export function sandboxRouter(
  sandbox: RunningSandbox,
  options: Partial<BerbixCaptureOptions> = {},
): BerbixCaptureRouter {
  return berbixCapture({
    client: new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url }),
    secret: SESSION_SECRET,
    transaction: () => ({ customerUid: 'customer-42', templateKey: 'tpk_test' }),
    ...options,
  });
}

/** The adapter on a real Express server on a free loopback port, talking to the sandbox. */
export async function startAdapter(
  sandbox: RunningSandbox,
  options: Partial<BerbixCaptureOptions> = {},
): Promise<RunningAdapter> {
  const app = express();
  app.disable('x-powered-by');
  // As behind a reverse proxy on the same machine: the client address comes from X-Forwarded-For.
  app.set('trust proxy', 'loopback');
  const router = sandboxRouter(sandbox, { rateLimit: false, ...options });
  app.use('/berbix', router);
  // The integrator's own page reading the result through the session cookie.
  app.get('/my-result', (req, res, next) => {
    router
      .getResult(req)
      .then((result) => res.json({ found: result !== undefined, transactionId: result?.transactionId ?? null }))
      .catch(next);
  });
  // Integrator's last-resort handler: a 500 without details, as a production app would answer.
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: { code: 'internal_error', message: 'internal error', requestId: '' } });
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/berbix`,
    router,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked by value with toEqual/toMatchObject, which is the real type check here.
  json: any;
}

/**
 * A browser stand-in: keeps the session cookie like a browser would and records every answer, so
 * a test can scan all of it for tokens afterwards.
 */
export class Browser {
  cookie = '';
  readonly transcript: string[] = [];

  /** Sent as X-Forwarded-For (the harness trusts a loopback proxy), so tests can be several clients. */
  clientIp: string | undefined;

  constructor(
    public base: string,
    private readonly origin?: string,
  ) {}

  async request(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.origin && { origin: this.origin }),
        ...(this.clientIp && { 'x-forwarded-for': this.clientIp }),
        ...init.headers,
      },
      ...(init.body !== undefined && { body: init.body }),
    });
    const text = await response.text();
    const line = `${response.status} ${JSON.stringify([...response.headers])} ${text}`;
    this.transcript.push(line);
    allTranscripts.push(line);
    this.cookie = keptCookie(response.headers, this.cookie);
    return { status: response.status, headers: response.headers, text, json: jsonOrUndefined(text) };
  }

  /** The session id inside the signed cookie (what `onComplete` and `getResult(id)` use). */
  sessionId(): string {
    return /berbix_session=([^.;]+)\./.exec(this.cookie)?.[1] ?? '';
  }

  /** The integrator's `/my-result` page, which calls `getResult(req)`. */
  async myResult(): Promise<{ found: boolean; transactionId: string | null }> {
    const response = await fetch(this.base.replace(/\/berbix$/, '/my-result'), { headers: { cookie: this.cookie } });
    return (await response.json()) as { found: boolean; transactionId: string | null };
  }

  startSession(body: unknown = { idType: 'DL', idCountry: 'US' }) {
    return this.request('POST', '/session', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
  }

  status() {
    return this.request('GET', '/session');
  }

  upload(subject: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
    return this.request('POST', `/session/images/${subject}`, {
      body: bytes as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'image/png', ...headers },
    });
  }

  /** The back of the test licence, with the barcode the element would have read from it. */
  uploadBack(bytes: Uint8Array = documentPng(1200, 760, 2)) {
    return this.upload('document_back', bytes, { 'x-berbix-barcode': AAMVA_BASE64 });
  }
}

/** Asserts that no sandbox token (nor any token-shaped string) appears in any of `texts`. */
export function expectNoTokens(sandbox: RunningSandbox, texts: readonly string[]): void {
  const all = texts.join('\n');
  const tokens = sandbox.state.issuedTokenStrings();
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) expect(all).not.toContain(token);
  for (const prefix of Object.values(TOKEN_PREFIX)) expect(all).not.toContain(prefix);
}

/** No sandbox token and no barcode payload in `seen`: the given lines, or one browser's answers and the log. */
export function expectNothingLeaked(sandbox: RunningSandbox, seen: readonly string[] | Browser): void {
  const texts = seen instanceof Browser ? [...seen.transcript, ...capturedLogs] : seen;
  expectNoTokens(sandbox, texts);
  expect(texts.join('\n')).not.toContain(AAMVA_BASE64);
}

/** Nothing leaked in any answer or log line of this test file, which has more than `answers` answers to scan. */
export function expectNoLeaksInFile(sandbox: RunningSandbox, answers: number): void {
  expect(allTranscripts.length).toBeGreaterThan(answers);
  expectNothingLeaked(sandbox, [...allTranscripts, ...capturedLogs]);
}
