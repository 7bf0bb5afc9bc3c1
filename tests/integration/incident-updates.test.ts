import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvaluator, type Evaluator } from '@/lib/alerts/evaluator';
import { receiverCreateSchema } from '@/lib/alerts/schema';
import { createReceiver, listDeliveries, listReceivers, updateReceiver } from '@/lib/alerts/notify/receivers';
import { startDeliveryWorker, type DeliveryWorker } from '@/lib/alerts/notify/worker';
import { loadConfig } from '@/lib/config';
import { queueStatusReminders } from '@/lib/incidents/channel/remind';
import { createIncident } from '@/lib/incidents/create';
import { addStatusUpdate } from '@/lib/incidents/status-update';
import { addTimelineNote } from '@/lib/incidents/timeline';
import { updateIncident } from '@/lib/incidents/update';
import { TEST_ACTOR } from '@/tests/support/accounts';
import { startTestStore, type TestStore } from '@/tests/support/postgres';
import { startTestWebhook, type TestWebhook } from '@/tests/support/webhook';
import { logTail, testWait } from '@/tests/support/wait';

/**
 * Incident updates where people are (issue 11, part 4), with a real store, the real delivery
 * worker and two evaluator loops standing for two replicas: a loopback stand-in for a Slack
 * incoming webhook records what it is posted. The incident's channel hears of its declaration,
 * status and severity changes, role changes and status updates, and of one reminder per overdue
 * period (SEV1's period shortened to 5 s through the configuration), each exactly once. The
 * incident is declared SEV3 (an hour between updates) and raised to SEV1 only once its update is
 * posted, so a slow machine cannot make the reminder come before it.
 */
const LIFEGUARD = 'http://lifeguard.test:3000';
const REMINDER_SECONDS = 5;

let store: TestStore;
let slack: TestWebhook;
let otherSlack: TestWebhook;
let worker: DeliveryWorker;
const evaluators: Evaluator[] = [];
const logs: string[] = [];
let statusUpdateMinutes: ReturnType<typeof loadConfig>['statusUpdateMinutes'];

interface SlackMessage {
  text: string;
  blocks: ({ type: 'section'; text: { type: string; text: string } } | { type: 'context'; elements: { type: string; text: string }[] })[];
}

beforeAll(async () => {
  store = await startTestStore();
  slack = await startTestWebhook();
  otherSlack = await startTestWebhook();
  ({ statusUpdateMinutes } = loadConfig({ LIFEGUARD_STATUS_UPDATE_MINUTES: `SEV1=${REMINDER_SECONDS / 60}` }));
  const log = (message: string) => logs.push(message);
  worker = startDeliveryWorker({ db: store.db, lifeguardUrl: LIFEGUARD, pollMs: 100, log });
  for (let replica = 0; replica < 2; replica++) evaluators.push(startEvaluator({ db: store.db, periodMs: 100, statusUpdateMinutes, log }));
}, 60_000);

afterAll(async () => {
  await Promise.all(evaluators.map((evaluator) => evaluator.stop()));
  await worker?.stop();
  await slack?.close();
  await otherSlack?.close();
  await store?.stop();
});

const waitFor = testWait({ timeoutMs: 15_000, everyMs: 50, explain: logTail(logs) });

const messages = (hook: TestWebhook) => hook.received as SlackMessage[];
const blockTexts = (message: SlackMessage) => message.blocks.map((block) => (block.type === 'section' ? block.text.text : block.elements.map((element) => element.text).join(' ')));

/** What Slack's incoming webhooks accept: text, and blocks of mrkdwn sections (≤ 3000 characters) and contexts. */
function expectSlackShape(message: SlackMessage): void {
  expect(typeof message.text).toBe('string');
  expect(message.blocks.length).toBeGreaterThan(0);
  for (const block of message.blocks) {
    if (block.type === 'section') {
      expect(block.text.type).toBe('mrkdwn');
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    } else {
      expect(block.type).toBe('context');
      expect(block.elements.every((element) => element.type === 'mrkdwn')).toBe(true);
    }
  }
}

