import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@berbix-capture/testing/chromium';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The decoder's browser tests alone, same settings as the root `browser` project, for working on
 * the decoder without the element's test backend: `npx vitest run -c packages/capture/bench/vitest.decoder.config.ts`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  // The shared PDF417 test images live beside the repository.
  server: {
    fs: {
      allow: [
        fileURLToPath(new URL('../../..', import.meta.url)),
        fileURLToPath(new URL('../../../../shared', import.meta.url)),
      ],
    },
  },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  test: {
    name: 'decoder',
    include: ['packages/capture/src/decoder/**/*.test.ts'],
    testTimeout: 20_000,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
