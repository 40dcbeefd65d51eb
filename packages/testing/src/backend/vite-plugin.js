// Plain JavaScript: the root Vite config imports it, and Vite hands a config's package imports to
// Node unbundled, which cannot load TypeScript (types: vite-plugin.d.ts).
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BACKEND_MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const PREFIXES = ['/berbix/', '/__berbix-test/'];

/** Starts the back end process and resolves with its port; fails clearly if it does not come up. */
/** @returns {Promise<{ child: import('node:child_process').ChildProcess; port: number }>} */
function startBackend() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', BACKEND_MAIN], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the capture test back end did not start within 30 s'));
    }, 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the capture test back end exited with code ${code}`));
    });
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, port: JSON.parse(line).port });
    });
  });
}

/**
 * Mounts the real adapter and sandbox (./backend.ts, in their own Node process) on the Vitest
 * browser server by proxying `/berbix/*` and `/__berbix-test/*` to them, so the element's tests go
 * through real HTTP, the real adapter and the real sandbox, same-origin like production. The Host
 * header passes through unchanged, so the adapter's origin check and cookies see the page's origin.
 */
/** @returns {import('vite').Plugin} */
export function berbixTestBackend() {
  return {
    name: 'berbix-test-backend',
    apply: 'serve',
    async configureServer(server) {
      /** @type {ReturnType<typeof startBackend> | null} */
      let backend = null;
      const ensure = () => {
        backend ??= startBackend();
        return backend;
      };
      server.middlewares.use((req, res, next) => {
        if (!PREFIXES.some((prefix) => req.url?.startsWith(prefix) || req.url === prefix.slice(0, -1))) return next();
        ensure().then(
          ({ port }) => {
            const upstream = request(
              { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
              (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
              },
            );
            // A connection the back end dropped reaches the browser as a network failure: an answer
            // cut off mid-body (a bare reset would be resent silently by Chromium on a reused socket).
            upstream.on('error', () => {
              if (res.headersSent) return void res.destroy();
              res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
              // Destroy only once the partial answer is on the wire; destroy() drops unflushed writes.
              res.write('{', () => res.destroy());
            });
            req.pipe(upstream);
          },
          (error) => next(error),
        );
      });
      server.httpServer?.once('close', () => {
        void backend?.then(({ child }) => child.kill('SIGTERM')).catch(() => {});
      });
    },
  };
}
