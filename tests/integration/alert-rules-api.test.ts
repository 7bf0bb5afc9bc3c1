import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rulesRoute from '@/app/api/alert-rules/route';
import * as ruleRoute from '@/app/api/alert-rules/[id]/route';
import * as alertsRoute from '@/app/api/alerts/route';
import * as ackRoute from '@/app/api/alerts/[id]/acknowledge/route';
import * as silencesRoute from '@/app/api/silences/route';
import * as silenceRoute from '@/app/api/silences/[id]/route';
import * as receiversRoute from '@/app/api/receivers/route';
import * as receiverRoute from '@/app/api/receivers/[id]/route';
import * as deliveriesRoute from '@/app/api/receivers/[id]/deliveries/route';
import { evaluateOnce } from '@/lib/alerts/evaluator';
import type { AlertView } from '@/lib/alerts/views';
import { recordSample } from '@/lib/samples/record';
import type { SampleRecord } from '@/lib/samples/types';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
const REFUSING = '00000000-0000-4000-8000-000000000203';
const USAGE_CRITICAL = '00000000-0000-4000-8000-000000000202';

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const db = () => app.store.db;
const post = (path: string, json: unknown) => request(path, { method: 'POST', json });
const patch = (path: string, json: unknown) => request(path, { method: 'PATCH', json });
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

function sample(targetId: string, at: Date, fields: Partial<SampleRecord>): SampleRecord {
  return {
    targetId, at, maxConnections: 40, reservedConnections: 3, total: 10, states: null, waiting: 0, oldestXactSeconds: null,
    probeLatencyMs: 1, connectLatencyMs: 2, commitsPerSec: 0, rollbacksPerSec: 0, deadlocksPerSec: 0, applications: [], error: null, errorCode: null,
    ...fields,
  };
}
const refusal = { total: 37, error: 'refusing new connections: too many clients already (SQLSTATE 53300)', errorCode: '53300' };

