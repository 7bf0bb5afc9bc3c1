import { describe, expect, it } from 'vitest';
import { slackPayload, webhookPayload, type GroupNotification } from '@/lib/alerts/notify/payload';
import type { AlertView } from '@/lib/alerts/views';

const T0 = Date.UTC(2026, 10, 26, 14, 0, 0);

function alert(patch: Partial<AlertView>): AlertView {
  return {
    id: 'a1', ruleId: 'r1', rule: 'Connection usage critical', metric: 'usagePercent', scope: 'target', severity: 'critical', state: 'firing',
    targetId: 't1', targetName: 'production', application: '', value: 97, threshold: 95, comparator: 'above', forSeconds: 0, keepFiringForSeconds: 60,
    since: new Date(T0).toISOString(), activeAt: new Date(T0).toISOString(), firedAt: new Date(T0).toISOString(), resolvedAt: null,
    acknowledgedBy: null, acknowledgedAt: null, silenced: false, silencedUntil: null, incidentId: null,
    summary: 'Connection usage 97% ≥ 95% of usable on production', chartUrl: '/targets/t1?from=1&to=2', ...patch,
  };
}

const message = (patch: Partial<GroupNotification> = {}): GroupNotification => ({
  groupKey: 'target=t1',
  groupLabels: { targetId: 't1', targetName: 'production' },
  status: 'firing',
  firing: [alert({}), alert({ id: 'a2', ruleId: 'r2', rule: 'Time to exhaustion', severity: 'warning', summary: 'production will run out of connections in about 40 s' })],
  resolved: [alert({ id: 'a3', ruleId: 'r3', rule: 'Connection usage high', severity: 'warning', state: 'resolved', resolvedAt: new Date(T0 + 60_000).toISOString(), summary: 'Connection usage 40% < 80% of usable on production' })],
  ...patch,
});

describe('group notification payloads', () => {
  it('gives a generic webhook the whole group with its key, a title, and absolute chart links', () => {
    const body = webhookPayload(message(), 'https://lifeguard.example/');
    expect(body).toMatchObject({ version: 2, groupKey: 'target=t1', groupLabels: { targetName: 'production' }, status: 'firing', title: '[FIRING · critical] production: 2 firing, 1 resolved', lifeguardUrl: 'https://lifeguard.example/' });
    expect(body.firing.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(body.resolved.map((a) => a.id)).toEqual(['a3']);
    expect(body.firing[0]?.chartUrl).toBe('https://lifeguard.example/targets/t1?from=1&to=2');
  });

  it('titles a closing message RESOLVED and a warning-only group as a warning', () => {
    expect(webhookPayload(message({ status: 'resolved', firing: [] }), 'http://l').title).toBe('[RESOLVED] production: 1 resolved');
    expect(webhookPayload(message({ firing: [alert({ severity: 'warning' })], resolved: [] }), 'http://l').title).toBe('[FIRING · warning] production: 1 firing');
    expect(webhookPayload(message({ groupLabels: {} }), 'http://l').title).toMatch(/\] every alert: /);
  });

  it('gives Slack one message: the title, what fires, what resolved, escaped, long lists cut short', () => {
    const body = slackPayload(message(), 'https://lifeguard.example');
    expect(body.text).toBe('[FIRING · critical] production: 2 firing, 1 resolved');
    const texts = body.blocks.map((block) => (block.type === 'section' ? block.text.text : block.elements.map((e) => e.text).join(' ')));
    expect(texts[1]).toMatch(/^\*Firing\*\n• \*critical\* · Connection usage 97% ≥ 95% of usable on production \(Connection usage critical, firing since 2026-11-26T14:00:00.000Z\) <https:\/\/lifeguard.example\/targets\/t1\?from=1&to=2\|chart>/);
    expect(texts[2]).toMatch(/^\*Resolved\*\n• warning · Connection usage 40% &lt; 80% of usable on production/);
    expect(texts[3]).toBe('<https://lifeguard.example/alerts|Open the alerts in Lifeguard>');

    const many = Array.from({ length: 14 }, (_, i) => alert({ id: `x${i}` }));
    const long = slackPayload(message({ firing: many, resolved: [] }), 'https://lifeguard.example');
    const firing = long.blocks[1]?.type === 'section' ? long.blocks[1].text.text : '';
    expect(firing.split('\n')).toHaveLength(1 + 10 + 1);
    expect(firing).toMatch(/…and 4 more in Lifeguard$/);
  });
});
