import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reply, SandboxServices } from './context.js';
import { Counters } from './counters.js';
import { notFound, SandboxError } from './errors.js';
import { type Fault, type FaultConfig, FaultInjector } from './faults.js';
import { newRequestId, REQUEST_ID_HEADER, readBody, sendEmpty, sendJson } from './http.js';
import { listenLocally } from './listen.js';
import { routes, v0Routes } from './routes.js';
import { SandboxState } from './state.js';
import { WebhookSender } from './webhooks.js';

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Serve HTTPS with a self-signed certificate generated at start. */
  tls?: boolean;
  /** The API secret clients authenticate with. */
  secret?: string;
  /** Lifetime of access and client tokens, in seconds (default 900). */
  tokenTtlSeconds?: number;
  /** Failed uploads of one step before the flow moves on with `issues: []` (default 2). */
  maxRetries?: number;
  /** Where completion webhooks are POSTed; none are sent without it. */
  webhookUrl?: string;
  /** Key of the webhook signature (default: the API secret). */
  webhookSecret?: string;
  /** Backoff before each webhook retry, ms (default 500, 1000, 2000, 4000, 8000). */
  webhookRetryDelaysMs?: readonly number[];
  /** Faults from the start (same shape as `PUT /_sandbox/faults`). */
  faults?: FaultConfig;
  /** The clock, for tests of expiry and ages (epoch ms). */
  now?: () => number;
}

export interface RunningSandbox {
  /** Base URL, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Path of the PEM certificate when serving TLS. */
  ca?: string;
  secret: string;
  state: SandboxState;
  /** Calls per route, refreshes, uploads, faults and webhooks (also `GET /_sandbox/counters`). */
  counters: Counters;
  /** Fault injection (also `PUT`/`DELETE /_sandbox/faults`). */
  faults: FaultInjector;
  /** Resolves once every webhook delivery started so far has succeeded or given up. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_SECRET = 'secret_test_sandbox';
export const DEFAULT_TOKEN_TTL_SECONDS = 900;
export const DEFAULT_MAX_RETRIES = 2;

/**
 * Starts a Berbix v0 simulator on a real HTTP(S) server. See the package README for the routes,
 * the image checks, scenarios and the admin API.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const secret = options.secret ?? DEFAULT_SECRET;
  const host = options.host ?? '127.0.0.1';
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new TypeError('maxRetries must be a whole number >= 0');
  if (options.webhookUrl !== undefined && !/^https?:\/\//.test(options.webhookUrl)) {
    throw new TypeError('webhookUrl must be an http(s) URL');
  }
  const state = new SandboxState(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS, options.now);
  const counters = new Counters();
  const faults = new FaultInjector(Object.keys(v0Routes));
  if (options.faults) faults.configure(options.faults);
  const webhooks =
    options.webhookUrl === undefined
      ? undefined
      : new WebhookSender(
          {
            url: options.webhookUrl,
            secret: options.webhookSecret ?? secret,
            ...(options.webhookRetryDelaysMs && { retryDelaysMs: options.webhookRetryDelaysMs }),
          },
          counters,
        );
  const shutdown = new AbortController();
  const services: SandboxServices = {
    state,
    secret,
    counters,
    faults,
    maxRetries,
    dashboardBase: '',
    ...(webhooks && { webhooks }),
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, services, shutdown.signal);
  };
  const {
    server,
    port,
    certPath: ca,
  } = await listenLocally(handler, {
    host,
    port: options.port ?? 0,
    ...(options.tls && { certificateHosts: host === '127.0.0.1' ? [] : [host] }),
  });
  const urlHost = options.tls && host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  services.dashboardBase = `${url}/_sandbox/dashboard`;
  return {
    url,
    ...(ca !== undefined && { ca }),
    secret,
    state,
    counters,
    faults,
    webhooksIdle: () => webhooks?.idle() ?? Promise.resolve(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        webhooks?.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const UNMATCHED = '* unmatched';

async function handle(req: IncomingMessage, res: ServerResponse, sandbox: SandboxServices, shutdown: AbortSignal) {
  const requestId = newRequestId();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  try {
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname.replace(/\/+$/, '');
    const key = `${req.method} ${path}`;
    const route = routes[key];
    if (!route) {
      sandbox.counters.request(UNMATCHED);
      const known = Object.keys(routes).some((k) => k.endsWith(` ${path}`));
      throw known ? new SandboxError(405, 'method_not_allowed', `${req.method} is not allowed here`) : notFound();
    }
    const isV0 = Object.hasOwn(v0Routes, key);
    if (isV0) sandbox.counters.request(key);
    const fault = isV0 ? sandbox.faults.next(key) : undefined;
    if (fault) {
      sandbox.counters.fault();
      const handled = await applyFaultBefore(fault, req, shutdown);
      if (handled) return;
    }
    const reply = await route({ req, sandbox });
    if (isV0) sandbox.counters.processed(key);
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    write(res, reply);
  } catch (error) {
    const answer =
      error instanceof SandboxError ? error : new SandboxError(500, 'internal_error', 'the sandbox failed');
    // Log the kind only: an unexpected error's message could quote what the caller sent.
    if (!(error instanceof SandboxError) && !shutdown.aborted) {
      console.error(`[sandbox] unexpected ${(error as Error)?.name ?? 'error'} (request ${requestId})`);
    }
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    // A 413 is answered before the body is read whole; close so the client stops sending.
    if (answer.status === 413) res.setHeader('connection', 'close');
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    sendJson(res, answer.status, answer.toBody());
  }
}

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  if (reply.body === undefined) sendEmpty(res, reply.status);
  else sendJson(res, reply.status, reply.body);
}

/**
 * The part of a fault that happens before processing. Returns true when the request is finished
 * (dropped); throws the error answer for status faults; returns false to go on processing.
 */
async function applyFaultBefore(fault: Fault, req: IncomingMessage, shutdown: AbortSignal): Promise<boolean> {
  switch (fault.kind) {
    case 'drop':
      req.socket.destroy();
      return true;
    case 'stall':
      await sleep(fault.stallMs, undefined, { signal: shutdown });
      return false;
    case 'drop-after':
      return false;
    case '429':
      await drain(req);
      throw new SandboxError(
        429,
        'rate_limited',
        'too many requests (injected fault)',
        {},
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
    default:
      await drain(req);
      throw new SandboxError(
        Number(fault.kind),
        'injected_fault',
        `the sandbox answered ${fault.kind} (injected fault)`,
      );
  }
}

/** Reads and discards the body so the client sees the answer rather than a reset. */
async function drain(req: IncomingMessage): Promise<void> {
  await readBody(req).catch(() => undefined);
}
