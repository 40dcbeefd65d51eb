/**
 * The adapter alone in its own process, as an integrator would run it: Express, `berbixCapture`
 * on `/berbix`, talking to a sandbox (or Berbix) at `--api-host`. Used by the restart tests (which
 * SIGKILL it) and by `bench/load.ts` (which measures its RSS). Its first stdout line is
 * `{"url": "...", "pid": n}`; nothing prints before it. `onComplete` appends the transaction id to
 * `--completions FILE` (one line each, synchronously, so a line written is a call that happened).
 * `--timeout-ms N` is the per-attempt timeout of its Berbix client (the client's default is 30 s).
 *
 * With `--record-timings`, each image upload is timed inside this process (see {@link UploadTiming})
 * and `GET /__bench/timings` answers the uploads recorded since the last such call (and forgets
 * them). That is the adapter's own time per upload, measured where no queue at Berbix can reach it.
 *
 *     node --conditions=source --import tsx packages/adapter/bench/adapter-process.ts \
 *       --api-host URL --api-secret S --store memory|sqlite:PATH|redis:URL [--port N]
 *       [--completions FILE] [--lease-ms N] [--max-concurrent-uploads N] [--timeout-ms N]
 *       [--record-timings]
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BerbixClient } from '@berbix-capture/client';
import express from 'express';
import { berbixCapture, memoryStore, redisStore, type SessionStore, sqliteStore } from '../src/index.js';

/** The same secret as the in-process harness, so a restarted instance opens what the last one sealed. */
const SESSION_SECRET = 'adapter-test-secret-long-enough-for-sealing';

const { values } = parseArgs({
  options: {
    'api-host': { type: 'string' },
    'api-secret': { type: 'string' },
    store: { type: 'string', default: 'memory' },
    port: { type: 'string', default: '0' },
    completions: { type: 'string' },
    'lease-ms': { type: 'string' },
    'max-concurrent-uploads': { type: 'string' },
    'timeout-ms': { type: 'string' },
    'record-timings': { type: 'boolean', default: false },
  },
});

function openStore(spec: string): SessionStore {
  if (spec === 'memory') return memoryStore();
  if (spec.startsWith('sqlite:')) return sqliteStore({ path: spec.slice('sqlite:'.length) });
  if (spec.startsWith('redis:')) return redisStore({ url: spec.slice('redis:'.length) });
  throw new Error('--store must be memory, sqlite:PATH or redis:URL');
}

if (!values['api-host'] || !values['api-secret']) {
  process.stderr.write('usage: adapter-process.ts --api-host URL --api-secret S [--store ...]\n');
  process.exit(2);
}
const completionsFile = values.completions;

/**
 * One image upload as this process served it (`performance.now()` ms). `ownMs` is what the adapter
 * itself spent once the body had arrived: gate, lease and store writes, sealing, completion
 * bookkeeping, queueing on this event loop and the answer, i.e. `finished - bodyEnd` minus the time
 * inside the Berbix calls (measured around the client's `fetch`, from the call to the answer's
 * headers; every call made for the request counts, e.g. the transaction fetch that completes a
 * session after its back). `toBodyEndMs` is from the request's arrival to its last body byte read
 * (the session lookup and the body arriving over loopback: the extra hop).
 */
export interface UploadTiming {
  subject: string;
  status: number;
  totalMs: number;
  toBodyEndMs: number;
  upstreamMs: number;
  upstreamCalls: number;
  ownMs: number;
}
interface OpenTiming {
  upstreamMs: number;
  upstreamCalls: number;
}
const recordTimings = values['record-timings'];
const timings: UploadTiming[] = [];
const openTiming = new AsyncLocalStorage<OpenTiming>();
const timedFetch: typeof fetch = async (input, init) => {
  const open = openTiming.getStore();
  const start = performance.now();
  try {
    return await fetch(input, init);
  } finally {
    if (open) {
      open.upstreamMs += performance.now() - start;
      open.upstreamCalls++;
    }
  }
};

const app = express();
app.disable('x-powered-by');
if (recordTimings) {
  app.get('/__bench/timings', (_req, res) => {
    res.json(timings.splice(0));
  });
  app.use('/berbix/session/images', (req, res, next) => {
    if (req.method !== 'POST') return next();
    const arrived = performance.now();
    let bodyEnd = Number.NaN;
    const open: OpenTiming = { upstreamMs: 0, upstreamCalls: 0 };
    // An 'end' listener does not start the flow: it fires when the adapter has read the last byte.
    req.once('end', () => {
      bodyEnd = performance.now();
    });
    res.once('finish', () => {
      const finished = performance.now();
      timings.push({
        subject: req.path.slice(1),
        status: res.statusCode,
        totalMs: finished - arrived,
        toBodyEndMs: bodyEnd - arrived,
        upstreamMs: open.upstreamMs,
        upstreamCalls: open.upstreamCalls,
        ownMs: finished - bodyEnd - open.upstreamMs,
      });
    });
    openTiming.run(open, next);
  });
}
app.use(
  '/berbix',
  berbixCapture({
    client: new BerbixClient({
      apiSecret: values['api-secret'],
      apiHost: values['api-host'],
      ...(values['timeout-ms'] && { timeoutMs: Number(values['timeout-ms']) }),
      ...(recordTimings && { fetch: timedFetch }),
    }),
    store: openStore(values.store),
    secret: SESSION_SECRET,
    transaction: () => ({ customerUid: 'customer-42', templateKey: 'tpk_test' }),
    rateLimit: false,
    ...(values['lease-ms'] && { uploadLeaseMs: Number(values['lease-ms']) }),
    ...(values['max-concurrent-uploads'] && {
      limits: { maxConcurrentUploads: Number(values['max-concurrent-uploads']) },
    }),
    onComplete: (result) => {
      if (completionsFile)
        appendFileSync(completionsFile, `${result.transactionId}${result.redelivered ? ' redelivered' : ''}\n`);
    },
  }),
);
app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(500).json({ error: { code: 'internal_error', message: 'internal error', requestId: '' } });
});
const server = createServer(app);
server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/berbix`, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
