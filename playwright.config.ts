import { defineConfig } from '@playwright/test';
import { cameraLaunch } from './e2e/fixtures/chromium.js';

/**
 * End-to-end tests in Debian's Chromium (browser downloads are impossible here) with Chromium's
 * own fake camera playing Y4M files that the global setup generates, against one real demo server
 * (page, adapter, embedded sandbox). Specs that need another camera scene set `launchOptions`.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  outputDir: './test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: '.tmp/reports/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: cameraLaunch('quadrants'),
  },
  projects: [{ name: 'chromium' }],
});