describe('incident updates posted to the incident’s Slack channel', () => {
  it('posts declaration, status and severity changes, status update and one reminder per overdue period, nothing twice', async () => {
    const channel = await createReceiver(store.db, TEST_ACTOR, { name: '#incidents', kind: 'slack', url: slack.url, enabled: true, defaultChannel: true });
    const incident = await createIncident(store.db, TEST_ACTOR, { title: 'Checkout refuses connections', severity: 'SEV3', by: 'Alice', commander: 'Alice' });
    // Not for the channel: notes and other fields stay on the page.
    await addTimelineNote(store.db, TEST_ACTOR, incident.id, { by: 'Alice', body: 'Looking at the pool' });
    await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', impact: 'Checkout fails for 30 % of requests' });
    // Refused (resolved before it started): nothing changes, so nothing is posted either.
    await expect(updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', status: 'resolved', resolvedAt: new Date('2000-01-01T00:00:00Z') })).rejects.toThrow(/resolvedAt/);
    await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', status: 'identified' });
    await addStatusUpdate(store.db, TEST_ACTOR, incident.id, { by: 'Bob', conditions: 'Pool exhausted on web-7', actions: 'Lowering the pool max', needs: '' });
    await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', severity: 'SEV1' });

    await waitFor('the reminder', () => messages(slack).some((message) => message.text.endsWith('status update overdue')));
    // Resolved well within the next period: a second reminder would be the next period's, not a repeat.
    await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', status: 'resolved' });
    await waitFor('the resolution', () => messages(slack).some((message) => message.text.includes('to resolved')));
    // Several reminder periods pass after the resolution: a resolved incident is never reminded.
    await new Promise((resolve) => setTimeout(resolve, 2 * REMINDER_SECONDS * 1000));

    const received = messages(slack);
    received.forEach(expectSlackShape);
    expect(received.map((message) => message.text)).toEqual([
      'INC-1 (SEV3, investigating) “Checkout refuses connections”: declared: Checkout refuses connections',
      'INC-1 (SEV3, identified) “Checkout refuses connections”: Status changed from investigating to identified',
      'INC-1 (SEV3, identified) “Checkout refuses connections”: status update',
      'INC-1 (SEV1, identified) “Checkout refuses connections”: Severity changed from SEV3 to SEV1',
      'INC-1 (SEV1, identified) “Checkout refuses connections”: status update overdue',
      'INC-1 (SEV1, resolved) “Checkout refuses connections”: Status changed from identified to resolved',
    ]);
    expect(blockTexts(received[0]!)[0]).toBe(`*<${LIFEGUARD}/incidents/${incident.id}|INC-1>* declared: Checkout refuses connections`);
    expect(blockTexts(received[2]!).slice(1, 4)).toEqual(['*Conditions*\nPool exhausted on web-7', '*Actions*\nLowering the pool max', '*Needs*\n_none_']);
    expect(blockTexts(received[2]!).at(-1)).toMatch(/^SEV3 · identified · Commander: Alice · Scribe: nobody · Communications lead: nobody · Bob at /);
    expect(blockTexts(received[4]!)[1]).toMatch(/^No status update for \d+(\.\d)? s; a SEV1 incident expects one every 5 s\./);

    // The receiver's delivery log lists each message once, delivered.
    const log = await listDeliveries(store.db, channel.id);
    expect(log.map((delivery) => [delivery.event, delivery.status])).toEqual(Array(6).fill(['incident', 'delivered']));
    expect(logs.join('\n')).not.toContain(slack.url);
  }, 60_000);

  it('posts to the channel chosen for the incident instead of the default, and refuses a receiver that is not Slack', async () => {
    const chosen = await createReceiver(store.db, TEST_ACTOR, { name: '#checkout-war-room', kind: 'slack', url: otherSlack.url, enabled: true });
    const webhook = await createReceiver(store.db, TEST_ACTOR, { name: 'generic', kind: 'webhook', url: 'http://127.0.0.1:9/hook', enabled: true });
    const incident = await createIncident(store.db, TEST_ACTOR, { title: 'Replica lag', severity: 'SEV3', by: 'Alice' });
    await expect(updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', channelId: webhook.id })).rejects.toThrow(`channelId: no Slack receiver with id ${webhook.id}`);
    await waitFor('the declaration, in the default channel', () => messages(slack).some((message) => message.text.includes('INC-2')));
    const before = messages(slack).length;

    const moved = await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', channelId: chosen.id, scribe: 'Carol', communicationsLead: 'Dana' });
    expect(moved.channel).toEqual({ id: chosen.id, name: '#checkout-war-room' });
    expect(moved.timeline.map((entry) => entry.body)).toEqual(
      expect.arrayContaining(['Scribe set to “Carol”', 'Communications lead set to “Dana”', 'Updates channel set to “#checkout-war-room”']),
    );
    await waitFor('the role changes', () => messages(otherSlack).length >= 2);
    // Time for anything wrongly sent to the default channel to arrive.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages(otherSlack).map((message) => message.text)).toEqual([
      'INC-2 (SEV3, investigating) “Replica lag”: Scribe set to “Carol”',
      'INC-2 (SEV3, investigating) “Replica lag”: Communications lead set to “Dana”',
    ]);
    // Only the declaration went to the default channel, before the incident chose its own.
    expect(messages(slack).length).toBe(before);
    expect(messages(slack).filter((message) => message.text.includes('INC-2')).map((message) => message.text)).toEqual(['INC-2 (SEV3, investigating) “Replica lag”: declared: Replica lag']);
  }, 30_000);

  it('keeps one default channel at most, and only a Slack receiver can be it', async () => {
    const first = await createReceiver(store.db, TEST_ACTOR, { name: '#ops', kind: 'slack', url: 'http://127.0.0.1:9/a', enabled: true, defaultChannel: true });
    const second = await createReceiver(store.db, TEST_ACTOR, { name: '#sre', kind: 'slack', url: 'http://127.0.0.1:9/b', enabled: true });
    await updateReceiver(store.db, TEST_ACTOR, second.id, { defaultChannel: true });
    expect((await listReceivers(store.db)).filter((receiver) => receiver.defaultChannel).map((receiver) => receiver.id)).toEqual([second.id]);
    expect(first.defaultChannel).toBe(true);

    const webhook = await createReceiver(store.db, TEST_ACTOR, { name: 'json', kind: 'webhook', url: 'http://127.0.0.1:9/c', enabled: true });
    await expect(updateReceiver(store.db, TEST_ACTOR, webhook.id, { defaultChannel: true })).rejects.toThrow('defaultChannel: only a slack receiver can be the default incident channel');
    expect(receiverCreateSchema.safeParse({ name: 'x', kind: 'webhook', url: 'http://127.0.0.1:9/d', defaultChannel: true }).error?.issues[0]?.message).toBe('only a slack receiver can be the default incident channel');
    expect((await listReceivers(store.db)).find((receiver) => receiver.id === webhook.id)?.defaultChannel).toBe(false);
  });

  it('sends one reminder for an overdue period however many replicas look at once', async () => {
    const channel = await createReceiver(store.db, TEST_ACTOR, { name: '#payments', kind: 'slack', url: 'http://127.0.0.1:9/e', enabled: true });
    const incident = await createIncident(store.db, TEST_ACTOR, { title: 'Payments slow', severity: 'SEV2', by: 'Alice' });
    await updateIncident(store.db, TEST_ACTOR, incident.id, { by: 'Alice', channelId: channel.id });
    // Declared 40 minutes ago: SEV2 expects an update every 30, so one period is overdue (the next is 20 minutes away).
    await store.db.$executeRaw`UPDATE incidents SET created_at = now() - interval '40 minutes' WHERE id = ${incident.id}::uuid`;

    await Promise.all(Array.from({ length: 6 }, () => queueStatusReminders(store.db, statusUpdateMinutes)));
    await queueStatusReminders(store.db, statusUpdateMinutes);

    // The two evaluator loops of this file look too: still one.
    const reminders = await store.db.delivery.findMany({ where: { groupKey: `incident/${incident.id}`, payload: { path: ['event'], equals: 'reminder' } } });
    expect(reminders).toHaveLength(1);
    const row = await store.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.remindedFor?.getTime()).toBe(row.createdAt.getTime() + 30 * 60_000);
  });
});
