import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/fixtures/chromium.js';
import { FAKE_CAMERA_Y4M } from './e2e/fixtures/paths.js';

/**
 * End-to-end tests in Debian's Chromium (browser downloads are impossible here) with Chromium's
 * own fake camera playing a Y4M file that the global setup generates.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: '.tmp/reports/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${FAKE_CAMERA_Y4M}`],
    },
  },
  projects: [{ name: 'chromium' }],
});
