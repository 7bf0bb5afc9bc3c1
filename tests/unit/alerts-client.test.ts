import { describe, expect, it } from 'vitest';
import type { AlertView } from '@/lib/alerts/views';
import { bannerAlerts, budgetLine, climbSentence, findingHref, firingByTarget, formatAlertValue, formatPoolMax, formatThreshold, hasFinding, holdingApplications, isSaturated } from '@/lib/browser/alerts';
import { applyAlertsEvent } from '@/lib/browser/live-feed';
import { makeQueryClient } from '@/lib/browser/query-client';
import { queryKeys } from '@/lib/browser/query-keys';

const T0 = Date.UTC(2026, 10, 26, 14, 0, 0);

function alert(patch: Partial<AlertView>): AlertView {
  return {
    id: 'a', ruleId: 'r', rule: 'Connections saturated', metric: 'usagePercent', scope: 'target', severity: 'warning', state: 'firing',
    targetId: 't1', targetName: 'production', application: '', value: 97, threshold: 95, comparator: 'above', forSeconds: 0, keepFiringForSeconds: 0,
    since: new Date(T0).toISOString(), activeAt: null, firedAt: null, resolvedAt: null, acknowledgedBy: null, acknowledgedAt: null,
    silenced: false, silencedUntil: null, incidentId: null, summary: 's', chartUrl: '/targets/t1', ...patch,
  };
}

describe('bannerAlerts', () => {
  it('keeps firing, unsilenced alerts, critical first, then the longest-running', () => {
    const list = [
      alert({ id: 'w-old', severity: 'warning', since: new Date(T0 - 60_000).toISOString() }),
      alert({ id: 'c-new', severity: 'critical', since: new Date(T0).toISOString() }),
      alert({ id: 'c-old', severity: 'critical', since: new Date(T0 - 30_000).toISOString() }),
      alert({ id: 'pending', state: 'pending', severity: 'critical' }),
      alert({ id: 'quiet', severity: 'critical', silenced: true }),
    ];
    expect(bannerAlerts(list).map((a) => a.id)).toEqual(['c-old', 'c-new', 'w-old']);
  });

  it('counts firing alerts per target with the worst severity', () => {
    const byTarget = firingByTarget([alert({ id: '1' }), alert({ id: '2', severity: 'critical' }), alert({ id: '3', targetId: 't2' }), alert({ id: '4', targetId: 't3', state: 'resolved' })]);
    expect(byTarget.get('t1')).toEqual({ count: 2, severity: 'critical' });
    expect(byTarget.get('t2')).toEqual({ count: 1, severity: 'warning' });
    expect(byTarget.has('t3')).toBe(false);
  });
});

describe('finding links', () => {
  it("goes to the open incident's pool check, else to the target's finding panel", () => {
    expect(findingHref({ incidentId: 'i 1', targetId: 't1' })).toBe('/incidents/i%201#pool-check');
    expect(findingHref({ incidentId: null, targetId: 't1' })).toBe('/targets/t1#finding');
  });

  it('is offered for connection alerts only', () => {
    expect(hasFinding({ metric: 'refusing' })).toBe(true);
    expect(hasFinding({ metric: 'usagePercent' })).toBe(true);
    expect(hasFinding({ metric: 'p95LatencyMs' })).toBe(false);
  });
});

describe('isSaturated', () => {
  it('is true at 95 % of usable, or when the server refuses others while answering Lifeguard', () => {
    expect(isSaturated({ usagePercent: 95, error: null, total: 26 })).toBe(true);
    expect(isSaturated({ usagePercent: 94.9, error: null, total: 25 })).toBe(false);
    expect(isSaturated({ usagePercent: 80, error: 'sorry, too many clients already', total: 22 })).toBe(true);
    expect(isSaturated({ usagePercent: null, error: 'FATAL: sorry, too many clients already', total: null })).toBe(true);
    expect(isSaturated({ usagePercent: null, error: 'connect ECONNREFUSED', total: null })).toBe(false);
  });
});

