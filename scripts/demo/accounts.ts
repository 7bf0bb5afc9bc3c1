import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo's accounts: an admin created by Lifeguard at start-up (LIFEGUARD_ADMIN_EMAIL/PASSWORD)
 * and a viewer the demo adds through the API once Lifeguard is healthy. Passwords (and the fleet's
 * ingest token) are generated once and kept in the demo's data dir (mode 600), so a rerun signs in
 * with the same ones. The printed link pre-fills the viewer's email: one password to paste.
 */
export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
export const DEMO_VIEWER_EMAIL = 'viewer@demo.local';

export interface DemoAccounts {
  adminPassword: string;
  viewerPassword: string;
  ingestToken: string;
}

function kept(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const value = randomBytes(12).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

export function demoAccounts(dataDir: string): DemoAccounts {
  const dir = path.join(dataDir, 'demo-accounts');
  return { adminPassword: kept(dir, 'admin-password'), viewerPassword: kept(dir, 'viewer-password'), ingestToken: kept(dir, 'ingest-token') };
}

/** Signs in as the admin and adds the viewer (already there on a rerun: fine). */
export async function createDemoViewer(baseUrl: string, accounts: DemoAccounts): Promise<void> {
  const session = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: accounts.adminPassword }),
  });
  if (!session.ok) throw new Error(`demo admin sign-in failed: ${session.status} ${await session.text()}`);
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const created = await fetch(`${baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ email: DEMO_VIEWER_EMAIL, displayName: 'Demo viewer', role: 'viewer', password: accounts.viewerPassword }),
  });
  if (!created.ok && created.status !== 409) throw new Error(`creating the demo viewer failed: ${created.status} ${await created.text()}`);
}

export function accountLines(port: number, accounts: DemoAccounts): string[] {
  return [
    `  Sign in (viewer):     http://localhost:${port}/signin?email=${DEMO_VIEWER_EMAIL}`,
    `                        ${DEMO_VIEWER_EMAIL} / ${accounts.viewerPassword}`,
    `  Admin:                ${DEMO_ADMIN_EMAIL} / ${accounts.adminPassword}`,
  ];
}
