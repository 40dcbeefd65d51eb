import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { berbixCapture } from '@berbix-capture/adapter';
import { BerbixClient } from '@berbix-capture/client';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import express from 'express';
import { attachBuiltPages, attachDevPages } from './pages.js';

export interface DemoOptions {
  port?: number;
  host?: string;
  /** Serve the built page (demo/dist, built when missing) instead of Vite's dev middleware. */
  prod?: boolean;
  /** Environment to read Berbix settings from; the sandbox is used unless a secret is set. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningDemo {
  url: string;
  /** The embedded sandbox's URL, or null when the demo talks to the real Berbix. */
  sandboxUrl: string | null;
  close(): Promise<void>;
}

/**
 * One Node process: the page (through Vite), the adapter at `/berbix`, and the sandbox as Berbix
 * unless `BERBIX_API_SECRET` and `BERBIX_TEMPLATE_KEY` point at the real one.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const env = options.env ?? process.env;
  const host = options.host ?? '127.0.0.1';
  const useRealBerbix = Boolean(env.BERBIX_API_SECRET && env.BERBIX_TEMPLATE_KEY);
  let sandbox: RunningSandbox | null = null;
  let client: BerbixClient;
  if (useRealBerbix) {
    client = BerbixClient.fromEnv(env);
  } else {
    sandbox = await startSandbox();
    client = new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url });
  }
  const templateKey = env.BERBIX_TEMPLATE_KEY ?? 'tpk_sandbox_demo';

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/berbix',
    berbixCapture({
      client,
      // A fresh secret per process: demo sessions do not need to outlive it.
      secret: env.DEMO_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
      // A real integration takes these from its own signed-in user.
      transaction: () => ({ customerUid: `demo-${randomUUID()}`, templateKey }),
    }),
  );

  const httpServer: Server = createServer(app);
  const closePages = options.prod ? await attachBuiltPages(app) : await attachDevPages(app, httpServer);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 3000, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${port}/`,
    sandboxUrl: sandbox?.url ?? null,
    async close() {
      await closePages();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await sandbox?.close();
    },
  };
}
