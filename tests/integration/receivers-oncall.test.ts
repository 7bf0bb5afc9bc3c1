import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupNotification } from '@/lib/alerts/notify/payload';
import { pagerDutyDedupKey } from '@/lib/alerts/notify/pagerduty';
import { acknowledgeAlert } from '@/lib/alerts/alerts';
import { createReceiver, listDeliveries, listReceivers, updateReceiver } from '@/lib/alerts/notify/receivers';
import { startDeliveryWorker, type DeliveryWorker } from '@/lib/alerts/notify/worker';
import type { AlertView } from '@/lib/alerts/views';
import { toJson } from '@/lib/store/values';
import { TEST_ACTOR } from '@/tests/support/accounts';
import { startTestPagerDuty, type TestPagerDuty } from '@/tests/support/pagerduty';
import { startTestStore, type TestStore } from '@/tests/support/postgres';
import { startAlertmanager, type RunningProgram } from '@/tests/support/prometheus-stack';

/**
 * Alerts out to the on-call stack (issue 11, part 3): the delivery worker sends queued group
 * messages to PagerDuty's Events API v2 (a loopback stand-in that checks the documented schema)
 * and to a real Alertmanager (Debian's), whose own API must then show the alert, and stop
 * showing it once resolved.
 */
const LIFEGUARD = 'http://lifeguard.test:3000';
const ROUTING_KEY = 'R0ut1ngKeyR0ut1ngKeyR0ut1ngKey32';
/** The built-in "Connection usage critical" rule (migrations seed it). */
const USAGE_CRITICAL = '00000000-0000-4000-8000-000000000202';

let store: TestStore;
let pagerDuty: TestPagerDuty;
let alertmanager: RunningProgram;
let worker: DeliveryWorker;

