import { describe, expect, it } from 'vitest';
import type { Alert, AlertRule } from '@/lib/generated/prisma/client';
import { errorRate, METRIC_REGISTRY, timeToExhaustion, unreachable, usagePercent } from '@/lib/alerts/rule-metrics';
import { planRound, step } from '@/lib/alerts/plan';
import { chartUrl, summarize } from '@/lib/alerts/summary';
import type { InstanceReportRow, LatestSample, TargetData } from '@/lib/alerts/types';
import { climbStartedAt } from '@/lib/finding/climb';

const NOW = 1_800_000_000_000;
const latest = (fields: Partial<LatestSample> = {}): LatestSample => ({
  at: NOW - 100, total: 30, maxConnections: 40, reservedConnections: 3, waiting: 0, oldestXactSeconds: null, applications: [], error: null, errorCode: null, ...fields,
});
const data = (fields: Partial<TargetData> = {}): TargetData => ({
  target: { id: 't1', name: 'production', intervalMs: 1000, createdAt: NOW - 60_000 }, latest: latest(), totals: [], reports: [], ...fields,
});
const report = (fields: Partial<InstanceReportRow>): InstanceReportRow => ({
  application: 'web', instance: 'web-1', target: 'production', at: NOW, poolMax: 10, total: 5, idle: 1, waiting: 0, queries: 100, errors: 0, p95Ms: 20, ...fields,
});
const rule = (fields: Partial<AlertRule>): AlertRule => ({
  id: 'r1', name: 'rule', builtIn: false, enabled: true, metric: 'usagePercent', scope: 'target', targetId: null, comparator: 'above', threshold: 95,
  forSeconds: 0, keepFiringForSeconds: 0, hysteresis: 0, severity: 'critical', autoIncident: false, createdAt: new Date(NOW), updatedAt: new Date(NOW), ...fields,
});

describe('metric computations', () => {
  it('usage is total over usable connections', () => {
    expect(usagePercent(data())).toBe(81.1);
    expect(usagePercent(data({ latest: latest({ total: null, maxConnections: null }) }))).toBeNull();
  });

  it('refusing is 1 only for 53300 / 53400', () => {
    const refusing = METRIC_REGISTRY.refusing;
    if (refusing.scope !== 'target') throw new Error('refusing is a target metric');
    expect(refusing.value(data({ latest: latest({ errorCode: '53300' }) }), NOW)).toBe(1);
    expect(refusing.value(data({ latest: latest({ errorCode: '53400' }) }), NOW)).toBe(1);
    expect(refusing.value(data({ latest: latest({ errorCode: 'ECONNREFUSED' }) }), NOW)).toBe(0);
  });

  it('unreachable: an error without figures, or no sample for more than 3 intervals', () => {
    expect(unreachable(data(), NOW)).toBe(0);
    expect(unreachable(data({ latest: latest({ total: null, error: 'connect ECONNREFUSED' }) }), NOW)).toBe(1);
    expect(unreachable(data({ latest: latest({ at: NOW - 3_500 }) }), NOW)).toBe(1);
    expect(unreachable(data({ latest: null }), NOW)).toBe(1);
    expect(unreachable(data({ latest: null, target: { id: 't', name: 'n', intervalMs: 1000, createdAt: NOW - 1000 } }), NOW)).toBe(0);
  });

  it('time to exhaustion needs a real climb, and is 0 once full', () => {
    const climb = Array.from({ length: 10 }, (_, i) => ({ at: NOW - (9 - i) * 1000, total: 10 + i, usable: 37 }));
    expect(timeToExhaustion(data({ totals: climb }))).toBeCloseTo(18, 0);
    const jitter = Array.from({ length: 10 }, (_, i) => ({ at: NOW - (9 - i) * 250, total: i === 9 ? 4 : 3, usable: 37 }));
    expect(timeToExhaustion(data({ totals: jitter }))).toBeNull();
    expect(timeToExhaustion(data({ totals: [{ at: NOW, total: 37, usable: 37 }] }))).toBe(0);
  });

  it('application metrics across instances', () => {
    const reports = [report({ waiting: 2, p95Ms: 300, queries: 100, errors: 10 }), report({ instance: 'web-2', waiting: 5, p95Ms: 700, queries: 100, errors: 0 })];
    const { poolWaiting, p95LatencyMs } = METRIC_REGISTRY;
    if (poolWaiting.scope !== 'application' || p95LatencyMs.scope !== 'application') throw new Error('application metrics');
    expect(poolWaiting.value(reports)).toBe(5);
    expect(p95LatencyMs.value(reports)).toBe(700);
    expect(errorRate(reports)).toBe(5);
    expect(errorRate([report({ queries: 0 })])).toBeNull();
  });
});

