import { parseArgs } from 'node:util';
import { DEFAULT_SECRET, DEFAULT_TOKEN_TTL_SECONDS, startSandbox } from './server.js';

/**
 * `pnpm -s sandbox -- [--port N] [--host H] [--tls] [--secret S] [--token-ttl SECONDS]`
 *
 * The first line on stdout is one JSON object `{"url": "...", "ca": "..."}`; other tools read it,
 * so nothing may print before it. Runs until SIGTERM or SIGINT.
 */
const usage = `usage: sandbox [--port N] [--host H] [--tls] [--secret S] [--token-ttl SECONDS]
  --port N             port to listen on (default 0: any free port)
  --host H             address to bind (default 127.0.0.1)
  --tls                serve HTTPS with a self-signed certificate; its path is printed as "ca"
  --secret S           API secret clients must send (default ${DEFAULT_SECRET})
  --token-ttl SECONDS  lifetime of access and client tokens (default ${DEFAULT_TOKEN_TTL_SECONDS})`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n${usage}\n`);
  process.exit(2);
}

function positiveInteger(value: string | undefined, flag: string, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) fail(`${flag} must be a whole number, got "${value}"`);
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
const port = positiveInteger(values.port as string | undefined, '--port', true);
if (port !== undefined && port > 65535) fail('--port must be at most 65535');
const tokenTtlSeconds = positiveInteger(values['token-ttl'] as string | undefined, '--token-ttl');

const sandbox = await startSandbox({
  ...(port !== undefined && { port }),
  ...(typeof values.host === 'string' && { host: values.host }),
  tls: values.tls === true,
  ...(typeof values.secret === 'string' && { secret: values.secret }),
  ...(tokenTtlSeconds !== undefined && { tokenTtlSeconds }),
});
process.stdout.write(`${JSON.stringify({ url: sandbox.url, ca: sandbox.ca ?? null })}\n`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