beforeAll(async () => {
  store = await startTestStore();
  pagerDuty = await startTestPagerDuty();
  alertmanager = await startAlertmanager(`
route: {receiver: nowhere, group_by: [alertname], group_wait: 0s}
receivers:
  - name: nowhere
`);
  worker = startDeliveryWorker({ db: store.db, lifeguardUrl: LIFEGUARD, pollMs: 100, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await pagerDuty?.close();
  await alertmanager?.stop();
  await store?.stop();
});

function alert(overrides: Partial<AlertView>): AlertView {
  return {
    id: randomUUID(),
    ruleId: randomUUID(),
    rule: 'Connection usage critical',
    metric: 'usage',
    scope: 'target',
    severity: 'critical',
    state: 'firing',
    targetId: randomUUID(),
    targetName: 'production',
    application: '',
    value: 0.97,
    threshold: 0.95,
    comparator: 'above',
    forSeconds: 0,
    keepFiringForSeconds: 0,
    since: '2026-11-29T12:00:00.000Z',
    activeAt: '2026-11-29T12:00:00.000Z',
    firedAt: '2026-11-29T12:00:00.000Z',
    resolvedAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    silenced: false,
    silencedUntil: null,
    incidentId: null,
    summary: 'production: connection usage 97 % ≥ 95 %',
    chartUrl: '/targets/t/chart',
    ...overrides,
  } as AlertView;
}

/** Queues a group message for a receiver as lib/alerts/notify/flush.ts does, and waits for the worker to settle it. */
async function deliver(receiverId: string, firing: AlertView[], resolved: AlertView[]) {
  const message: GroupNotification = { groupKey: 'target=production', groupLabels: { targetName: 'production' }, status: firing.length > 0 ? 'firing' : 'resolved', firing, resolved };
  const row = await store.db.delivery.create({
    data: { receiverId, groupKey: message.groupKey, alertIds: [...firing, ...resolved].map((a) => a.id), event: message.status, payload: toJson(message), nextAttemptAt: new Date() },
  });
  await expect.poll(async () => (await store.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).status, { timeout: 10_000 }).not.toBe('pending');
  return store.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
}

describe('PagerDuty receiver (Events API v2)', () => {
  it('sends one event per alert of a group message: trigger for firing, resolve for resolved, with a stable dedup_key', async () => {
    const receiver = await createReceiver(store.db, TEST_ACTOR, { name: 'pager', kind: 'pagerduty', url: pagerDuty.url, routingKey: ROUTING_KEY, enabled: true });
    expect(receiver.routingKeyHint).toBe('…ey32');
    expect(JSON.stringify(receiver)).not.toContain(ROUTING_KEY);

    const critical = alert({ incidentId: randomUUID() });
    const warning = alert({ severity: 'warning', rule: 'Connection usage high', summary: 'production: connection usage 85 % ≥ 80 %', application: 'billing' });
    const first = await deliver(receiver.id, [critical, warning], []);
    expect(first.status).toBe('delivered');
    expect(pagerDuty.refused).toEqual([]);
    expect(pagerDuty.events).toHaveLength(2);
    type Sent = { event_action: string; dedup_key: string; payload: Record<string, unknown>; links: { href: string; text: string }[] };
    const [triggerCritical, triggerWarning] = pagerDuty.events as [Sent, Sent];
    expect(triggerCritical).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: pagerDutyDedupKey(critical), payload: { severity: 'critical', source: 'production', summary: critical.summary } });
    expect(triggerCritical.links.map((link) => link.href)).toEqual([`${LIFEGUARD}/targets/t/chart`, `${LIFEGUARD}/incidents/${critical.incidentId}`]);
    expect(triggerWarning).toMatchObject({ event_action: 'trigger', payload: { severity: 'warning', component: 'billing' } });
    expect(triggerWarning.dedup_key).not.toBe(triggerCritical.dedup_key);

    const resolvedCritical = { ...critical, state: 'resolved' as const, resolvedAt: '2026-11-29T12:05:00.000Z' };
    const second = await deliver(receiver.id, [warning], [resolvedCritical]);
    expect(second.status).toBe('delivered');
    expect(pagerDuty.events.slice(2).map((event) => [event.event_action, event.dedup_key])).toEqual([
      ['trigger', triggerWarning.dedup_key],
      ['resolve', triggerCritical.dedup_key],
    ]);
    expect(pagerDuty.refused).toEqual([]);
  });

  it('acknowledging the alert in Lifeguard sends acknowledge with the dedup_key of its trigger', async () => {
    const receiver = await createReceiver(store.db, TEST_ACTOR, { name: 'pager for acks', kind: 'pagerduty', url: pagerDuty.url, routingKey: ROUTING_KEY, enabled: true });
    const target = await store.db.target.create({ data: { name: 'acked target', url: 'postgres://127.0.0.1:1/postgres' } });
    const firedAt = new Date('2026-11-29T12:30:00.000Z');
    const row = await store.db.alert.create({ data: { ruleId: USAGE_CRITICAL, targetId: target.id, state: 'firing', since: firedAt, activeAt: firedAt, firedAt, value: 0.97 } });
    // What lib/alerts/notify/flush.ts leaves once the trigger went out.
    await store.db.notificationGroup.create({ data: { receiverId: receiver.id, groupKey: `target=${target.id}`, notified: toJson([{ alertId: row.id, firedAt: firedAt.getTime(), severity: 'critical' }]), lastSentAt: new Date() } });
    const before = pagerDuty.events.length;

    await acknowledgeAlert(store.db, TEST_ACTOR, row.id, { by: 'Ada' });
    await expect.poll(() => pagerDuty.events.length, { timeout: 10_000 }).toBe(before + 1);
    expect(pagerDuty.events[before]).toMatchObject({ event_action: 'acknowledge', routing_key: ROUTING_KEY, dedup_key: pagerDutyDedupKey({ id: row.id, firedAt: firedAt.toISOString(), since: firedAt.toISOString() }) });
    const [logged] = await listDeliveries(store.db, receiver.id);
    expect(logged).toMatchObject({ event: 'acknowledged', status: 'delivered' });

    // Acknowledging again keeps the first acknowledgement and sends nothing more.
    await acknowledgeAlert(store.db, TEST_ACTOR, row.id, { by: 'Grace' });
    expect(await store.db.delivery.count({ where: { receiverId: receiver.id } })).toBe(1);
  });

  it('refuses to make a receiver pagerduty without a routing key, changing nothing, and forgets the key when it stops being one', async () => {
    const hook = await createReceiver(store.db, TEST_ACTOR, { name: 'plain hook', kind: 'webhook', url: 'http://127.0.0.1:1/hook', enabled: true });
    await expect(updateReceiver(store.db, TEST_ACTOR, hook.id, { kind: 'pagerduty', url: pagerDuty.url })).rejects.toMatchObject({ status: 400, message: 'routingKey: routingKey is required for a pagerduty receiver' });
    expect((await listReceivers(store.db)).find((r) => r.id === hook.id)).toMatchObject({ kind: 'webhook', url: 'http://127.0.0.1:1/hook' });
    await expect(updateReceiver(store.db, TEST_ACTOR, hook.id, { routingKey: ROUTING_KEY })).rejects.toMatchObject({ status: 400, message: 'routingKey: routingKey is for pagerduty receivers only' });

    const paging = await updateReceiver(store.db, TEST_ACTOR, hook.id, { kind: 'pagerduty', routingKey: ROUTING_KEY });
    expect(paging).toMatchObject({ kind: 'pagerduty', routingKeyHint: '…ey32' });
    expect(await updateReceiver(store.db, TEST_ACTOR, hook.id, { kind: 'webhook' })).toMatchObject({ kind: 'webhook', routingKeyHint: null });
    expect((await store.db.receiver.findUniqueOrThrow({ where: { id: hook.id } })).routingKey).toBeNull();
  });

  it('retries a refused event and records it in the delivery log', async () => {
    // A key PagerDuty refuses (not 32 characters) stored behind the schema's back: every attempt gets a 400.
    const receiver = await createReceiver(store.db, TEST_ACTOR, { name: 'bad key', kind: 'pagerduty', url: pagerDuty.url, routingKey: ROUTING_KEY, enabled: true });
    await store.db.receiver.update({ where: { id: receiver.id }, data: { routingKey: 'short' } });
    const row = await store.db.delivery.create({
      data: { receiverId: receiver.id, groupKey: 'g', alertIds: [], event: 'firing', payload: toJson({ groupKey: 'g', groupLabels: {}, status: 'firing', firing: [alert({})], resolved: [] }), nextAttemptAt: new Date() },
    });
    await expect.poll(async () => (await store.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const [logged] = await listDeliveries(store.db, receiver.id);
    expect(logged).toMatchObject({ status: 'pending', lastError: 'HTTP 400', responseStatus: 400 });
  });
});

describe('Alertmanager receiver (a real Alertmanager)', () => {
  interface AmAlert {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    generatorURL: string;
    status: { state: string };
  }
  const alertsOf = async (alertname: string): Promise<AmAlert[]> => {
    const response = await fetch(`${alertmanager.url}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`);
    return (await response.json()) as AmAlert[];
  };

  it('posts the alert to /api/v2/alerts with its labels, where it shows, and resolves it there', async () => {
    const receiver = await createReceiver(store.db, TEST_ACTOR, { name: 'our alertmanager', kind: 'alertmanager', url: alertmanager.url, enabled: true });
    const firing = alert({ rule: 'Lifeguard usage critical', application: 'billing', firedAt: new Date(Date.now() - 60_000).toISOString() });
    expect((await deliver(receiver.id, [firing], [])).status).toBe('delivered');

    await expect.poll(() => alertsOf('Lifeguard usage critical'), { timeout: 10_000 }).toHaveLength(1);
    const shown = (await alertsOf('Lifeguard usage critical'))[0];
    expect(shown?.labels).toEqual({ alertname: 'Lifeguard usage critical', severity: 'critical', target: 'production', application: 'billing' });
    expect(shown?.annotations.summary).toBe(firing.summary);
    expect(shown?.generatorURL).toBe(`${LIFEGUARD}/targets/t/chart`);
    expect(shown?.status.state).toBe('active');

    const resolved = { ...firing, state: 'resolved' as const, resolvedAt: new Date().toISOString() };
    expect((await deliver(receiver.id, [], [resolved])).status).toBe('delivered');
    await expect.poll(() => alertsOf('Lifeguard usage critical'), { timeout: 10_000 }).toHaveLength(0);
  });
});
