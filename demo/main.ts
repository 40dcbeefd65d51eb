import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { startDemo } from './server.js';

/**
 * `pnpm demo [--port N] [--host H] [--https] [--prod] [--json]`: serves the demo and prints its
 * URL. With `--json` the first stdout line is `{"url", "sandboxUrl", "lanUrls"}` for tools.
 */
const usage = `usage: pnpm demo [--port N] [--host H] [--https] [--prod] [--json]
  --port N   port to listen on (default 3000; 0 picks a free one)
  --host H   address to bind (default 127.0.0.1; 0.0.0.0 for phones on your network)
  --https    serve HTTPS with a generated certificate (phones need it for the camera)
  --prod     serve the built page from demo/dist (built first when missing; rebuild: pnpm demo:build)
  --json     print {"url","sandboxUrl","lanUrls"} as the first line instead of the banner`;

let values: { port?: string; host?: string; https?: boolean; prod?: boolean; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      https: { type: 'boolean' },
      prod: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  process.stderr.write(`demo: ${(error as Error).message}\n${usage}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
  process.stderr.write(`demo: --port must be a whole number from 0 to 65535\n${usage}\n`);
  process.exit(2);
}

const demo = await startDemo({
  ...(port !== undefined && { port }),
  ...(values.host && { host: values.host }),
  https: values.https === true,
  prod: values.prod === true,
});
if (values.json) {
  process.stdout.write(`${JSON.stringify({ url: demo.url, sandboxUrl: demo.sandboxUrl, lanUrls: demo.lanUrls })}\n`);
} else {
  const lines = [
    `berbix-capture demo running at ${demo.url}`,
    `Berbix: ${demo.sandboxUrl ? `embedded sandbox at ${demo.sandboxUrl} (no account needed)` : 'the real Berbix API'}`,
  ];
  if (demo.certificate) {
    lines.push(`HTTPS certificate (self-signed; accept it in the browser): ${demo.certificate}`);
  }
  const phoneUrl = demo.lanUrls[0];
  if (phoneUrl) {
    lines.push(`On your phone (same network): ${phoneUrl}`);
    if (!demo.certificate) lines.push('  (phones only allow the camera over HTTPS: add --https)');
    lines.push(await QRCode.toString(phoneUrl, { type: 'terminal', small: true }));
  }
  lines.push('Press Ctrl+C to stop.');
  process.stdout.write(`${lines.join('\n')}\n`);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void demo.close().then(() => process.exit(0));
  });
}