describe('alert rules API', () => {
  it('lists the built-in rules, creates, edits and deletes a custom one', async () => {
    const rules = (await (await rulesRoute.GET(request('/api/alert-rules'), noParams)).json()) as { id: string; builtIn: boolean; metric: string }[];
    expect(rules.filter((rule) => rule.builtIn)).toHaveLength(10);
    expect(rules.find((rule) => rule.id === REFUSING)).toMatchObject({ metric: 'refusing', autoIncident: true, severity: 'critical', forSeconds: 0, keepFiringForSeconds: 60 });
    // Every built-in critical keeps firing for a minute; the warnings do not.
    const builtIn = rules.filter((rule) => rule.builtIn) as unknown as { severity: string; keepFiringForSeconds: number }[];
    expect(builtIn.map((rule) => [rule.severity, rule.keepFiringForSeconds > 0])).toEqual(builtIn.map((rule) => [rule.severity, rule.severity === 'critical']));

    const created = await rulesRoute.POST(post('/api/alert-rules', { name: 'Lock waiters', metric: 'waiting', threshold: 5, forSeconds: 20 }), noParams);
    expect(created.status).toBe(201);
    const rule = (await created.json()) as { id: string };
    expect(rule).toMatchObject({ scope: 'target', comparator: 'above', targetId: null, builtIn: false, enabled: true });
    const edited = await ruleRoute.PATCH(patch(`/api/alert-rules/${rule.id}`, { threshold: 8, severity: 'critical' }), idParams(rule.id));
    expect(await edited.json()).toMatchObject({ threshold: 8, severity: 'critical' });
    expect((await ruleRoute.DELETE(request(`/api/alert-rules/${rule.id}`, { method: 'DELETE' }), idParams(rule.id))).status).toBe(204);
    expect((await ruleRoute.GET(request(`/api/alert-rules/${rule.id}`), idParams(rule.id))).status).toBe(404);
  });

  it.each([
    [{ name: 'x', metric: 'cpu', threshold: 1 }, /metric must be one of usagePercent, refusing, /],
    [{ name: 'x', metric: 'waiting', threshold: 1, forSeconds: -5 }, /forSeconds must be ≥ 0/],
    [{ name: 'x', metric: 'waiting', threshold: 1, keepFiringForSeconds: 1.5 }, /keepFiringForSeconds must be a whole number of seconds/],
    [{ name: 'x', metric: 'waiting', threshold: 1, targetId: '6f1c0c9e-8a53-4a47-9d55-7d1f0e0b6a11' }, /targetId: no target with id/],
    [{ name: 'x', metric: 'poolWaiting', threshold: 1, scope: 'target' }, /scope: poolWaiting is a application-scope metric/],
    [{ name: 'x', metric: 'waiting', threshold: 'high' }, /threshold must be a number/],
  ])('answers 400 to %o and writes nothing', async (body, message) => {
    const before = await db().alertRule.count();
    const response = await rulesRoute.POST(post('/api/alert-rules', body), noParams);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatch(message);
    expect(await db().alertRule.count()).toBe(before);
  });

  it('lets a built-in be tuned but not rewritten or deleted', async () => {
    const tuned = await ruleRoute.PATCH(patch(`/api/alert-rules/${USAGE_CRITICAL}`, { threshold: 90, forSeconds: 5, keepFiringForSeconds: 120 }), idParams(USAGE_CRITICAL));
    expect(await tuned.json()).toMatchObject({ threshold: 90, forSeconds: 5, keepFiringForSeconds: 120, builtIn: true });
    await ruleRoute.PATCH(patch(`/api/alert-rules/${USAGE_CRITICAL}`, { threshold: 95, forSeconds: 0, keepFiringForSeconds: 60 }), idParams(USAGE_CRITICAL));
    const negative = await ruleRoute.PATCH(patch(`/api/alert-rules/${USAGE_CRITICAL}`, { keepFiringForSeconds: -1 }), idParams(USAGE_CRITICAL));
    expect(negative.status).toBe(400);
    expect(await errorOf(negative)).toMatch(/keepFiringForSeconds must be ≥ 0/);
    expect((await db().alertRule.findUniqueOrThrow({ where: { id: USAGE_CRITICAL } })).keepFiringForSeconds).toBe(60);
    const rewritten = await ruleRoute.PATCH(patch(`/api/alert-rules/${USAGE_CRITICAL}`, { metric: 'waiting' }), idParams(USAGE_CRITICAL));
    expect(rewritten.status).toBe(400);
    expect(await errorOf(rewritten)).toMatch(/built-in/);
    const deleted = await ruleRoute.DELETE(request(`/api/alert-rules/${REFUSING}`, { method: 'DELETE' }), idParams(REFUSING));
    expect(deleted.status).toBe(400);
    expect(await db().alertRule.count({ where: { id: REFUSING } })).toBe(1);
  });

  it('refuses a receiver whose URL is not http(s), and writes nothing', async () => {
    for (const url of ['ftp://127.0.0.1/hook', 'javascript:alert(1)', 'not a url']) {
      const response = await receiversRoute.POST(post('/api/receivers', { name: 'bad', url }), noParams);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatch(/url must be an http:\/\/ or https:\/\/ URL/);
    }
    for (const [body, message] of [
      [{ groupBy: ['host'] }, /groupBy entries must be among target, rule, severity, application/],
      [{ groupBy: ['target', 'target'] }, /groupBy lists a label twice/],
      [{ groupIntervalSeconds: 0 }, /groupIntervalSeconds must be ≥ 1/],
      [{ repeatIntervalSeconds: 30 }, /repeatIntervalSeconds must be ≥ 60/],
    ] as const) {
      const response = await receiversRoute.POST(post('/api/receivers', { name: 'bad', url: 'http://127.0.0.1:9/hook', ...body }), noParams);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatch(message);
    }
    expect(await db().receiver.count()).toBe(0);
  });

  it('creates a receiver with Alertmanager-like grouping defaults, which can be tuned', async () => {
    const created = (await (await receiversRoute.POST(post('/api/receivers', { name: 'defaults', url: 'http://127.0.0.1:9/hook', enabled: false }), noParams)).json()) as { id: string };
    expect(created).toMatchObject({ groupBy: ['target'], groupWaitSeconds: 10, groupIntervalSeconds: 300, repeatIntervalSeconds: 14_400 });
    const tuned = await receiverRoute.PATCH(patch(`/api/receivers/${created.id}`, { groupBy: ['target', 'severity'], groupIntervalSeconds: 60 }), idParams(created.id));
    expect(await tuned.json()).toMatchObject({ groupBy: ['target', 'severity'], groupIntervalSeconds: 60 });
    expect((await receiverRoute.DELETE(request('/', { method: 'DELETE' }), idParams(created.id))).status).toBe(204);
  });
});

