import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { build, createServer as createViteServer, defaultClientConditions, type InlineConfig } from 'vite';

/** The demo page's sources, and where `--prod` builds them to. */
export const PAGE_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const BUILD_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

const viteConfig: InlineConfig = {
  configFile: false,
  root: PAGE_ROOT,
  logLevel: 'warn',
  // Workspace packages are read from source: the demo always shows the code as it is now.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: BUILD_DIR, emptyOutDir: true, sourcemap: true },
};

/** Serves the page through Vite's dev middleware (on-demand compilation, hot reload). */
export async function attachDevPages(app: Express, httpServer: Server): Promise<() => Promise<void>> {
  const vite = await createViteServer({
    ...viteConfig,
    appType: 'spa',
    server: { middlewareMode: true, hmr: { server: httpServer } },
  });
  app.use(vite.middlewares);
  return () => vite.close();
}

/** Builds the page into demo/dist (minified, hashed assets), as a host would serve it. */
export async function buildPages(): Promise<void> {
  await build(viteConfig);
}

/** Serves the built page; builds it first when there is no build yet. */
export async function attachBuiltPages(app: Express): Promise<() => Promise<void>> {
  if (!existsSync(`${BUILD_DIR}index.html`)) await buildPages();
  // Hashed assets can be cached for good; the page itself must always be revalidated.
  app.use('/assets', express.static(`${BUILD_DIR}assets`, { immutable: true, maxAge: '1y' }));
  app.use(express.static(BUILD_DIR, { index: 'index.html', maxAge: 0 }));
  return async () => {};
}
