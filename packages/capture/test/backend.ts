/**
 * The real back end for the element's browser tests: the sandbox (as Berbix) and the adapter on an
 * Express app, mounted on Vitest's browser server so the element talks to them same-origin, exactly
 * as an integrator's page would. Loaded through Vite's SSR loader so workspace packages resolve to
 * their TypeScript source.
 *
 * Test-only controls live under `/__berbix-test/` (never in the adapter itself):
 * - `PUT /__berbix-test/faults` forwards a fault script to the sandbox (`FaultConfig`);
 * - `PUT /__berbix-test/drop-next-upload?count=N` makes the next N image uploads lose their connection;
 * - `GET /__berbix-test/transactions` answers the count and the last transaction's step and id type.
 * The scenario (a sandbox feature keyed on the customer uid) comes from the `berbix_test_scenario`
 * cookie, standing in for the integrator's own user lookup.
 */
import { randomBytes } from 'node:crypto';
import { berbixCapture } from '@berbix-capture/adapter';
import { BerbixClient } from '@berbix-capture/client';
import { type FaultConfig, startSandbox } from '@berbix-capture/sandbox';
import express, { type Express } from 'express';

export interface TestBackend {
  app: Express;
  close(): Promise<void>;
}

function scenarioFrom(cookieHeader: string | undefined): string | null {
  const match = /(?:^|;\s*)berbix_test_scenario=([^;]+)/.exec(cookieHeader ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export async function startTestBackend(): Promise<TestBackend> {
  const sandbox = await startSandbox();
  let uid = 0;
  const app = express();
  app.disable('x-powered-by');
  // Test control: the next `count` image uploads lose their connection before any answer.
  let dropUploads = 0;
  app.put('/__berbix-test/drop-next-upload', (req, res) => {
    dropUploads = Math.min(5, Math.max(1, Number(req.query.count) || 1));
    res.status(204).end();
  });
  app.use('/berbix/session/images', (req, _res, next) => {
    if (dropUploads === 0 || req.method !== 'POST') return next();
    dropUploads--;
    // Read the whole body first: a reset mid-upload would be resent silently by Chromium.
    req.resume();
    req.on('end', () => req.socket.destroy());
  });
  app.use(
    '/berbix',
    berbixCapture({
      // No client-side retries: a 503 injected at the sandbox reaches the browser, which must retry.
      client: new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url, maxRetries: 0 }),
      secret: randomBytes(32).toString('base64url'),
      rateLimit: false,
      transaction: (req) => {
        const scenario = scenarioFrom(req.headers.cookie);
        return {
          customerUid: scenario ? `${scenario};t${++uid}` : `capture-test-${++uid}`,
          templateKey: 'tpk_capture_test',
        };
      },
    }),
  );
  app.put('/__berbix-test/faults', express.json(), (req, res) => {
    sandbox.faults.configure(req.body as FaultConfig);
    res.status(204).end();
  });
  app.delete('/__berbix-test/faults', (_req, res) => {
    sandbox.faults.configure({ rate: 0, script: [] });
    res.status(204).end();
  });
  app.get('/__berbix-test/transactions', (_req, res) => {
    const last = [...sandbox.state.transactions.values()].at(-1);
    res.json({
      count: sandbox.state.transactions.size,
      lastStep: last?.step ?? null,
      lastIdType: last?.idType ?? null,
    });
  });
  return { app, close: () => sandbox.close() };
}
