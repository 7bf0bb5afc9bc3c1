import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as targetsRoute from '@/app/api/targets/route';
import * as targetRoute from '@/app/api/targets/[id]/route';
import * as seriesRoute from '@/app/api/targets/[id]/series/route';
import * as snapshotRoute from '@/app/api/targets/[id]/snapshot/route';
import { revealSecret } from '@/lib/secrets/key';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const countTargets = () => app.store.db.target.count();

describe('targets API', () => {
  it('creates a target, lists it without its password, fetches and deletes it', async () => {
    const created = await targetsRoute.POST(request('/api/targets', { method: 'POST', json: { name: 'orders-db', url: 'postgres://app:hunter2@127.0.0.1:5432/orders', intervalMs: 500 } }), noParams);
    expect(created.status).toBe(201);
    const target = (await created.json()) as { id: string; url: string; intervalMs: number };
    expect(target.url).toBe('postgres://app@127.0.0.1:5432/orders');
    expect(target.intervalMs).toBe(500);

    const list = await (await targetsRoute.GET(request('/api/targets'), noParams)).text();
    expect(list).toContain('orders-db');
    expect(list).not.toContain('hunter2');

    const one = await targetRoute.GET(request(`/api/targets/${target.id}`), idParams(target.id));
    expect(one.status).toBe(200);
    expect(await one.text()).not.toContain('hunter2');

    expect((await targetRoute.DELETE(request(`/api/targets/${target.id}`, { method: 'DELETE' }), idParams(target.id))).status).toBe(204);
    expect((await targetRoute.GET(request(`/api/targets/${target.id}`), idParams(target.id))).status).toBe(404);
  });

  it.each([
    [{ url: 'postgres://a@h/db' }, /name/],
    [{ name: 'x', url: 'https://example.com' }, /url must be a PostgreSQL connection URL/],
    [{ name: 'x', url: 'postgres://a@h/db', intervalMs: -1 }, /intervalMs must be at least 250/],
    [{ name: 'x', url: 'postgres://a@h/db', intervalMs: 'fast' }, /intervalMs/],
    ['not an object', /expected object/i],
  ])('answers 400 to %o, says what is wrong and creates nothing', async (body, message) => {
    const before = await countTargets();
    const response = await targetsRoute.POST(request('/api/targets', { method: 'POST', json: body }), noParams);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect(await countTargets()).toBe(before);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const response = await targetsRoute.POST(request('/api/targets', { method: 'POST', body: '{"name":' }), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'request body must be JSON' });
  });

  it('answers 409 to a duplicate name and keeps the first', async () => {
    const body = { name: 'dup', url: 'postgres://a@127.0.0.1/one' };
    expect((await targetsRoute.POST(request('/api/targets', { method: 'POST', json: body }), noParams)).status).toBe(201);
    const second = await targetsRoute.POST(request('/api/targets', { method: 'POST', json: { ...body, url: 'postgres://a@127.0.0.1/two' } }), noParams);
    expect(second.status).toBe(409);
    const kept = await app.store.db.target.findMany({ where: { name: 'dup' } });
    expect(kept.map((row) => revealSecret(row.url))).toEqual(['postgres://a@127.0.0.1/one']);
  });

  it('answers 404 for unknown or malformed ids on every target route', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      expect((await targetRoute.GET(request(`/api/targets/${id}`), idParams(id))).status).toBe(404);
      expect((await targetRoute.DELETE(request(`/api/targets/${id}`, { method: 'DELETE' }), idParams(id))).status).toBe(404);
      expect((await snapshotRoute.GET(request(`/api/targets/${id}/snapshot`), idParams(id))).status).toBe(404);
      expect((await seriesRoute.GET(request(`/api/targets/${id}/series?metric=total`), idParams(id))).status).toBe(404);
    }
  });
});

