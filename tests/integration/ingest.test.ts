import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as budgetRoute from '@/app/api/targets/[id]/budget/route';
import * as ingestRoute from '@/app/api/ingest/route';
import type { PoolReportPayload } from 'pg-lifeguard';
import { recordSample } from '@/lib/samples/record';
import { idParams, noParams, request, startTestApp } from '../support/app';
import { countsSample } from '@/tests/support/samples';

/** POST /api/ingest against a real store, and the budget it feeds (GET /api/targets/{id}/budget). */
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const rows = () => app.store.db.poolReport.count();

function report(instance: string, overrides: Partial<PoolReportPayload> = {}): PoolReportPayload {
  return {
    application: 'worksmart-web',
    instance,
    target: 'production',
    at: new Date().toISOString(),
    poolMax: 50,
    total: 20,
    idle: 5,
    waiting: 0,
    queries: 400,
    errors: 1,
    p50Ms: 4,
    p95Ms: 20,
    p99Ms: 80,
    ...overrides,
  };
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  ingestRoute.POST(request('/api/ingest', { method: 'POST', json: body, headers }), noParams);

/** Sets token variables for one test; the configuration is read again on the next request. */
async function withEnv(env: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const globals = globalThis as { lifeguardConfig?: unknown };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  delete globals.lifeguardConfig;
  try {
    await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    delete globals.lifeguardConfig;
  }
}

describe('POST /api/ingest', () => {
  it('stores a valid batch and answers 202; the same batch again is counted as duplicates', async () => {
    const before = await rows();
    const batch = { reports: [report('web-1'), report('web-2'), report('web-3', { target: undefined })] };
    const first = await post(batch);
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(await rows()).toBe(before + 3);
    const stored = await app.store.db.poolReport.findFirst({ where: { instance: 'web-3' } });
    expect(stored).toMatchObject({ application: 'worksmart-web', target: null, poolMax: 50, total: 20, idle: 5, queries: 400, errors: 1, p95Ms: 20 });

    const again = await post({ reports: [...batch.reports, report('web-4')] });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 3 });
    expect(await rows()).toBe(before + 4);
  });

  it('refuses a batch with one bad report, names it, and stores none of the batch', async () => {
    const before = await rows();
    const reports = [report('bad-1'), report('bad-2'), report('bad-3'), report('bad-4', { poolMax: -1 })];
    const response = await post({ reports });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'reports[3].poolMax: must be ≥ 0' });
    expect(await rows()).toBe(before);
  });

  it('answers 400 to a body that is not JSON, and 413 to one over 256 KiB', async () => {
    const broken = await ingestRoute.POST(request('/api/ingest', { method: 'POST', body: '{"reports":[' }), noParams);
    expect(broken.status).toBe(400);
    const before = await rows();
    const padding = 'x'.repeat(300 * 1024);
    const huge = await post({ reports: [report('huge', { application: padding })] });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'request body is larger than 262144 bytes' });
    expect(await rows()).toBe(before);
  });

  it('needs the ingest or the admin token once LIFEGUARD_INGEST_TOKEN is set', async () => {
    await withEnv({ LIFEGUARD_INGEST_TOKEN: 'ingest-secret', LIFEGUARD_ADMIN_TOKEN: 'admin-secret' }, async () => {
      const before = await rows();
      expect((await post({ reports: [report('auth-1')] })).status).toBe(401);
      expect((await post({ reports: [report('auth-1')] }, { authorization: 'Bearer wrong' })).status).toBe(401);
      expect(await rows()).toBe(before);
      expect((await post({ reports: [report('auth-1')] }, { authorization: 'Bearer ingest-secret' })).status).toBe(202);
      expect((await post({ reports: [report('auth-2')] }, { authorization: 'Bearer admin-secret' })).status).toBe(202);
      // The ingest token grants ingest only: known, but not allowed (403).
      const target = await app.store.db.target.create({ data: { name: 'token-check', url: 'postgres://u@127.0.0.1/db' } });
      const read = await budgetRoute.GET(request(`/api/targets/${target.id}/budget`, { headers: { authorization: 'Bearer ingest-secret' } }), idParams(target.id));
      expect(read.status).toBe(403);
    });
    await withEnv({ LIFEGUARD_INGEST_TOKEN: 'ingest-only' }, async () => {
      expect((await post({ reports: [report('auth-3')] })).status).toBe(401);
      expect((await post({ reports: [report('auth-3')] }, { authorization: 'Bearer ingest-only' })).status).toBe(202);
    });
  });
});

describe('GET /api/targets/{id}/budget', () => {
  it('spells out the over-commitment of 12 instances × pool max 50 against the latest sample', async () => {
    const target = await app.store.db.target.create({ data: { name: 'budget-db', url: 'postgres://u@127.0.0.1/db' } });
    await recordSample(app.store.db, countsSample({
      targetId: target.id,
      total: 60,
      states: { active: 10, idle: 50, idleInTransaction: 0, idleInTransactionAborted: 0 },
      applications: [
        { name: 'worksmart-web', clientAddr: '127.0.1.1', total: 30, active: 5, idle: 25, idleInTransaction: 0 },
        { name: 'worksmart-web', clientAddr: '127.0.1.2', total: 25, active: 5, idle: 20, idleInTransaction: 0 },
        { name: 'lifeguard', clientAddr: '127.0.0.1', total: 1, active: 1, idle: 0, idleInTransaction: 0 },
      ],
    }));
    const web = Array.from({ length: 12 }, (_, i) => report(`web-${i + 1}`, { target: 'budget-db', total: 4, idle: 1 }));
    // Reports about another target, and stale ones, do not count.
    const elsewhere = report('other-1', { target: 'staging' });
    const stale = report('web-13', { target: 'budget-db', at: new Date(Date.now() - 5 * 60_000).toISOString() });
    expect((await post({ reports: [...web, elsewhere, stale] })).status).toBe(202);

    const response = await budgetRoute.GET(request(`/api/targets/${target.id}/budget`), idParams(target.id));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      usable: 97,
      committed: 600,
      overCommitted: true,
      applications: [
        { application: 'worksmart-web', instances: 12, poolMax: 50, committed: 600, heldReported: 48, heldObserved: 55, explanation: '12 instances × pool max 50 = 600 > 97 usable' },
      ],
      explanation: 'worksmart-web: 12 instances × pool max 50 = 600 > 97 usable',
    });
  });

  it('answers 404 for an unknown target', async () => {
    const id = '00000000-0000-0000-0000-000000000000';
    expect((await budgetRoute.GET(request(`/api/targets/${id}/budget`), idParams(id))).status).toBe(404);
  });
});
