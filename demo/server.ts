import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { berbixCapture, berbixWebhook } from '@berbix-capture/adapter';
import { BerbixClient } from '@berbix-capture/client';
import { listenLocally, type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import createDebug from 'debug';
import express from 'express';
import { demoApi, demoTransaction } from './demo-api.js';
import { attachBuiltPages, attachDevPages } from './pages.js';

export interface DemoOptions {
  port?: number;
  host?: string;
  /** Serve HTTPS with a generated certificate (phones need a secure context for the camera). */
  https?: boolean;
  /** Serve the built page (demo/dist, built when missing) instead of Vite's dev middleware. */
  prod?: boolean;
  /** Environment to read Berbix settings from; the sandbox is used unless a secret is set. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningDemo {
  url: string;
  /** Addresses other devices on the network can open, when bound to all interfaces. */
  lanUrls: string[];
  /** The embedded sandbox's URL, or null when the demo talks to the real Berbix. */
  sandboxUrl: string | null;
  /** PEM certificate path when serving HTTPS. */
  certificate: string | null;
  close(): Promise<void>;
}

const log = createDebug('berbix-capture:demo');

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && address.family === 'IPv4' && !address.internal)
    .map((address) => address?.address as string);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page a hand-off link opens on the phone: the page that asked, when it is the demo's own, but
 * on the machine's LAN address when the desktop browses it as localhost (a phone cannot reach the
 * desktop's localhost). Without a LAN address (`--host` not 0.0.0.0) the link stays as it is.
 */
export function phoneReachablePage(referer: string | undefined, demoUrl: string, lan: readonly string[]): string {
  const own = new URL(demoUrl);
  let page = own;
  try {
    const asked = referer ? new URL(referer) : null;
    if (
      asked &&
      asked.port === own.port &&
      (asked.hostname === own.hostname || LOOPBACK_HOSTS.has(asked.hostname) || lan.includes(asked.hostname))
    ) {
      page = asked;
    }
  } catch {
    // An unreadable Referer: the demo's front page will do.
  }
  if (LOOPBACK_HOSTS.has(page.hostname) && lan[0]) page.hostname = lan[0];
  return page.href;
}

/**
 * One Node process: the page, the adapter at `/berbix`, the webhook endpoint, and the sandbox as
 * Berbix unless `BERBIX_API_SECRET` and `BERBIX_TEMPLATE_KEY` point at the real one.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const allInterfaces = host === '0.0.0.0' || host === '::';
  const lan = allInterfaces ? lanAddresses() : [];

  const app = express();
  app.disable('x-powered-by');
  const listener = await listenLocally(app, {
    host,
    port: options.port ?? 3000,
    // The certificate also names the LAN addresses a phone opens.
    ...(options.https && { certificateHosts: allInterfaces ? lan : host === '127.0.0.1' ? [] : [host] }),
  });
  const { server: httpServer, port } = listener;
  const certificate = listener.certPath ?? null;
  const scheme = options.https ? 'https' : 'http';
  const shownHost = host === '127.0.0.1' || allInterfaces ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `${scheme}://${shownHost}:${port}/`;

  const useRealBerbix = Boolean(env.BERBIX_API_SECRET && env.BERBIX_TEMPLATE_KEY);
  const webhookSecret = env.BERBIX_WEBHOOK_SECRET ?? randomBytes(24).toString('base64url');
  let sandbox: RunningSandbox | null = null;
  let client: BerbixClient;
  if (useRealBerbix) {
    client = BerbixClient.fromEnv(env);
  } else {
    // The sandbox calls the demo's own webhook endpoint on completion, as Berbix would.
    sandbox = await startSandbox({
      webhookUrl: `http://127.0.0.1:${port}/berbix-webhook`,
      webhookSecret,
    });
    client = new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url });
  }
  const state = { webhooks: 0, sandbox: sandbox !== null };

  const capture = berbixCapture({
    client,
    // A fresh secret per process: demo sessions do not need to outlive it.
    secret: env.DEMO_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    transaction: demoTransaction(env.BERBIX_TEMPLATE_KEY ?? 'tpk_sandbox_demo', sandbox !== null),
    onComplete: (result) => {
      // A real integration stores the result with its user; names never go to a log.
      log('transaction %s completed: %s', result.transactionId, result.transaction.action ?? 'no action');
    },
    // Several demo tabs restart sessions often; the defaults are for production traffic.
    rateLimit: false,
    handoffUrl: (req) => phoneReachablePage(req.get('referer'), url, lan),
  });
  app.use('/berbix', capture);
  app.post(
    '/berbix-webhook',
    express.raw({ type: '*/*', limit: '64kb' }),
    berbixWebhook({
      secret: webhookSecret,
      onEvent: () => {
        state.webhooks++;
      },
    }),
  );
  app.use('/demo', demoApi(capture, state));
  const closePages = options.prod ? await attachBuiltPages(app) : await attachDevPages(app, httpServer);

  return {
    url,
    lanUrls: lan.map((address) => `${scheme}://${address}:${port}/`),
    sandboxUrl: sandbox?.url ?? null,
    certificate,
    async close() {
      await closePages();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await sandbox?.close();
    },
  };
}
