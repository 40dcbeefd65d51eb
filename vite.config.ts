import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { berbixTestBackend } from '@berbix-capture/testing/vite-backend';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * One Vite config for the workspace: Vitest's two projects (Node for the server packages, Chromium
 * for the element and the wrappers) and the demo's dev server.
 *
 * Workspace packages export their TypeScript source under the `source` condition, so tests and the
 * demo always run the code as it is now, never a stale `dist/`.
 */
const resolve = { conditions: ['source', ...defaultClientConditions] };

/** The capture flow's tests run in Node; everything else of the element runs in Chromium. */
const FLOW_TESTS = 'packages/capture/src/flow/**/*.test.ts';

export default defineConfig({
  resolve,
  ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/{protocol,client,adapter,sandbox,aamva,imaging}/src/**/*.test.ts',
            // The element's capture flow: a pure transition function and its controller, no DOM.
            FLOW_TESTS,
            'demo/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        // The element's tests talk same-origin to a real adapter + sandbox mounted on this server.
        plugins: [berbixTestBackend()],
        // The decoder tests read the shared PDF417 images beside the repository (commands.readFile).
        server: { fs: { allow: ['.', '../shared/pdf417'] } },
        test: {
          name: 'browser',
          include: ['packages/{capture,react,vue}/src/**/*.test.ts'],
          exclude: [FLOW_TESTS, '**/node_modules/**'],
          testTimeout: 20_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
