import type { Plugin, ViteDevServer } from 'vite';
import type { TestBackend } from './backend.js';

/**
 * Mounts the real adapter and sandbox (./backend.ts) on the Vitest browser server, so the element's
 * tests go through real HTTP, the real adapter and the real sandbox, same-origin like production.
 * The back end is loaded with Vite's SSR loader: workspace packages resolve to their source.
 */
export function berbixTestBackend(): Plugin {
  let backend: TestBackend | null = null;
  return {
    name: 'berbix-test-backend',
    apply: 'serve',
    async configureServer(server: ViteDevServer) {
      const module = (await server.ssrLoadModule(new URL('./backend.ts', import.meta.url).pathname)) as {
        startTestBackend: () => Promise<TestBackend>;
      };
      backend = await module.startTestBackend();
      const app = backend.app;
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/berbix/') || req.url === '/berbix' || req.url?.startsWith('/__berbix-test/')) {
          app(req as never, res as never, next);
          return;
        }
        next();
      });
      server.httpServer?.once('close', () => void backend?.close());
    },
  };
}
