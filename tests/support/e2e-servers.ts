/**
 * The two Lifeguards the end-to-end tests run against (playwright.config.ts starts both from the
 * same production build, each with a fresh embedded store):
 *  - open: no account and no token, local use as on a laptop; most specs use it (the baseURL);
 *  - accounts: a first admin configured at start-up, so every page and API call needs a sign-in,
 *    as in a shared deployment.
 */
// E2E_PORT moves both servers (to port and port + 1), so two checkouts on one machine can run the
// suite at once without one testing the other's server.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);

export const OPEN_SERVER = { port: BASE_PORT, dataDir: '.lifeguard-e2e' } as const;

export const ACCOUNTS_SERVER = {
  port: BASE_PORT + 1,
  dataDir: '.lifeguard-e2e-accounts',
  adminEmail: 'admin@e2e.local',
  adminPassword: 'e2e correct horse battery',
} as const;

export const serverUrl = (server: { port: number }) => `http://127.0.0.1:${server.port}`;
