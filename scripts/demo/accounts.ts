import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The demo's accounts: an admin created by Lifeguard at start-up (LIFEGUARD_ADMIN_EMAIL/PASSWORD),
 * and a viewer and a responder (Ada, who may stop sessions) the demo adds through the API once
 * Lifeguard is healthy. Passwords (and the fleet's
 * ingest token) are generated once and kept in the demo's data dir (mode 600), so a rerun signs in
 * with the same ones. The printed link pre-fills the viewer's email: one password to paste.
 */
export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
export const DEMO_VIEWER_EMAIL = 'viewer@demo.local';
export const DEMO_RESPONDER_EMAIL = 'responder@demo.local';

export interface DemoAccounts {
  adminPassword: string;
  viewerPassword: string;
  responderPassword: string;
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
  return {
    adminPassword: kept(dir, 'admin-password'),
    viewerPassword: kept(dir, 'viewer-password'),
    responderPassword: kept(dir, 'responder-password'),
    ingestToken: kept(dir, 'ingest-token'),
  };
}

/** The admin's session cookie, for the demo's own set-up calls. */
async function signInAsAdmin(baseUrl: string, accounts: DemoAccounts): Promise<string> {
  const session = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: accounts.adminPassword }),
  });
  if (!session.ok) throw new Error(`demo admin sign-in failed: ${session.status} ${await session.text()}`);
  return (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Signs in as the admin and adds the viewer and the responder (already there on a rerun: fine). */
export async function createDemoUsers(baseUrl: string, accounts: DemoAccounts): Promise<void> {
  const cookie = await signInAsAdmin(baseUrl, accounts);
  const users = [
    { email: DEMO_VIEWER_EMAIL, displayName: 'Demo viewer', role: 'viewer', password: accounts.viewerPassword },
    { email: DEMO_RESPONDER_EMAIL, displayName: 'Ada', role: 'responder', password: accounts.responderPassword },
  ];
  for (const user of users) {
    const created = await fetch(`${baseUrl}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(user) });
    if (!created.ok && created.status !== 409) throw new Error(`creating the demo ${user.role} failed: ${created.status} ${await created.text()}`);
  }
}

/**
 * Lets responders stop sessions on the demo's target (off by default on every target), so
 * "terminate the idle sessions of worksmart-web" can be tried during the flood.
 */
export async function allowDemoRemediation(baseUrl: string, accounts: DemoAccounts, targetName: string): Promise<void> {
  const cookie = await signInAsAdmin(baseUrl, accounts);
  const listed = await fetch(`${baseUrl}/api/targets`, { headers: { cookie } });
  if (!listed.ok) throw new Error(`listing targets failed: ${listed.status} ${await listed.text()}`);
  const target = ((await listed.json()) as { id: string; name: string }[]).find((t) => t.name === targetName);
  if (!target) throw new Error(`no target named ${targetName}`);
  const patched = await fetch(`${baseUrl}/api/targets/${target.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ allowRemediation: true }),
  });
  if (!patched.ok) throw new Error(`allowing remediation on ${targetName} failed: ${patched.status} ${await patched.text()}`);
}

export function accountLines(port: number, accounts: DemoAccounts): string[] {
  return [
    `  Sign in (viewer):     http://localhost:${port}/signin?email=${DEMO_VIEWER_EMAIL}`,
    `                        ${DEMO_VIEWER_EMAIL} / ${accounts.viewerPassword}`,
    `  Responder (may stop sessions): ${DEMO_RESPONDER_EMAIL} / ${accounts.responderPassword}`,
    `  Admin:                ${DEMO_ADMIN_EMAIL} / ${accounts.adminPassword}`,
  ];
}
