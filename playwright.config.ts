import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/support/chromium';
import { ACCOUNTS_SERVER, OPEN_SERVER, serverUrl } from './tests/support/e2e-servers';

const SERVER_ENV = { NEXT_MANUAL_SIG_HANDLE: '1', NEXT_TELEMETRY_DISABLED: '1' };

/**
 * End-to-end tests drive Debian's Chromium against the real production build, which starts
 * its own embedded store in a fresh data directory. Two servers (tests/support/e2e-servers.ts):
 * an open one, the default, and one with accounts. Playwright starts them in order, so the second
 * uses the build the first one made.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: serverUrl(OPEN_SERVER),
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      command: `rm -rf ${OPEN_SERVER.dataDir} && next build && exec next start -p ${OPEN_SERVER.port}`,
      url: `${serverUrl(OPEN_SERVER)}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { ...SERVER_ENV, LIFEGUARD_DATA_DIR: OPEN_SERVER.dataDir },
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      command: `rm -rf ${ACCOUNTS_SERVER.dataDir} && exec next start -p ${ACCOUNTS_SERVER.port}`,
      url: `${serverUrl(ACCOUNTS_SERVER)}/api/health`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        ...SERVER_ENV,
        LIFEGUARD_DATA_DIR: ACCOUNTS_SERVER.dataDir,
        LIFEGUARD_ADMIN_EMAIL: ACCOUNTS_SERVER.adminEmail,
        LIFEGUARD_ADMIN_PASSWORD: ACCOUNTS_SERVER.adminPassword,
      },
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
