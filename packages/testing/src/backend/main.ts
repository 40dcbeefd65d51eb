/**
 * Runs the test back end (./backend.ts) as its own Node process on 127.0.0.1, port 0, and prints
 * `{"port": N}` as its first line. Started by the Vitest browser server's plugin with
 * `--conditions=source --import tsx`, so workspace packages run from their TypeScript source.
 */
import type { AddressInfo } from 'node:net';
import { startTestBackend } from './backend.js';

const backend = await startTestBackend();
const server = backend.app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
const shutdown = () => {
  server.close();
  server.closeAllConnections();
  void backend.close().finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
// The parent going away (a killed test run) ends this process too.
process.stdin.on('end', shutdown);
process.stdin.resume();
