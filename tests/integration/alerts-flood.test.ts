import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookPayload } from '@/lib/alerts/notify/payload';
import { createReceiver } from '@/lib/alerts/notify/receivers';
import { updateRule } from '@/lib/alerts/rules';
import { ingestReports } from '@/lib/ingest/ingest';
import { getIncident } from '@/lib/incidents/get';
import { incidentFindings } from '@/lib/finding/finding';
import { TEST_ACTOR } from '@/tests/support/accounts';
import { startAlertingPipeline, type AlertingPipeline } from '@/tests/support/alerting-pipeline';
import { connectUnlessFull, startFloodTarget, type FloodTarget } from '@/tests/support/flood-target';
import { startTestStore, type TestStore } from '@/tests/support/postgres';
import { startTestWebhook, type TestWebhook } from '@/tests/support/webhook';
import { logTail, testWait } from '@/tests/support/wait';

/**
 * The whole alerting path against a real flood: a real target server sampled by the real
 * collector, the evaluator and the delivery worker on short periods, a webhook on loopback.
 * 'flood-web' opens connections steadily until the server refuses them, beside a 'bystander'
 * holding 2.
 */
const MAX_CONNECTIONS = 40; // 37 usable by ordinary roles (3 reserved for superusers)
const BUILT_IN = {
  usageCritical: '00000000-0000-4000-8000-000000000202',
  refusing: '00000000-0000-4000-8000-000000000203',
  timeToExhaustion: '00000000-0000-4000-8000-000000000208',
} as const;

