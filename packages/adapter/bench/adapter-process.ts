/**
 * The adapter alone in its own process, as an integrator would run it: Express, `berbixCapture`
 * on `/berbix`, talking to a sandbox (or Berbix) at `--api-host`. Used by the restart tests (which
 * SIGKILL it) and by `bench/load.ts` (which measures its RSS). Its first stdout line is
 * `{"url": "...", "pid": n}`; nothing prints before it. `onComplete` appends the transaction id to
 * `--completions FILE` (one line each, synchronously, so a line written is a call that happened).
 *
 *     node --conditions=source --import tsx packages/adapter/bench/adapter-process.ts \
 *       --api-host URL --api-secret S --store memory|sqlite:PATH|redis:URL [--port N]
 *       [--completions FILE] [--lease-ms N] [--max-concurrent-uploads N]
 */
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { BerbixClient } from '@berbix-capture/client';
import express from 'express';
import { berbixCapture, memoryStore, redisStore, sqliteStore, type TokenStore } from '../src/index.js';

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
  },
});

function openStore(spec: string): TokenStore {
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
const app = express();
app.disable('x-powered-by');
app.use(
  '/berbix',
  berbixCapture({
    client: new BerbixClient({ apiSecret: values['api-secret'], apiHost: values['api-host'] }),
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
