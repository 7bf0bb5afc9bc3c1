import { describe, expect, it } from 'vitest';
import { alertmanagerAlerts, alertmanagerAlertsUrl } from '@/lib/alerts/notify/alertmanager';
import { pagerDutyEvents } from '@/lib/alerts/notify/pagerduty';
import type { GroupNotification } from '@/lib/alerts/notify/payload';
import type { AlertView } from '@/lib/alerts/views';
import { eventErrors } from '@/tests/support/pagerduty';

const alert = (overrides: Partial<AlertView>): AlertView =>
  ({
    id: '11111111-1111-4111-8111-111111111111',
    rule: 'Connection usage critical',
    severity: 'critical',
    targetName: 'production',
    application: '',
    summary: 'production: connection usage 97 %',
    chartUrl: '/targets/t',
    firedAt: '2026-11-29T12:00:00.000Z',
    since: '2026-11-29T12:00:00.000Z',
    resolvedAt: null,
    incidentId: null,
    metric: 'usage',
    value: 0.97,
    threshold: 0.95,
    comparator: 'above',
    ...overrides,
  }) as AlertView;
const message = (firing: AlertView[], resolved: AlertView[]): GroupNotification => ({ groupKey: 'g', groupLabels: {}, status: firing.length > 0 ? 'firing' : 'resolved', firing, resolved });

describe('PagerDuty events from a group message', () => {
  it('cuts a long summary to PagerDuty’s 1024 characters, and every event passes the Events v2 schema', () => {
    const events = pagerDutyEvents(message([alert({ summary: 'x'.repeat(5000) })], [alert({ id: '22222222-2222-4222-8222-222222222222', severity: 'warning' })]), 'k'.repeat(32), 'http://lifeguard:3000/');
    expect(events.map((event) => event.event_action)).toEqual(['trigger', 'resolve']);
    expect(events[0]?.payload?.summary).toHaveLength(1024);
    expect(events.map(eventErrors)).toEqual([[], []]);
  });
});

describe('Alertmanager alerts from a group message', () => {
  it('posts to the v2 API under the base URL, firing alerts promised for two repeat intervals, resolved ones ended', () => {
    expect(alertmanagerAlertsUrl('http://am:9093')).toBe('http://am:9093/api/v2/alerts');
    expect(alertmanagerAlertsUrl('http://proxy/am/')).toBe('http://proxy/am/api/v2/alerts');
    const now = new Date('2026-11-29T13:00:00.000Z');
    const [firing, resolved] = alertmanagerAlerts(message([alert({})], [alert({ resolvedAt: '2026-11-29T12:59:00.000Z', application: 'billing' })]), 'http://lifeguard:3000', now, 600);
    expect(firing).toMatchObject({ labels: { alertname: 'Connection usage critical', severity: 'critical', target: 'production' }, endsAt: '2026-11-29T13:20:00.000Z', generatorURL: 'http://lifeguard:3000/targets/t' });
    expect(firing?.labels).not.toHaveProperty('application');
    expect(resolved).toMatchObject({ labels: { application: 'billing' }, endsAt: '2026-11-29T12:59:00.000Z' });
  });
});
