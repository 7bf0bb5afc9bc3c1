import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cancelRoute from '@/app/api/drills/[id]/cancel/route';
import * as drillRoute from '@/app/api/drills/[id]/route';
import * as targetsRoute from '@/app/api/targets/route';
import * as targetRoute from '@/app/api/targets/[id]/route';
import * as drillsRoute from '@/app/api/targets/[id]/drills/route';
import type { DrillReportView } from '@/lib/drills/schema';
import { stopAllDrills } from '@/lib/drills/drills';
import { idParams, noParams, request, startTestApp } from '../support/app';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * Drills against a real PostgreSQL (loopback only) with max_connections 30: 27 slots for ordinary
 * roles, one of them held by this test's superuser monitor and one by the drill's observer.
 * 3 instances × pool max 20 = 60 over-commit it, so the surge must end in refusals.
 */
const APP = 'lifeguard-drill';
const USABLE = 30 - 3 - 1;

let app: Awaited<ReturnType<typeof startTestApp>>;
let target: TestPostgres;
let monitor: pg.Client;
let targetId: string;

beforeAll(async () => {
  app = await startTestApp();
  target = await startTestPostgres({ maxConnections: 30 });
  monitor = new pg.Client({ connectionString: target.url() });
  await monitor.connect();
  // Not a superuser: superusers would slip into the reserved slots and never be refused.
  await monitor.query("CREATE ROLE drill_app LOGIN NOSUPERUSER PASSWORD 'drill-password'");
  const url = new URL(target.url());
  url.username = 'drill_app';
  url.password = 'drill-password';
  const created = await targetsRoute.POST(request('/api/targets', { method: 'POST', json: { name: 'drill-target', url: url.toString() } }), noParams);
  targetId = ((await created.json()) as { id: string }).id;
});

afterAll(async () => {
  await app?.stop();
  await monitor?.end();
  await target?.stop();
});

const start = (body: unknown) => drillsRoute.POST(request(`/api/targets/${targetId}/drills`, { method: 'POST', json: body }), idParams(targetId));
const read = async (id: string) => (await (await drillRoute.GET(request(`/api/drills/${id}`), idParams(id))).json()) as DrillReportView;
const drillBackends = async () =>
  (await monitor.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1", [`${APP}%`])).rows[0]?.n ?? -1;

/** The drill's report once `done` holds, or as it stands after `ms`. */
async function reportWhen(id: string, done: (report: DrillReportView) => boolean, ms: number): Promise<DrillReportView> {
  for (const end = Date.now() + ms; ; ) {
    const report = await read(id);
    if (done(report) || Date.now() > end) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('drills', () => {
  it('refuses a drill on a target that does not allow drills, and writes nothing', async () => {
    const response = await start({ instances: 3, poolMax: 20, durationSeconds: 15 });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'drills are not allowed on this target' });
    expect(await app.store.db.drillReport.count()).toBe(0);
  });

  it('answers 400 to parameters out of bounds', async () => {
    for (const body of [{ instances: 21, poolMax: 20, durationSeconds: 15 }, { instances: 3, poolMax: 20, durationSeconds: 5 }, { instances: 3, poolMax: 20, durationSeconds: 15, peakRatePerInstance: 500 }]) {
      expect((await start(body)).status).toBe(400);
    }
  });

  it('allows drills through PATCH, audited', async () => {
    const response = await targetRoute.PATCH(request(`/api/targets/${targetId}`, { method: 'PATCH', json: { allowDrills: true } }), idParams(targetId));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { allowDrills: boolean }).allowDrills).toBe(true);
    const got = (await (await targetRoute.GET(request(`/api/targets/${targetId}`), idParams(targetId))).json()) as { allowDrills: boolean };
    expect(got.allowDrills).toBe(true);
    expect(await app.store.db.auditEntry.count({ where: { action: 'target.settings', subjectId: targetId } })).toBe(1);
    expect((await targetRoute.PATCH(request(`/api/targets/${targetId}`, { method: 'PATCH', json: { allowDrills: 'yes' } }), idParams(targetId))).status).toBe(400);
  });

  it('runs a 15 s flood to refusal, keeps the report, refuses a second drill meanwhile, and leaves no connection', async () => {
    const response = await start({ instances: 3, poolMax: 20, durationSeconds: 15 });
    expect(response.status).toBe(201);
    const started = (await response.json()) as DrillReportView;
    expect(started.status).toBe('running');
    expect(started.params).toMatchObject({ instances: 3, poolMax: 20, durationSeconds: 15, applicationName: APP });

    const second = await start({ instances: 1, poolMax: 1, durationSeconds: 10 });
    expect(second.status).toBe(409);

    const report = await reportWhen(started.id, (r) => r.status !== 'running', 40_000);
    expect(report.status).toBe('finished');
    expect(report.error).toBeNull();
    expect(report.peakConnections).toBeGreaterThanOrEqual(USABLE - 3);
    expect(report.peakConnections).toBeLessThanOrEqual(USABLE);
    expect(report.firstRefusalAt).not.toBeNull();
    expect(report.latencyCurve.length).toBeGreaterThanOrEqual(13);
    expect(report.latencyCurve.length).toBeLessThanOrEqual(16);
    expect(report.latencyCurve.some((point) => point.errorsPerSec > 0)).toBe(true);
    expect(await drillBackends()).toBe(0);

    const history = (await (await drillsRoute.GET(request(`/api/targets/${targetId}/drills`), idParams(targetId))).json()) as DrillReportView[];
    expect(history.map((r) => r.id)).toEqual([started.id]);
  });

  it('cancels a running drill', async () => {
    const started = (await (await start({ instances: 2, poolMax: 5, durationSeconds: 60 })).json()) as DrillReportView;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const response = await cancelRoute.POST(request(`/api/drills/${started.id}/cancel`, { method: 'POST' }), idParams(started.id));
    expect(response.status).toBe(200);
    const report = (await response.json()) as DrillReportView;
    expect(report.status).toBe('cancelled');
    expect(report.finishedAt).not.toBeNull();
    expect(report.latencyCurve.length).toBeGreaterThanOrEqual(2);
    expect(await drillBackends()).toBe(0);
    expect((await cancelRoute.POST(request(`/api/drills/${started.id}/cancel`, { method: 'POST' }), idParams(started.id))).status).toBe(409);
  });

  it('stops its drills when the server stops, and says so in the report', async () => {
    const started = (await (await start({ instances: 1, poolMax: 3, durationSeconds: 60 })).json()) as DrillReportView;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stopAllDrills();
    const report = await read(started.id);
    expect(report).toMatchObject({ status: 'cancelled', error: 'the Lifeguard server stopped' });
    expect(await drillBackends()).toBe(0);
  });
});
