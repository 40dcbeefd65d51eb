import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FAKE_CAMERA_Y4M, GENERATED_DIR } from './fixtures/paths.js';
import { quadrantCard, writeY4m } from './fixtures/y4m.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Reads the demo's first stdout line (`--json`): where it serves and where its sandbox is. */
function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited with ${code} before printing its URL`));
    });
  });
}

/**
 * Generates the fake camera's video, then starts the real demo server (page, adapter, sandbox) in
 * its own process, as a person would with `pnpm demo`.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  writeY4m(FAKE_CAMERA_Y4M, quadrantCard());

  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'demo/main.ts', '--port', '0', '--json'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const info = JSON.parse(await firstLine(child, 60_000)) as { url: string; sandboxUrl: string };
  process.env.DEMO_URL = info.url;
  process.env.SANDBOX_URL = info.sandboxUrl;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
