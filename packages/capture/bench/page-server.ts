/**
 * What both browser benchmarks need: their page built with Vite the way an integrator's build
 * would (the production analysers, workers and engines), and a loopback server for it and for the
 * images under test.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { build, defaultClientConditions } from 'vite';

/** Builds the page in `root` into a new temporary folder and returns it. */
export async function buildBenchPage(root: string, name: string): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `berbix-${name}-bench-`));
  await build({
    root,
    base: './',
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['source', ...defaultClientConditions] },
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 5000 },
    worker: { format: 'es' },
  });
  return outDir;
}

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

/**
 * Serves the built page in `root` on 127.0.0.1 and, under `/<route>/N`, the N-th of `files` (by
 * index, never by path, so nothing outside them can be asked for).
 */
export async function serveBenchPage(
  root: string,
  files: readonly string[],
  route: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const indexed = new RegExp(`^/${route}/(\\d+)$`);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file: string | null = null;
    const match = indexed.exec(path);
    if (match) file = files[Number(match[1])] ?? null;
    else {
      const candidate = resolve(root, `.${path === '/' ? '/index.html' : path}`);
      if (candidate.startsWith(root) && statSync(candidate, { throwIfNoEntry: false })?.isFile()) file = candidate;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(() => done())) };
}