describe('alerts, acknowledgement and silences', () => {
  it('fires, acknowledges, queues notifications, and a silence suppresses them and the auto-incident', async () => {
    const receiver = (await (await receiversRoute.POST(post('/api/receivers', { name: 'hook', url: 'http://127.0.0.1:9/hook' }), noParams)).json()) as { id: string };
    const loud = await db().target.create({ data: { name: 'loud', url: 'postgres://m@127.0.0.1/x', intervalMs: 60_000 } });
    const quiet = await db().target.create({ data: { name: 'quiet', url: 'postgres://m@127.0.0.1/y', intervalMs: 60_000 } });
    const silenced = await silencesRoute.POST(post('/api/silences', { by: 'ana', targetId: quiet.id, durationMinutes: 60, reason: 'maintenance' }), noParams);
    expect(silenced.status).toBe(201);
    const silence = (await silenced.json()) as { id: string };
    expect((await silencesRoute.POST(post('/api/silences', { by: 'ana', durationMinutes: 0 }), noParams)).status).toBe(400);

    const now = new Date();
    await recordSample(db(), sample(loud.id, now, refusal));
    await recordSample(db(), sample(quiet.id, now, refusal));
    await evaluateOnce(db(), new Date(now.getTime() + 10));

    const firing = (await (await alertsRoute.GET(request('/api/alerts?state=firing'), noParams)).json()) as AlertView[];
    const loudAlert = firing.find((alert) => alert.targetId === loud.id && alert.ruleId === REFUSING);
    const quietAlert = firing.find((alert) => alert.targetId === quiet.id && alert.ruleId === REFUSING);
    expect(loudAlert).toMatchObject({ state: 'firing', summary: 'loud refuses new connections', silenced: false, value: 1, threshold: 1 });
    expect(loudAlert?.chartUrl).toBe(`/targets/${loud.id}?from=${Date.parse(loudAlert!.activeAt!) - 300_000}&to=${Date.parse(loudAlert!.activeAt!) + 300_000}`);
    expect(quietAlert).toMatchObject({ state: 'firing', silenced: true });
    expect(loudAlert?.incidentId).not.toBeNull();
    expect(quietAlert?.incidentId).toBeNull();

    // Criticals are not held back by the group wait: the loud target's message is queued at once.
    const deliveries = (await (await deliveriesRoute.GET(request('/'), idParams(receiver.id))).json()) as { alertIds: string[]; event: string; groupKey: string }[];
    expect(deliveries.filter((d) => d.alertIds.includes(loudAlert!.id)).map((d) => [d.event, d.groupKey])).toEqual([['firing', `target=${loud.id}`]]);
    expect(deliveries.some((d) => d.alertIds.includes(quietAlert!.id))).toBe(false);

    const acked = await ackRoute.POST(post(`/api/alerts/${loudAlert?.id}/acknowledge`, { by: 'ben' }), idParams(loudAlert!.id));
    expect(await acked.json()).toMatchObject({ acknowledgedBy: 'ben' });

    // Recovery. The refusal rule keeps firing for 60 s after its condition last held
    // (keepFiringForSeconds), then loud resolves (acknowledgement cleared) and quiet silently.
    const calmAt = async (ms: number) => {
      const at = new Date(now.getTime() + ms);
      await recordSample(db(), sample(loud.id, at, {}));
      await recordSample(db(), sample(quiet.id, at, {}));
      await evaluateOnce(db(), new Date(at.getTime() + 10));
    };
    await calmAt(1000);
    expect(await db().alert.findUniqueOrThrow({ where: { id: loudAlert!.id } })).toMatchObject({ state: 'firing', acknowledgedBy: 'ben' });
    await calmAt(60_000);
    expect((await db().alert.findUniqueOrThrow({ where: { id: loudAlert!.id } })).state).toBe('firing');
    await calmAt(61_000);
    const resolved = await db().alert.findUniqueOrThrow({ where: { id: loudAlert!.id } });
    expect(resolved).toMatchObject({ state: 'resolved', acknowledgedBy: null });
    // The group's next message waits for the group interval (5 min after the first), and says it resolved.
    await calmAt(299_000);
    expect(await db().delivery.count({ where: { receiverId: receiver.id, alertIds: { has: loudAlert!.id } } })).toBe(1);
    await calmAt(300_000);
    const events = await db().delivery.findMany({ where: { receiverId: receiver.id }, orderBy: { createdAt: 'asc' } });
    expect(events.filter((d) => d.alertIds.includes(loudAlert!.id)).map((d) => d.event)).toEqual(['firing', 'resolved']);
    expect(events.some((d) => d.alertIds.includes(quietAlert!.id))).toBe(false);

    const active = (await (await alertsRoute.GET(request('/api/alerts'), noParams)).json()) as AlertView[];
    expect(active.some((alert) => alert.ruleId === REFUSING)).toBe(false);
    expect((await silenceRoute.DELETE(request('/', { method: 'DELETE' }), idParams(silence.id))).status).toBe(204);
    expect(await (await silencesRoute.GET(request('/api/silences'), noParams)).json()).toEqual([]);
  });

  it('answers 400 to a bad state filter', async () => {
    const response = await alertsRoute.GET(request('/api/alerts?state=loud'), noParams);
    expect(response.status).toBe(400);
  });
});
