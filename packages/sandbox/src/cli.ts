#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_SECRET, DEFAULT_TOKEN_TTL_SECONDS, startSandbox } from './server.js';

/**
 * `berbix-sandbox [--port N] [--host H] [--tls] [--secret S] [--token-ttl SECONDS]
 * [--max-retries N] [--webhook-url URL] [--webhook-secret S] [--fault-rate R] [--fault-kinds K,...]`
 * (the package's `bin`; `pnpm -s sandbox -- …` in this repository).
 *
 * The first line on stdout is one JSON object `{"url": "...", "ca": "..."}`; other tools read it,
 * so nothing may print before it. Runs until SIGTERM or SIGINT.
 */
const usage = `usage: berbix-sandbox [--port N] [--host H] [--tls] [--secret S] [--token-ttl SECONDS] [--max-retries N]
                      [--webhook-url URL] [--webhook-secret S] [--fault-rate R] [--fault-kinds K,...]
  --port N              port to listen on (default 0: any free port)
  --host H              address to bind (default 127.0.0.1)
  --tls                 serve HTTPS with a self-signed certificate; its path is printed as "ca"
  --secret S            API secret clients must send (default ${DEFAULT_SECRET})
  --token-ttl SECONDS   lifetime of access and client tokens (default ${DEFAULT_TOKEN_TTL_SECONDS})
  --max-retries N       refused uploads of a step before it moves on with no issues (default ${DEFAULT_MAX_RETRIES})
  --webhook-url URL     POST a signed webhook there when a transaction finishes
  --webhook-secret S    key of the webhook signature (default: the API secret)
  --fault-rate R        fraction 0..1 of /v0 calls that get an injected fault (default 0)
  --fault-kinds K,...   kinds to draw from: ${FAULT_KINDS.join(',')} (default 500,503,429)`;

function fail(message: string): never {
  process.stderr.write(`berbix-sandbox: ${message}\n${usage}\n`);
  process.exit(2);
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    fail(`${flag} must be a whole number >= ${min}, got "${value}"`);
  return n;
}

// `pnpm sandbox -- --flag` passes the `--` through; drop it.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      tls: { type: 'boolean' },
      secret: { type: 'string' },
      'token-ttl': { type: 'string' },
      'max-retries': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'fault-rate': { type: 'string' },
      'fault-kinds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
const port = wholeNumber(text('port'), '--port', 0);
if (port !== undefined && port > 65535) fail('--port must be at most 65535');
const tokenTtlSeconds = wholeNumber(text('token-ttl'), '--token-ttl', 1);
const maxRetries = wholeNumber(text('max-retries'), '--max-retries', 0);
const webhookUrl = text('webhook-url');
if (webhookUrl !== undefined && !(URL.canParse(webhookUrl) && /^https?:\/\//.test(webhookUrl))) {
  fail('--webhook-url must be an http(s) URL');
}
const webhookSecret = text('webhook-secret');
if (webhookSecret === '') fail('--webhook-secret must not be empty');
const faultRateText = text('fault-rate');
const faultRate = faultRateText === undefined ? undefined : Number(faultRateText);
if (faultRate !== undefined && !(faultRateText?.trim() && faultRate >= 0 && faultRate <= 1)) {
  fail(`--fault-rate must be a number from 0 to 1, got "${faultRateText}"`);
}
const faultKinds = text('fault-kinds')
  ?.split(',')
  .map((kind) => kind.trim())
  .filter(Boolean);
for (const kind of faultKinds ?? []) {
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) fail(`--fault-kinds: unknown kind "${kind}"`);
}

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
try {
  sandbox = await startSandbox({
    ...(port !== undefined && { port }),
    ...(text('host') !== undefined && { host: text('host') as string }),
    tls: values.tls === true,
    ...(text('secret') !== undefined && { secret: text('secret') as string }),
    ...(tokenTtlSeconds !== undefined && { tokenTtlSeconds }),
    ...(maxRetries !== undefined && { maxRetries }),
    ...(webhookUrl !== undefined && { webhookUrl }),
    ...(webhookSecret !== undefined && { webhookSecret }),
    ...((faultRate !== undefined || faultKinds !== undefined) && {
      faults: {
        ...(faultRate !== undefined && { rate: faultRate }),
        ...(faultKinds !== undefined && { kinds: faultKinds as FaultKind[] }),
      },
    }),
  });
} catch (error) {
  fail(`could not start: ${(error as Error).message}`);
}
// Handlers go in before the URL is announced: whoever reads the first line may signal at once.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
process.stdout.write(`${JSON.stringify({ url: sandbox.url, ca: sandbox.ca ?? null })}\n`);