let store: TestStore;
let target: FloodTarget;
let alerting: AlertingPipeline;
let hook: TestWebhook;
/** A receiver on the grouping defaults, as the demo's flood cycle is heard. */
let quietHook: TestWebhook;
let targetId: string;
const logs: string[] = [];
const clients: pg.Client[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = testWait({ timeoutMs: 20_000, everyMs: 100, explain: logTail(logs) });

/** One more 'app' connection as `application`; false when the server refused it. */
async function open(application: string): Promise<boolean> {
  const client = await connectUnlessFull(target.roleUrl('app'), application);
  if (client) clients.push(client);
  return client !== null;
}

const alertOf = (ruleId: string) => store.db.alert.findFirst({ where: { ruleId, targetId } });
const payloads = () => hook.received as WebhookPayload[];
const heard = (status: 'firing' | 'resolved') => new Set(payloads().flatMap((p) => p[status]).map((alert) => alert.ruleId));

beforeAll(async () => {
  store = await startTestStore();
  target = await startFloodTarget({ maxConnections: MAX_CONNECTIONS });

  // The bystander is there before Lifeguard looks, so the calm baseline is flat.
  for (let i = 0; i < 2; i++) await open('bystander');
  hook = await startTestWebhook();
  // This test follows the whole path, not the damping (tests/integration/alerts-hover.test.ts
  // covers that with the defaults): changes to a group go out within a second, and the critical
  // rules keep firing 3 s instead of a minute once the flood is over.
  await createReceiver(store.db, TEST_ACTOR, { name: 'test hook', kind: 'webhook', url: hook.url, enabled: true, groupIntervalSeconds: 1 });
  quietHook = await startTestWebhook();
  await createReceiver(store.db, TEST_ACTOR, { name: 'on defaults', kind: 'webhook', url: quietHook.url, enabled: true });
  for (const id of [BUILT_IN.usageCritical, BUILT_IN.refusing]) await updateRule(store.db, TEST_ACTOR, id, { keepFiringForSeconds: 3 });
  ({ id: targetId } = await store.db.target.create({ data: { name: 'production', url: target.roleUrl('monitor'), intervalMs: 250 } }));
  alerting = startAlertingPipeline({ db: store.db, storeUrl: store.url, log: (message) => logs.push(message), evaluatorPeriodMs: 250, deliveryPollMs: 100 });
});

afterAll(async () => {
  await alerting?.stop();
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await hook?.close();
  await quietHook?.close();
  await target?.stop();
  await store?.stop();
});

describe('alerts during a connection flood', () => {
  it('warns before it is full, fires in order, notifies, opens an incident naming the flooding app, and resolves', async () => {
    // The flooding application reports its pool: one instance allowed 50 connections of 37 usable.
    await ingestReports(store.db, {
      reports: [{ application: 'flood-web', instance: 'web-1', target: 'production', at: new Date().toISOString(), poolMax: 50, total: 0, idle: 0, waiting: 0, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null }],
    });
    // A calm baseline for the forecast and the climb heuristic.
    await waitFor('calm samples', async () => (await store.db.sample.count({ where: { targetId, total: { not: null } } })) >= 8);

    expect(await alertOf(BUILT_IN.timeToExhaustion)).toBeNull(); // no false warning while calm
    const surge = Date.now();
    let refusedAt: number | null = null;
    while (!(await alertOf(BUILT_IN.refusing))?.firedAt) {
      if (!(await open('flood-web')) && refusedAt === null) refusedAt = Date.now();
      await sleep(200);
      if (Date.now() - surge > 30_000) throw new Error(`no refusal alert after 30 s; log:\n${logs.join('\n')}`);
    }
    const [tte, usage, refusing] = await Promise.all([alertOf(BUILT_IN.timeToExhaustion), alertOf(BUILT_IN.usageCritical), alertOf(BUILT_IN.refusing)]);
    const seconds = (at: Date | null | undefined) => (at ? (at.getTime() - surge) / 1000 : null);
    console.log(
      `[alerts-flood] seconds from the start of the surge: time-to-exhaustion ${seconds(tte?.firedAt)}, usage ≥ 95% ${seconds(usage?.firedAt)}, ` +
        `refusal ${seconds(refusing?.firedAt)}; first app connection refused at ${refusedAt === null ? '-' : (refusedAt - surge) / 1000}`,
    );
    expect(tte?.firedAt && usage?.firedAt && refusing?.firedAt).toBeTruthy();
    expect(tte!.firedAt!.getTime()).toBeLessThan(usage!.firedAt!.getTime());
    expect(usage!.firedAt!.getTime()).toBeLessThanOrEqual(refusing!.firedAt!.getTime());

    // The webhook hears each of them fire, in messages grouped by target.
    await waitFor('firing payloads', async () => Object.values(BUILT_IN).every((id) => heard('firing').has(id)));
    expect(new Set(payloads().map((p) => p.groupKey))).toEqual(new Set([`target=${targetId}`]));
    expect(payloads()[0]).toMatchObject({ version: 2, status: 'firing', groupLabels: { targetId, targetName: 'production' } });
    const refusal = payloads().flatMap((p) => p.firing).find((alert) => alert.ruleId === BUILT_IN.refusing);
    expect(refusal?.summary).toBe('production refuses new connections');
    expect(refusal?.chartUrl).toMatch(new RegExp(`^http://lifeguard.test/targets/${targetId}\\?from=\\d+&to=\\d+$`));

    // The refusal opened an incident by itself, with the earlier alerts in its timeline, in order.
    const incidentId = await waitFor('the auto-incident', async () => (await alertOf(BUILT_IN.refusing))?.incidentId);
    const incident = await getIncident(store.db, incidentId);
    expect(incident).toMatchObject({ title: 'production: refusing new connections', severity: 'SEV2', createdBy: 'Lifeguard', targets: [{ id: targetId, name: 'production' }] });
    expect(incident.startedAt).toBe(refusing!.activeAt!.toISOString());
    const alertEntries = incident.timeline.filter((entry) => entry.kind === 'alert').map((entry) => entry.body);
    const position = (text: string) => alertEntries.findIndex((body) => body.includes(text));
    expect(position('will run out of connections')).toBeGreaterThanOrEqual(0);
    expect(position('will run out of connections')).toBeLessThan(position('Connection usage'));
    expect(position('Connection usage')).toBeLessThan(position('refuses new connections'));
    expect(alertEntries[position('refuses new connections')]).toMatch(/top holders: flood-web \d+, bystander 2/);

    const [evidence] = await incidentFindings(store.db, incidentId);
    expect(evidence?.topHolders[0]?.name).toBe('flood-web');
    expect(evidence?.budget).toMatchObject({ usable: 37, committed: 50, overCommitted: true });
    expect(evidence?.instances).toEqual([expect.objectContaining({ application: 'flood-web', instance: 'web-1', poolMax: 50 })]);
    const climb = Date.parse(evidence?.climbStartedAt ?? '');
    expect(climb).toBeGreaterThan(surge - 5_000);
    expect(climb).toBeLessThan(tte!.firedAt!.getTime());

    // Release: everything resolves, and the webhook hears that too.
    const flood = clients.splice(2); // the bystander stays
    await Promise.all(flood.map((client) => client.end().catch(() => {})));
    await waitFor('resolved payloads', async () => Object.values(BUILT_IN).every((id) => heard('resolved').has(id)));
    const resolvedEntries = (await getIncident(store.db, incidentId)).timeline.filter((entry) => entry.body.startsWith('Alert resolved:'));
    expect(resolvedEntries.length).toBeGreaterThanOrEqual(1);
    const events = await store.db.alertEvent.findMany({ where: { alert: { ruleId: BUILT_IN.refusing } }, orderBy: { at: 'asc' } });
    expect(events.map((event) => event.to)).toEqual(['firing', 'resolved']);

    // On the receiver defaults, the whole flood was one critical page (what changed since goes
    // out a group interval, 5 min, after it): usage ≥ 95 % pages at once, with the warnings that
    // fired within the group wait before it.
    const pages = (quietHook.received as WebhookPayload[]).filter((p) => p.firing.some((alert) => alert.severity === 'critical'));
    expect(pages).toHaveLength(1);
    expect(pages[0]?.firing.map((alert) => alert.ruleId)).toContain(BUILT_IN.usageCritical);
    console.log(`[alerts-flood] on the receiver defaults: ${quietHook.received.length} message(s): ${(quietHook.received as WebhookPayload[]).map((p) => p.title).join(' | ')}`);
  });
});
