import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { notFound, SandboxError } from './errors.js';
import { newRequestId, REQUEST_ID_HEADER, sendJson } from './http.js';
import { routes } from './routes.js';
import { SandboxState } from './state.js';
import { createLocalhostCertificate } from './tls.js';

export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
  /** Serve HTTPS with a self-signed certificate generated at start. */
  tls?: boolean;
  /** The API secret clients authenticate with. */
  secret?: string;
  /** Lifetime of access and client tokens, in seconds. */
  tokenTtlSeconds?: number;
}

export interface RunningSandbox {
  /** Base URL, without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Path of the PEM certificate when serving TLS. */
  ca?: string;
  secret: string;
  state: SandboxState;
  close(): Promise<void>;
}

export const DEFAULT_SECRET = 'secret_test_sandbox';
export const DEFAULT_TOKEN_TTL_SECONDS = 900;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const secret = options.secret ?? DEFAULT_SECRET;
  const host = options.host ?? '127.0.0.1';
  const state = new SandboxState(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res, state, secret);
  };
  let server: Server;
  let ca: string | undefined;
  if (options.tls) {
    const certificate = await createLocalhostCertificate(host === '127.0.0.1' ? [] : [host]);
    ca = certificate.certPath;
    server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = options.tls && host === '127.0.0.1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    ...(ca !== undefined && { ca }),
    secret,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, state: SandboxState, secret: string) {
  const requestId = newRequestId();
  res.setHeader(REQUEST_ID_HEADER, requestId);
  try {
    const path = new URL(req.url ?? '/', 'http://sandbox.invalid').pathname.replace(/\/+$/, '');
    const route = routes[`${req.method} ${path}`];
    if (!route) {
      const known = Object.keys(routes).some((key) => key.endsWith(` ${path}`));
      throw known ? new SandboxError(405, 'method_not_allowed', `${req.method} is not allowed here`) : notFound();
    }
    await route({ req, res, state, secret });
  } catch (error) {
    const answer =
      error instanceof SandboxError ? error : new SandboxError(500, 'internal_error', 'the sandbox failed');
    if (!(error instanceof SandboxError)) console.error('[sandbox] unexpected error:', error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A 413 is answered before the body is read whole; close so the client stops sending.
    if (answer.status === 413) res.setHeader('connection', 'close');
    sendJson(res, answer.status, answer.toBody());
  }
}
