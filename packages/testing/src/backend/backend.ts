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
 * - `/__berbix-test/device/{name}/{path}` plays another device (a phone, or another desktop): it
 *   forwards to `{path}` (`/berbix/...` or `/__berbix-test/short/...`) from this server with that
 *   device's own cookie jar, since one browser page has one; `DELETE /__berbix-test/devices`
 *   forgets every jar.
 * - `PUT /__berbix-test/handoff-events?fail=1` makes the hand-off event stream answer 500 (`fail=0` undoes it).
 * - `/__berbix-test/short/berbix` is a second adapter whose hand-off links expire after
 *   `SHORT_HANDOFF_TTL_MS` (own cookie, same sandbox).
 * The scenario (a sandbox feature keyed on the customer uid) comes from the `berbix_test_scenario`
 * cookie, standing in for the integrator's own user lookup.
 */
import { randomBytes } from 'node:crypto';
import { berbixCapture } from '@berbix-capture/adapter';
import { BerbixClient } from '@berbix-capture/client';
import { type FaultConfig, startSandbox } from '@berbix-capture/sandbox';
import express, { type Express, type Request, type Response } from 'express';

/** Hand-off links of the second adapter expire this fast, for the expiry tests. */
export const SHORT_HANDOFF_TTL_MS = 2500;

/**
 * Every limit out of the way except by intent: the claim budget guards codes even with
 * `rateLimit: false`, and these tests claim many from one loopback address.
 */
const NO_LIMITS = {
  sessionsPerIp: 1e6,
  uploadsPerIp: 1e6,
  uploadsPerSession: 1e6,
  handoffOffersPerSession: 1e6,
  handoffClaimsPerIp: 1e6,
};

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
  // Test control: the hand-off event stream fails, so the element must fall back to polling.
  let failHandoffEvents = false;
  app.put('/__berbix-test/handoff-events', (req, res) => {
    failHandoffEvents = req.query.fail === '1';
    res.status(204).end();
  });
  app.use(
    ['/berbix/session/handoff/events', '/__berbix-test/short/berbix/session/handoff/events'],
    (_req, res, next) => {
      if (!failHandoffEvents) return next();
      res.status(500).json({ error: { code: 'internal_error', message: 'test: events fail', requestId: 'test' } });
    },
  );
  const adapterOptions = {
    // No client-side retries: a 503 injected at the sandbox reaches the browser, which must retry.
    client: new BerbixClient({ apiSecret: sandbox.secret, apiHost: sandbox.url, maxRetries: 0 }),
    secret: randomBytes(32).toString('base64url'),
    rateLimit: NO_LIMITS,
    transaction: (req: Request) => {
      const scenario = scenarioFrom(req.headers.cookie);
      return {
        customerUid: scenario ? `${scenario};t${++uid}` : `capture-test-${++uid}`,
        templateKey: 'tpk_capture_test',
      };
    },
  };
  app.use('/berbix', berbixCapture(adapterOptions));
  app.use(
    '/__berbix-test/short/berbix',
    berbixCapture({ ...adapterOptions, cookie: { name: 'berbix_short' }, handoffTtlMs: SHORT_HANDOFF_TTL_MS }),
  );
  const jars = new Map<string, Map<string, string>>();
  app.delete('/__berbix-test/devices', (_req, res) => {
    jars.clear();
    res.status(204).end();
  });
  app.use('/__berbix-test/device/:device', express.raw({ type: () => true, limit: '20mb' }), (req, res) => {
    void playDevice(jars, req, res).catch(() => res.status(502).end());
  });
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

/** Forwards one call as another device: its own cookies, no Origin (not a browser), the same adapter. */
async function playDevice(jars: Map<string, Map<string, string>>, req: Request, res: Response): Promise<void> {
  const path = req.url;
  if (!path.startsWith('/berbix/') && !path.startsWith('/__berbix-test/short/berbix/')) {
    res.status(404).end();
    return;
  }
  const device = String(req.params.device);
  const jar = jars.get(device) ?? new Map<string, string>();
  jars.set(device, jar);
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'x-berbix-barcode']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined;
  const answer = await fetch(`http://127.0.0.1:${req.socket.localPort}${path}`, {
    method: req.method,
    headers,
    ...(body && req.method !== 'GET' && req.method !== 'HEAD' && { body: body as unknown as BodyInit }),
  });
  for (const cookie of answer.headers.getSetCookie()) {
    const [pair = ''] = cookie.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (!name) continue;
    // A cleared cookie (empty value or an expiry in the past) leaves the jar.
    if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name);
    else jar.set(name, value);
  }
  res.status(answer.status);
  const type = answer.headers.get('content-type');
  if (type) res.setHeader('content-type', type);
  res.send(Buffer.from(await answer.arrayBuffer()));
}
