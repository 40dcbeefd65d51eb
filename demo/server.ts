import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { berbixCapture } from '@berbix-capture/adapter';
import { BerbixClient } from '@berbix-capture/client';
import { type RunningSandbox, startSandbox } from '@berbix-capture/sandbox';
import express from 'express';
import { createServer as createViteServer, defaultClientConditions, type ViteDevServer } from 'vite';

export interface DemoOptions {
  port?: number;
  host?: string;
  /** Environment to read Berbix settings from; the sandbox is used unless a secret is set. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningDemo {
  url: string;
  /** The embedded sandbox's URL, or null when the demo talks to the real Berbix. */
  sandboxUrl: string | null;
  close(): Promise<void>;
}

const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));

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
  const vite: ViteDevServer = await createViteServer({
    configFile: false,
    root: DEMO_ROOT,
    appType: 'spa',
    logLevel: 'warn',
    resolve: { conditions: ['source', ...defaultClientConditions] },
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  app.use(vite.middlewares);

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
      await vite.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await sandbox?.close();
    },
  };
}
