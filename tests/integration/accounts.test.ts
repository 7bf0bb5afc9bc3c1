import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditRoute from '@/app/api/audit/route';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as sessionRoute from '@/app/api/session/route';
import * as targetsRoute from '@/app/api/targets/route';
import * as tokenRoute from '@/app/api/tokens/[id]/route';
import * as tokensRoute from '@/app/api/tokens/route';
import * as usersRoute from '@/app/api/users/route';
import * as userRoute from '@/app/api/users/[id]/route';
import { SESSION_CHECK_TTL_MS, sessionUser } from '@/lib/accounts/sessions';
import { revealSecret } from '@/lib/secrets/key';
import { encryptStoredTargetUrls } from '@/lib/targets/targets';
import { signedIn } from '../support/accounts';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
const ADMIN = { email: 'first@test.local', password: 'first admin password' };

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_ADMIN_EMAIL: ADMIN.email, LIFEGUARD_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(async () => {
  delete process.env.LIFEGUARD_ADMIN_EMAIL;
  delete process.env.LIFEGUARD_ADMIN_PASSWORD;
  await app?.stop();
});

const post = (path: string, json: unknown, cookie?: string) => request(path, { method: 'POST', json, headers: cookie ? { cookie } : {} });
const sessionCookie = (response: Response) => /lifeguard_session=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';

async function signIn(email: string, password: string, ip = '10.0.0.1'): Promise<Response> {
  return sessionRoute.POST(request('/api/session', { method: 'POST', json: { email, password }, headers: { 'x-forwarded-for': ip } }), noParams);
}

describe('accounts and sessions', () => {
  it('creates the first admin from the environment at start-up, and the API is closed from then on', async () => {
    expect((await targetsRoute.GET(request('/api/targets'), noParams)).status).toBe(401);
    const response = await signIn(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const me = await (await sessionRoute.GET(request('/api/session', { headers: { cookie: sessionCookie(response) } }), noParams)).json();
    expect(me).toMatchObject({ kind: 'user', user: { email: ADMIN.email, role: 'admin' } });
  });

  it('refuses a wrong password with one message, and stores only a hash of the session token', async () => {
    const wrong = await signIn(ADMIN.email, 'not the password', '10.0.0.2');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'wrong email or password' });
    expect(await (await signIn('nobody@test.local', 'whatever', '10.0.0.2')).json()).toEqual({ error: 'wrong email or password' });
    const token = sessionCookie(await signIn(ADMIN.email, ADMIN.password)).split('=')[1] ?? '';
    expect(await app.store.db.session.count({ where: { tokenHash: token } })).toBe(0);
  });

  it('signs out: the session stops working', async () => {
    const cookie = sessionCookie(await signIn(ADMIN.email, ADMIN.password));
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie } }), noParams)).status).toBe(200);
    expect((await sessionRoute.DELETE(request('/api/session', { method: 'DELETE', headers: { cookie } }), noParams)).status).toBe(204);
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie } }), noParams)).status).toBe(401);
  });

  it('expires sessions', async () => {
    const user = await signedIn(app.store.db, 'viewer');
    await app.store.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie: user.cookie } }), noParams)).status).toBe(401);
  });

  it('rate-limits sign-in: the 11th attempt in a minute gets 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('limited@test.local', 'x', '10.9.9.9')).status).toBe(401);
    const limited = await signIn('limited@test.local', 'x', '10.9.9.9');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets admins manage users; a disabled user or a reset password ends their sessions', async () => {
    const admin = await signedIn(app.store.db, 'admin');
    const created = await usersRoute.POST(post('/api/users', { email: 'Resp@Test.local', displayName: 'Rita', role: 'responder', password: 'responder password' }, admin.cookie), noParams);
    expect(created.status).toBe(201);
    const rita = (await created.json()) as { id: string; email: string };
    expect(rita.email).toBe('resp@test.local');
    expect(JSON.stringify(await (await usersRoute.GET(request('/api/users', { headers: { cookie: admin.cookie } }), noParams)).json())).not.toContain('scrypt');
    const cookie = sessionCookie(await signIn('resp@test.local', 'responder password'));
    const patch = (json: unknown) => userRoute.PATCH(request(`/api/users/${rita.id}`, { method: 'PATCH', json, headers: { cookie: admin.cookie } }), idParams(rita.id));
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie } }), noParams)).status).toBe(401);
    expect((await signIn('resp@test.local', 'responder password')).status).toBe(401);
    expect((await patch({ disabled: false, password: 'a brand new password' })).status).toBe(200);
    expect((await signIn('resp@test.local', 'a brand new password')).status).toBe(200);
  });

  it('records the signed-in user as the person acting, whatever `by` says', async () => {
    const responder = await signedIn(app.store.db, 'responder');
    const response = await incidentsRoute.POST(post('/api/incidents', { title: 'Pool flood', severity: 'SEV2', by: 'Somebody Else' }, responder.cookie), noParams);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ createdBy: 'responder person' });
    const noBy = await incidentsRoute.POST(post('/api/incidents', { title: 'No name', severity: 'SEV3' }, responder.cookie), noParams);
    expect(noBy.status).toBe(201);
  });
});

