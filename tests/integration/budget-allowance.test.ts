import type { PoolReportPayload } from 'pg-lifeguard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as allowanceRoute from '@/app/api/applications/[name]/allowance/route';
import * as checkRoute from '@/app/api/budget/check/route';
import * as ingestRoute from '@/app/api/ingest/route';
import * as budgetRoute from '@/app/api/targets/[id]/budget/route';
import { recordSample } from '@/lib/samples/record';
import { rowCounts, signedIn } from '../support/accounts';
import { idParams, noParams, request, startTestApp } from '../support/app';
import { countsSample } from '@/tests/support/samples';

/**
 * Allowances, the budget check and the budget policy through their route handlers, against a
 * real store holding the demo's fleet: production (100 max_connections, 97 usable), 6 ×
 * worksmart-web with pool max 50 and 2 × worksmart-worker with pool max 5.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
let targetId: string;
let viewer: string;

const INGEST = { authorization: 'Bearer ingest-secret' };

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_INGEST_TOKEN: 'ingest-secret' });
  viewer = (await signedIn(app.store.db, 'viewer')).cookie;
  const target = await app.store.db.target.create({ data: { name: 'production', url: 'postgres://u@127.0.0.1/db' } });
  targetId = target.id;
  await recordSample(app.store.db, countsSample({
    targetId,
    total: 20,
    states: { active: 2, idle: 18, idleInTransaction: 0, idleInTransactionAborted: 0 },
    applications: [{ name: 'worksmart-web', clientAddr: '127.0.1.1', total: 18, active: 2, idle: 16, idleInTransaction: 0 }],
  }));
  const reports = [
    ...Array.from({ length: 6 }, (_, i) => report('worksmart-web', `worksmart-web-${i + 1}`, 50, { guarded: true, allowance: 13 })),
    ...Array.from({ length: 2 }, (_, i) => report('worksmart-worker', `worksmart-worker-${i + 1}`, 5)),
  ];
  const stored = await ingestRoute.POST(request('/api/ingest', { method: 'POST', json: { reports }, headers: INGEST }), noParams);
  expect(stored.status).toBe(202);
});
afterAll(async () => {
  delete process.env.LIFEGUARD_INGEST_TOKEN;
  await app?.stop();
});

function report(application: string, instance: string, poolMax: number, extra: Partial<PoolReportPayload> = {}): PoolReportPayload {
  return { application, instance, target: 'production', at: new Date().toISOString(), poolMax, total: 2, idle: 1, waiting: 0, queries: 10, errors: 0, p50Ms: 1, p95Ms: 2, p99Ms: 3, ...extra };
}

const allowance = (application: string, query: string, headers: Record<string, string> = INGEST) =>
  allowanceRoute.GET(request(`/api/applications/${application}/allowance?${query}`, { headers }), { params: Promise.resolve({ name: application }) });
const check = (body: unknown, headers: Record<string, string> = INGEST) => checkRoute.POST(request('/api/budget/check', { method: 'POST', json: body, headers }), noParams);
const patchPolicy = (body: unknown, headers: Record<string, string> = { authorization: 'Bearer admin-secret' }) =>
  budgetRoute.PATCH(request(`/api/targets/${targetId}/budget`, { method: 'PATCH', json: body, headers }), idParams(targetId));

describe('GET /api/applications/{name}/allowance', () => {
  it("answers an instance's share with the arithmetic, to the ingest token the pool already holds", async () => {
    const response = await allowance('worksmart-web', 'instance=worksmart-web-1&target=production');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      application: 'worksmart-web',
      instance: 'worksmart-web-1',
      target: 'production',
      maxPerInstance: 13,
      usable: 97,
      reserve: 12,
      available: 85,
      headroomPercent: 10,
      instances: 6,
      arithmetic:
        '97 usable − 12 reserve (Lifeguard 2 + 10 % headroom 10) = 85 available; worksmart-web 6 × 13 = 78 + worksmart-worker 2 × 3 = 6 = 84 ≤ 85; ' +
        'worksmart-web: 12 floor + 66.8 by Σ pool max 300 of 310 = 78.8 over 6 instances → 13 each',
    });
    const worker = await (await allowance('worksmart-worker', 'instance=worksmart-worker-1&target=production', { cookie: viewer })).json();
    expect(worker).toMatchObject({ maxPerInstance: 3, instances: 2 });
  });

  it('counts an instance that asks before its first report, with the pool max it gives', async () => {
    const seventh = await (await allowance('worksmart-web', 'instance=worksmart-web-7&target=production&poolMax=50')).json();
    expect(seventh).toMatchObject({ maxPerInstance: 11, instances: 7 });
    const unknown = await (await allowance('worksmart-web', 'instance=worksmart-web-8&target=production')).json();
    expect(unknown).toMatchObject({ maxPerInstance: 13, instances: 6 });
    const stranger = await (await allowance('batch', 'instance=batch-1&target=production')).json();
    expect(stranger).toMatchObject({ maxPerInstance: null, instances: 0 });
    expect(stranger.arithmetic).toBe('no report of batch instance batch-1 for production in the last 2 minutes, and no poolMax given: no allowance');
  });

  it('names what is wrong with the query, and answers 404 for an unknown target and 401 without a token', async () => {
    const missing = await allowance('worksmart-web', 'instance=worksmart-web-1');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'target: is required' });
    const bad = await allowance('worksmart-web', 'instance=worksmart-web-1&target=production&poolMax=lots');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^poolMax: /);
    expect((await allowance('worksmart-web', 'instance=w&target=staging')).status).toBe(404);
    expect((await allowance('worksmart-web', 'instance=w&target=production', {})).status).toBe(401);
  });
});

describe('POST /api/budget/check', () => {
  it("refuses the postmortem's fleet and says which pool max fits", async () => {
    const response = await check({ target: 'production', application: 'worksmart-web', instances: 12, poolMax: 50 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      target: 'production',
      application: 'worksmart-web',
      fits: false,
      usable: 97,
      reserve: 12,
      available: 85,
      committed: 610,
      maxPerInstance: 6,
      arithmetic: 'worksmart-web 12 × 50 = 600 + worksmart-worker 10 = 610 > 85 available of 97 usable (reserve 12: Lifeguard 2 + 10 % headroom 10); pool max ≤ 6 fits',
    });
    const fits = await (await check({ target: 'production', application: 'worksmart-web', instances: 6, poolMax: 12 }, { cookie: viewer })).json();
    expect(fits).toMatchObject({ fits: true, committed: 82, maxPerInstance: 12 });
  });

  it('answers 400 naming the field, 404 for an unknown target, and changes nothing', async () => {
    const before = await rowCounts(app.store.db);
    const cases: [unknown, string][] = [
      [{ target: 'production', application: 'worksmart-web', instances: 0, poolMax: 50 }, 'instances: must be a whole number from 1 to 10000'],
      [{ target: 'production', application: 'worksmart-web', instances: 12 }, 'poolMax: is required'],
      [{ target: 'production', application: 'worksmart-web', instances: 12, poolMax: 2.5 }, 'poolMax: must be a whole number from 1 to 100000'],
      [{ target: 'production', application: '', instances: 12, poolMax: 50 }, 'application: must not be empty'],
      [{ application: 'worksmart-web', instances: 12, poolMax: 50 }, 'target: is required'],
      [{ target: 'production', application: 'worksmart-web', instances: 12, poolMax: 50, pool: 1 }, 'Unrecognized key: "pool"'],
    ];
    for (const [body, error] of cases) {
      const response = await check(body);
      expect(response.status, error).toBe(400);
      expect(await response.json()).toEqual({ error });
    }
    expect((await check({ target: 'staging', application: 'worksmart-web', instances: 1, poolMax: 5 })).status).toBe(404);
    expect(await rowCounts(app.store.db)).toEqual(before);
  });
});

describe('GET and PATCH /api/targets/{id}/budget', () => {
  it('shows configured max against allowance, and which instances are guarded', async () => {
    const budget = await (await budgetRoute.GET(request(`/api/targets/${targetId}/budget`, { headers: { cookie: viewer } }), idParams(targetId))).json();
    expect(budget.applications).toEqual([
      expect.objectContaining({ application: 'worksmart-web', instances: 6, poolMax: 50, guarded: 6, inForce: 13 }),
      expect.objectContaining({ application: 'worksmart-worker', instances: 2, poolMax: 5, guarded: 0, inForce: null }),
    ]);
    expect(budget.allowances.applications.map((app: { application: string; maxPerInstance: number }) => [app.application, app.maxPerInstance])).toEqual([
      ['worksmart-web', 13],
      ['worksmart-worker', 3],
    ]);
    expect(budget.policy).toEqual({ headroomPercent: 10, weights: {} });
  });

  it("lets an admin set the headroom and an application's weight, audited; refuses bad input and non-admins, changing nothing", async () => {
    process.env.LIFEGUARD_ADMIN_TOKEN = 'admin-secret';
    delete (globalThis as { lifeguardConfig?: unknown }).lifeguardConfig;
    try {
      const before = await rowCounts(app.store.db);
      for (const [body, error] of [
        [{ headroomPercent: 95 }, 'headroomPercent: must be a whole number from 0 to 90'],
        [{ weights: { 'worksmart-worker': -1 } }, 'weights.worksmart-worker: must be a whole number from 0 to 1000000'],
        [{}, 'give headroomPercent, weights, or both'],
      ] as const) {
        const response = await patchPolicy(body);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({ error });
      }
      expect((await patchPolicy({ headroomPercent: 20 }, { cookie: viewer })).status).toBe(403);
      expect(await rowCounts(app.store.db)).toEqual(before);

      const changed = await patchPolicy({ headroomPercent: 20, weights: { 'worksmart-worker': 300 } });
      expect(changed.status).toBe(200);
      const budget = await changed.json();
      expect(budget.policy).toEqual({ headroomPercent: 20, weights: { 'worksmart-worker': 300 } });
      // 97 − (2 + 20) = 75; the worker weighs as much as the web fleet but configured only 10.
      expect(budget.allowances.applications.map((app: { maxPerInstance: number }) => app.maxPerInstance)).toEqual([10, 5]);
      const web = await (await allowance('worksmart-web', 'instance=worksmart-web-1&target=production')).json();
      expect(web).toMatchObject({ maxPerInstance: 10, reserve: 22, headroomPercent: 20 });
      expect(await app.store.db.auditEntry.count({ where: { action: 'target.budget-policy', subjectId: targetId } })).toBe(1);

      const cleared = await (await patchPolicy({ headroomPercent: 10, weights: { 'worksmart-worker': null } })).json();
      expect(cleared.policy).toEqual({ headroomPercent: 10, weights: {} });
    } finally {
      process.env.LIFEGUARD_ADMIN_TOKEN = '';
      delete (globalThis as { lifeguardConfig?: unknown }).lifeguardConfig;
    }
  });
});
