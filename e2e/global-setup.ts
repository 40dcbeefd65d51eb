import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { InputManifest } from './fixtures/cards.js';
import { FAKE_CAMERA_Y4M, GENERATED_DIR, MANIFEST, SCREENSHOT_DIR } from './fixtures/paths.js';
import { ServerLog } from './fixtures/server-log.js';
import { quadrantCard, writeY4m } from './fixtures/y4m.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** How workspace packages run from their TypeScript source (as `pnpm demo` does). */
const FROM_SOURCE = ['--conditions=source', '--import', 'tsx'];

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
 * Generates the fake camera's videos and the upload photos (in a child process that resolves the
 * workspace packages from source), builds the demo page, then starts the real demo server (page,
 * adapter, sandbox) in its own process, as `pnpm demo --prod` would. One demo serves every spec.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  writeY4m(FAKE_CAMERA_Y4M, quadrantCard());
  execFileSync(process.execPath, [...FROM_SOURCE, 'e2e/fixtures/cards.ts'], { cwd: ROOT, stdio: 'inherit' });

  // The page is built from the current sources and served as built (`--prod`): a file edited while
  // the suite runs (a shared working tree) cannot hot-reload the page in the middle of a flow.
  execFileSync(process.execPath, [...FROM_SOURCE, 'demo/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  const child = spawn(process.execPath, [...FROM_SOURCE, 'demo/main.ts', '--prod', '--port', '0', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBUG: 'berbix-capture:*', DEBUG_COLORS: '0' },
  });
  const log = new ServerLog(`${GENERATED_DIR}demo.log`);
  log.follow(child.stderr as Readable);
  const info = JSON.parse(await firstLine(child, 60_000)) as { url: string; sandboxUrl: string };
  log.follow(child.stdout as Readable);
  process.env.DEMO_URL = info.url;
  process.env.SANDBOX_URL = info.sandboxUrl;
  return async () => {
    const { payloads } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as InputManifest;
    try {
      await log.assertClean(Object.values(payloads));
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  };
}