describe('session checks (one look-up serves a page\'s burst of requests)', () => {
  it('trusts a session it checked for SESSION_CHECK_TTL_MS, then asks the store again', async () => {
    const user = await signedIn(app.store.db, 'viewer');
    const token = user.cookie.split('=')[1]!;
    const checkedAt = Date.now();
    expect(await sessionUser(app.store.db, token, new Date(checkedAt))).toMatchObject({ id: user.id, role: 'viewer' });
    // Signed out on another replica: its row is gone, this replica has not heard yet.
    await app.store.db.session.deleteMany({ where: { userId: user.id } });
    expect(await sessionUser(app.store.db, token, new Date(checkedAt + SESSION_CHECK_TTL_MS - 1))).toMatchObject({ id: user.id });
    expect(await sessionUser(app.store.db, token, new Date(checkedAt + SESSION_CHECK_TTL_MS))).toBeNull();
  });

  it('a user demoted or disabled on this replica loses the rights at once, even with a session just used', async () => {
    const admin = await signedIn(app.store.db, 'admin');
    const user = await signedIn(app.store.db, 'responder');
    const declare = () => incidentsRoute.POST(post('/api/incidents', { title: 'Checked session', severity: 'SEV3' }, user.cookie), noParams);
    expect((await declare()).status).toBe(201);
    const patch = (json: unknown) => userRoute.PATCH(request(`/api/users/${user.id}`, { method: 'PATCH', json, headers: { cookie: admin.cookie } }), idParams(user.id));
    expect((await patch({ role: 'viewer' })).status).toBe(200);
    expect((await declare()).status).toBe(403);
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie: user.cookie } }), noParams)).status).toBe(200);
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie: user.cookie } }), noParams)).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, scoped, revocable, with last-used time', async () => {
    const admin = await signedIn(app.store.db, 'admin');
    const created = await tokensRoute.POST(post('/api/tokens', { name: 'grafana', scope: 'read' }, admin.cookie), noParams);
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect((await app.store.db.apiToken.findUniqueOrThrow({ where: { id } })).tokenHash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await targetsRoute.GET(request('/api/targets', { headers: bearer }), noParams)).status).toBe(200);
    expect((await targetsRoute.POST(request('/api/targets', { method: 'POST', json: { name: 'n', url: 'postgres://a@127.0.0.1/x' }, headers: bearer }), noParams)).status).toBe(403);
    const listed = await (await tokensRoute.GET(request('/api/tokens', { headers: { cookie: admin.cookie } }), noParams)).text();
    expect(listed).not.toContain(token);
    expect(JSON.parse(listed)).toContainEqual(expect.objectContaining({ id, name: 'grafana', scope: 'read', lastUsedAt: expect.any(String) }));
    expect((await tokenRoute.DELETE(request(`/api/tokens/${id}`, { method: 'DELETE', headers: { cookie: admin.cookie } }), idParams(id))).status).toBe(204);
    expect((await targetsRoute.GET(request('/api/targets', { headers: bearer }), noParams)).status).toBe(401);
  });
});

describe('secrets and audit', () => {
  it('keeps no plaintext password in the targets table, and audits the change without the secret', async () => {
    const admin = await signedIn(app.store.db, 'admin');
    const created = await targetsRoute.POST(post('/api/targets', { name: 'secret-db', url: 'postgres://app:hunter2@127.0.0.1:5432/orders' }, admin.cookie), noParams);
    expect(created.status).toBe(201);
    const raw = await app.store.db.$queryRaw<{ url: string }[]>`SELECT url FROM targets WHERE name = 'secret-db'`;
    expect(raw[0]?.url).toMatch(/^enc:v1:/);
    expect(raw[0]?.url).not.toContain('hunter2');
    const audit = await (await auditRoute.GET(request('/api/audit', { headers: { cookie: admin.cookie } }), noParams)).text();
    expect(audit).toContain('target.create');
    expect(audit).toContain('secret-db');
    expect(audit).not.toContain('hunter2');
    expect(audit).toContain('token.create');
    expect(audit).toContain('user.update');
  });

  it('encrypts plaintext URLs left from before, in place and only once', async () => {
    await app.store.db.target.create({ data: { name: 'legacy', url: 'postgres://old:s3cret@127.0.0.1/legacy' } });
    expect(await encryptStoredTargetUrls(app.store.db)).toBe(1);
    expect(await encryptStoredTargetUrls(app.store.db)).toBe(0);
    const row = await app.store.db.target.findUniqueOrThrow({ where: { name: 'legacy' } });
    expect(row.url).not.toContain('s3cret');
    expect(revealSecret(row.url)).toBe('postgres://old:s3cret@127.0.0.1/legacy');
  });
});