describe('climbSentence', () => {
  it('gives the clock time to the second and how long ago', () => {
    const sentence = climbSentence(new Date(T0).toISOString(), T0 + 7 * 60_000);
    expect(sentence).toMatch(/^climb started at \d{2}:\d{2}:\d{2} \(7 min ago\)$/);
  });

  it('says nothing without a climb, and no "ago" before the clock is known', () => {
    expect(climbSentence(null, T0)).toBeNull();
    expect(climbSentence('not a date', T0)).toBeNull();
    expect(climbSentence(new Date(T0).toISOString(), 0)).toMatch(/^climb started at \d{2}:\d{2}:\d{2}$/);
  });
});

describe('holdingApplications', () => {
  it("joins the server's holders with the reporting instances, largest first", () => {
    const instance = (application: string, name: string, total: number) => ({ application, instance: name, poolMax: 20, total, idle: 0, waiting: 0, at: new Date(T0).toISOString() });
    const apps = holdingApplications({
      topHolders: [
        { name: 'lifeguard', clientAddr: null, total: 1, active: 1, idle: 0, idleInTransaction: 0 },
        { name: 'flood-web', clientAddr: '127.0.0.1', total: 20, active: 0, idle: 20, idleInTransaction: 0 },
        { name: 'flood-web', clientAddr: '127.0.0.2', total: 4, active: 0, idle: 4, idleInTransaction: 0 },
      ],
      instances: [instance('flood-web', 'web-1', 20), instance('flood-web', 'web-2', 4), instance('batch', 'b-1', 3)],
    });
    expect(apps.map((a) => [a.application, a.observed, a.instances.length])).toEqual([
      ['flood-web', 24, 2],
      ['batch', 0, 1],
      ['lifeguard', 1, 0],
    ]);
  });
});

describe('formatting', () => {
  it('puts values and thresholds in their units', () => {
    expect(formatAlertValue('usagePercent', 97.34)).toBe('97.3%');
    expect(formatAlertValue('refusing', 1)).toBe('yes');
    expect(formatAlertValue('timeToExhaustionSeconds', 130)).toBe('2 min 10 s');
    expect(formatAlertValue('p95LatencyMs', 250)).toBe('250 ms');
    expect(formatAlertValue('poolerMaxWaitSeconds', 75)).toBe('1 min 15 s');
    expect(formatAlertValue('waiting', null)).toBe('–');
    expect(formatThreshold({ metric: 'usagePercent', threshold: 95, comparator: 'above' })).toBe('≥ 95%');
    expect(formatThreshold({ metric: 'timeToExhaustionSeconds', threshold: 300, comparator: 'below' })).toBe('≤ 5 min');
    expect(formatThreshold({ metric: 'refusing', threshold: 1, comparator: 'above' })).toBe('yes');
  });

  it('spells out the budget per application', () => {
    expect(budgetLine({ application: 'worksmart-web', explanation: '6 instances × pool max 50 = 300 > 97 usable' })).toBe('worksmart-web: 6 instances × pool max 50 = 300 > 97 usable');
    expect(formatPoolMax(50)).toBe('50');
    expect(formatPoolMax({ min: 10, max: 50 })).toBe('10–50');
  });
});

describe('applyAlertsEvent', () => {
  it('marks alert lists, silences, findings, budgets and pool evidence stale, and nothing else', () => {
    const client = makeQueryClient();
    const keys = [queryKeys.alerts({ state: 'firing' }), queryKeys.silences(), queryKeys.finding('t1'), queryKeys.budget('t1'), queryKeys.incidentFindings('i1'), queryKeys.targets()];
    for (const key of keys) client.setQueryData(key, []);
    applyAlertsEvent(client);
    const stale = keys.map((key) => client.getQueryState(key)?.isInvalidated);
    expect(stale).toEqual([true, true, true, true, true, false]);
  });
});