describe('series API', () => {
  it('answers several metrics in one table, one metric in the single-series shape, and 400 naming unknown metrics', async () => {
    const target = await app.store.db.target.create({ data: { name: 'series-db', url: 'postgres://u@127.0.0.1/db' } });
    const at = Math.floor(Date.now() / 1000) * 1000 - 10_000;
    await app.store.db.sample.createMany({
      data: [
        { targetId: target.id, at: new Date(at), total: 5, active: 2, idle: 3, probeLatencyMs: 1.5 },
        { targetId: target.id, at: new Date(at + 1000), total: 7, active: 4, idle: 3, probeLatencyMs: 2.5 },
      ],
    });
    const range = `from=${at}&to=${at + 2000}&points=2`;
    const get = (query: string) => seriesRoute.GET(request(`/api/targets/${target.id}/series?${query}`), idParams(target.id));

    const table = await get(`metric=total,active,probeLatencyMs&${range}`);
    expect(table.status).toBe(200);
    expect(await table.json()).toEqual({
      metrics: ['total', 'active', 'probeLatencyMs'],
      from: at,
      to: at + 2000,
      stepMs: 1000,
      source: 'raw',
      rows: [
        [at, 5, 2, 1.5],
        [at + 1000, 7, 4, 2.5],
      ],
    });
    const repeated = await (await get(`metric=total&metric=active&${range}`)).json();
    expect(repeated).toMatchObject({ metrics: ['total', 'active'], rows: [[at, 5, 2], [at + 1000, 7, 4]] });

    expect(await (await get(`metric=total&${range}`)).json()).toEqual({ metric: 'total', from: at, to: at + 2000, stepMs: 1000, source: 'raw', points: [[at, 5], [at + 1000, 7]] });

    const bad = await get(`metric=total,password,secret&${range}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('unknown metric password, secret');
  });
});

describe('bearer token', () => {
  it('refuses calls without the admin token once LIFEGUARD_ADMIN_TOKEN is set, and accepts it', async () => {
    const globals = globalThis as { lifeguardConfig?: unknown };
    const saved = process.env.LIFEGUARD_ADMIN_TOKEN;
    process.env.LIFEGUARD_ADMIN_TOKEN = 'tok-123';
    delete globals.lifeguardConfig;
    try {
      const before = await countTargets();
      const anonymous = await targetsRoute.POST(request('/api/targets', { method: 'POST', json: { name: 'sneaky', url: 'postgres://a@h/db' } }), noParams);
      expect(anonymous.status).toBe(401);
      expect((await targetsRoute.GET(request('/api/targets', { headers: { authorization: 'Bearer wrong' } }), noParams)).status).toBe(401);
      expect(await countTargets()).toBe(before);
      expect((await targetsRoute.GET(request('/api/targets', { headers: { authorization: 'Bearer tok-123' } }), noParams)).status).toBe(200);
    } finally {
      process.env.LIFEGUARD_ADMIN_TOKEN = saved;
      delete globals.lifeguardConfig;
    }
  });
});

describe('browser sign-in', () => {
  it('sets an http-only cookie for the right token that then authorises API calls, and refuses a wrong one', async () => {
    const sessionRoute = await import('@/app/api/session/route');
    const globals = globalThis as { lifeguardConfig?: unknown };
    const saved = process.env.LIFEGUARD_ADMIN_TOKEN;
    process.env.LIFEGUARD_ADMIN_TOKEN = 'tok-456';
    delete globals.lifeguardConfig;
    try {
      const wrong = await sessionRoute.POST(request('/api/session', { method: 'POST', json: { token: 'nope' } }), noParams);
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      expect((await sessionRoute.POST(request('/api/session', { method: 'POST', json: {} }), noParams)).status).toBe(400);

      const right = await sessionRoute.POST(request('/api/session', { method: 'POST', json: { token: 'tok-456' } }), noParams);
      expect(right.status).toBe(200);
      const cookie = right.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const pair = cookie.split(';')[0] ?? '';
      expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie: pair } }), noParams)).status).toBe(200);
      expect((await targetsRoute.GET(request('/api/targets', { headers: { cookie: 'lifeguard_token=tok-999' } }), noParams)).status).toBe(401);
    } finally {
      process.env.LIFEGUARD_ADMIN_TOKEN = saved;
      delete globals.lifeguardConfig;
    }
  });
});
