import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/find-chromium.mjs';

// The Chromium `node scripts/preflight.mjs --test` found and printed (CHROMIUM_PATH, the system's, Chrome, or
// Playwright's own download); Debian's `apt-get install chromium` on the project's machines.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: findChromium().path,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