describe('summaries', () => {
  const base = { targetName: 'production', application: '', comparator: 'above' as const };
  it.each([
    [{ metric: 'usagePercent' as const, value: 96, threshold: 95 }, 'Connection usage 96% ≥ 95% of usable on production'],
    [{ metric: 'refusing' as const, value: 1, threshold: 1 }, 'production refuses new connections'],
    [{ metric: 'timeToExhaustionSeconds' as const, value: 130, threshold: 300, comparator: 'below' as const }, 'production will run out of connections in about 2 min 10 s'],
    [{ metric: 'unreachable' as const, value: 1, threshold: 1 }, 'production is unreachable'],
    [{ metric: 'p95LatencyMs' as const, value: 730, threshold: 500, application: 'web' }, 'web p95 query latency 730 ms ≥ 500 ms on production'],
    [{ metric: 'errorRate' as const, value: 7.5, threshold: 5, application: 'web' }, 'web query error rate 7.5% ≥ 5% on production'],
    [{ metric: 'oldestXactSeconds' as const, value: 3900, threshold: 600 }, 'Oldest open transaction on production is 1 h 05 min old (alert at ≥ 10 min)'],
    [{ metric: 'poolerMaxWaitSeconds' as const, value: 2.5, threshold: 1 }, 'Oldest client waiting in PgBouncer production for 2.5 s ≥ 1 s'],
  ])('%o', (input, sentence) => {
    expect(summarize({ ...base, ...input })).toBe(sentence);
  });

  it('links to the chart around the alert', () => {
    expect(chartUrl('t1', new Date(NOW), new Date(NOW), null)).toBe(`/targets/t1?from=${NOW - 300_000}&to=${NOW + 300_000}`);
    expect(chartUrl('t1', new Date(NOW), new Date(NOW), new Date(NOW + 60_000))).toBe(`/targets/t1?from=${NOW - 300_000}&to=${NOW + 60_000}`);
  });
});

describe('planning a round', () => {
  it('fires with for 0, writes nothing while calm, keeps a resolved alert resolved', () => {
    const r = rule({});
    const hot = { rules: [r], targets: [data({ latest: latest({ total: 36 }) })], stored: [] };
    const [fired] = planRound(hot, NOW);
    expect(fired).toMatchObject({ transition: 'firing', newEpisode: true, next: { state: 'firing', value: 97.3 } });
    expect(planRound({ ...hot, targets: [data()] }, NOW)).toEqual([]);

    const stored = { id: 'a1', ruleId: 'r1', targetId: 't1', application: '', state: 'firing', value: 97, activeAt: new Date(NOW - 5000), since: new Date(NOW - 5000),
      firedAt: new Date(NOW - 5000), resolvedAt: null, falseSince: null, acknowledgedBy: 'ana', acknowledgedAt: new Date(NOW), incidentId: null, updatedAt: new Date(NOW) } satisfies Alert;
    const resolved = step({ rule: r, targetId: 't1', application: '', value: 50 }, stored, NOW);
    expect(resolved).toMatchObject({ transition: 'resolved', next: { state: 'resolved', activeAt: stored.activeAt, resolvedAt: new Date(NOW) } });
    expect(step({ rule: r, targetId: 't1', application: '', value: 50 }, { ...stored, state: 'resolved' }, NOW + 1000)).toBeNull();
  });

  it('evaluates application rules per reporting application and resolves one that stopped reporting', () => {
    const r = rule({ id: 'r2', metric: 'poolWaiting', scope: 'application', threshold: 1 });
    const planned = planRound({ rules: [r], targets: [data({ reports: [report({ waiting: 3 }), report({ application: 'api', waiting: 0 })] })], stored: [] }, NOW);
    expect(planned.map((p) => [p.application, p.next.state])).toEqual([['web', 'firing']]);
  });
});

describe('climb start', () => {
  it('finds where total left its calm baseline', () => {
    const calm = Array.from({ length: 60 }, (_, i) => ({ at: i * 1000, value: 10 + (i % 2) }));
    const climb = Array.from({ length: 20 }, (_, i) => ({ at: (60 + i) * 1000, value: 12 + i * 4 }));
    expect(climbStartedAt([...calm, ...climb])).toBe(59_000);
    expect(climbStartedAt(calm)).toBeNull();
  });
});
