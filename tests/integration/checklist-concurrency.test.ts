import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as incidentRoute from '@/app/api/incidents/[id]/route';
import * as tickRoute from '@/app/api/incidents/[id]/checklist/[itemId]/route';
import * as poolEvidenceRoute from '@/app/api/incidents/[id]/pool-evidence/route';
import type { Finding } from '@/lib/finding/types';
import type { ChecklistItemView, IncidentView, TimelineEntryView } from '@/lib/incidents/types';
import { recordSample } from '@/lib/samples/record';
import { idParams, noParams, request, startTestApp } from '../support/app';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

let app: Awaited<ReturnType<typeof startTestApp>>;
let production: TestPostgres | undefined;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await production?.stop();
  await app?.stop();
});

async function declare(body: Record<string, unknown>): Promise<IncidentView> {
  const response = await incidentsRoute.POST(request('/api/incidents', { method: 'POST', json: { title: 'Pool flood', severity: 'SEV1', by: 'Alice', ...body } }), noParams);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as IncidentView;
}

async function getIncident(id: string): Promise<IncidentView> {
  return (await (await incidentRoute.GET(request(`/api/incidents/${id}`), idParams(id))).json()) as IncidentView;
}

function tick(incidentId: string, itemId: string, body: unknown): Promise<Response> {
  return tickRoute.PATCH(request(`/api/incidents/${incidentId}/checklist/${itemId}`, { method: 'PATCH', json: body }), {
    params: Promise.resolve({ id: incidentId, itemId }),
  });
}

interface TickData {
  itemId: string;
  checked: boolean;
  evidence?: Finding[];
}

const tickEntries = (timeline: TimelineEntryView[], itemId: string) =>
  timeline.filter((entry) => entry.kind === 'checklist' && (entry.data as TickData).itemId === itemId && typeof (entry.data as TickData).checked === 'boolean');

describe('ticking together', () => {
  it('loses no action when twenty people tick and untick the same item at once: the timeline and the item agree', async () => {
    const incident = await declare({});
    const item = incident.checklist[2];
    if (!item) throw new Error('the default checklist has items');
    const intents = new Map<string, boolean>();

    // Several waves, so that checks and unchecks meet the item in both states.
    for (let wave = 0; wave < 3; wave++) {
      const requests = Array.from({ length: 20 }, (_, index) => {
        const by = `Responder ${wave}-${index}`;
        const checked = (index * 7 + wave) % 3 !== 0; // a mix, in no tidy order
        intents.set(by, checked);
        return tick(incident.id, item.id, { checked, by });
      });
      const responses = await Promise.all(requests);
      expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 20 }, () => 200));
    }

    const after = await getIncident(incident.id);
    const final = after.checklist.find((candidate) => candidate.id === item.id);
    const entries = tickEntries(after.timeline, item.id);
    const states = entries.map((entry) => (entry.data as TickData).checked);

    // Every entry is a real change: from unchecked, they alternate check, uncheck, check, …
    expect(entries.length).toBeGreaterThan(1);
    states.forEach((checked, index) => expect(checked, `entry ${index}`).toBe(index % 2 === 0));
    // … each written by someone who asked for exactly that …
    for (const entry of entries) expect(intents.get(entry.author)).toBe((entry.data as TickData).checked);
    // … in strictly increasing time, and the last one is the item's state now.
    const times = entries.map((entry) => Date.parse(entry.at));
    times.slice(1).forEach((time, index) => expect(time).toBeGreaterThan(times[index] ?? Infinity));
    const last = entries.at(-1);
    expect(final?.checked).toBe(states.at(-1));
    if (final?.checked) expect(final).toMatchObject({ checkedBy: last?.author, checkedAt: last?.at });
    else expect(final).toMatchObject({ checkedBy: null, checkedAt: null });
    expect(last?.body).toBe(`${last?.author} ${final?.checked ? 'checked' : 'unchecked'} “${item.text}”`);
    expect(after.checklistDone).toBe(final?.checked ? 1 : 0);

    // The same, counted in the store rather than through the API.
    const stored = await app.store.db.timelineEntry.count({ where: { incidentId: incident.id, kind: 'checklist' } });
    expect(stored).toBe(entries.length);
  });

  it('answers a second check of a checked item with the item as it is, and writes no second entry', async () => {
    const incident = await declare({});
    const item = incident.checklist[1];
    if (!item) throw new Error('the default checklist has items');
    const first = (await (await tick(incident.id, item.id, { checked: true, by: 'Alice' })).json()) as ChecklistItemView;
    expect(first).toMatchObject({ id: item.id, checked: true, checkedBy: 'Alice' });
    const second = await tick(incident.id, item.id, { checked: true, by: 'Bob' });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(first);
    const unchecked = (await (await tick(incident.id, item.id, { checked: false, by: 'Bob' })).json()) as ChecklistItemView;
    expect(unchecked).toMatchObject({ checked: false, checkedBy: null, checkedAt: null });
    const after = await getIncident(incident.id);
    expect(tickEntries(after.timeline, item.id).map((entry) => entry.body)).toEqual([`Alice checked “${item.text}”`, `Bob unchecked “${item.text}”`]);
  });

  it('answers 404 for an unknown item, item of another incident or unknown incident, and 400 for a bad tick; nothing written', async () => {
    const incident = await declare({});
    const other = await declare({ title: 'Other' });
    const item = incident.checklist[0];
    const otherItem = other.checklist[0];
    if (!item || !otherItem) throw new Error('the default checklist has items');
    const count = () => app.store.db.timelineEntry.count();
    const before = await count();
    const unknown = '00000000-0000-4000-8000-00000000beef';
    for (const [incidentId, itemId] of [[incident.id, unknown], [incident.id, 'nope'], [incident.id, otherItem.id], [unknown, item.id], ['nope', item.id]] as const) {
      const response = await tick(incidentId, itemId, { checked: true, by: 'Alice' });
      expect(response.status, `${incidentId}/${itemId}`).toBe(404);
      expect(((await response.json()) as { error: string }).error).toMatch(/^no (incident|checklist item) with id/);
    }
    for (const body of [{ checked: 'yes', by: 'Alice' }, { checked: true, by: '' }, { checked: true }, { by: 'Alice' }]) {
      const response = await tick(incident.id, item.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await count()).toBe(before);
    expect((await getIncident(incident.id)).checklist[0]?.checked).toBe(false);
  });
});

describe('the pool item', () => {
  it('shows the live pool evidence of the linked target and saves it with the tick', async () => {
    production = await startTestPostgres();
    const client = new pg.Client({ connectionString: production.url() });
    await client.connect();
    const settings = await client.query<{ max: string; reserved: string }>(
      "SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved",
    );
    await client.end();
    const maxConnections = Number(settings.rows[0]?.max);
    const reservedConnections = Number(settings.rows[0]?.reserved);
    const usable = maxConnections - reservedConnections;

    const target = await app.store.db.target.create({ data: { name: 'orders-db', url: production.url() } });
    const holders = [
      { name: 'web', clientAddr: '10.0.0.7', total: usable - 10, active: 5, idle: usable - 15, idleInTransaction: 0 },
      { name: 'worker', clientAddr: '10.0.0.9', total: 7, active: 7, idle: 0, idleInTransaction: 0 },
      ...Array.from({ length: 11 }, (_, index) => ({ name: `cron-${index}`, clientAddr: null, total: 0, active: 0, idle: 0, idleInTransaction: 0 })),
    ];
    const total = holders.reduce((sum, holder) => sum + holder.total, 0);
    await recordSample(app.store.db, {
      targetId: target.id,
      at: new Date(),
      maxConnections,
      reservedConnections,
      total,
      states: { active: 12, idle: total - 12, idleInTransaction: 0, idleInTransactionAborted: 0 },
      waiting: 0,
      oldestXactSeconds: 0.5,
      probeLatencyMs: 1.2,
      connectLatencyMs: null,
      commitsPerSec: 100,
      rollbacksPerSec: 0,
      deadlocksPerSec: 0,
      applications: [...holders].reverse(),
      error: 'sorry, too many clients already',
      errorCode: '53300',
    });

    const incident = await declare({ targetIds: [target.id] });
    expect(incident.targets).toEqual([{ id: target.id, name: 'orders-db' }]);
    const pool = incident.checklist.find((item) => item.kind === 'pool_check');
    if (!pool) throw new Error('the default checklist has the pool item');

    const live = await poolEvidenceRoute.GET(request(`/api/incidents/${incident.id}/pool-evidence`), idParams(incident.id));
    expect(live.status).toBe(200);
    const expected = {
      targetId: target.id,
      targetName: 'orders-db',
      total,
      maxConnections,
      usableConnections: usable,
      usagePercent: Math.round((total / usable) * 1000) / 10,
      error: 'sorry, too many clients already',
    };
    const [liveEvidence] = (await live.json()) as Finding[];
    expect(liveEvidence).toMatchObject(expected);
    expect(liveEvidence?.topHolders).toHaveLength(10);
    expect(liveEvidence?.topHolders[0]).toEqual(holders[0]);

    const response = await tick(incident.id, pool.id, { checked: true, by: 'Alice' });
    expect(response.status).toBe(200);
    const ticked = (await response.json()) as ChecklistItemView;
    expect(ticked).toMatchObject({ checked: true, checkedBy: 'Alice', kind: 'pool_check' });
    expect(ticked.evidence).toHaveLength(1);
    expect(ticked.evidence?.[0]).toMatchObject(expected);
    expect(ticked.evidence?.[0]?.topHolders[0]).toMatchObject({ name: 'web', clientAddr: '10.0.0.7', total: usable - 10 });
    expect(ticked.evidence?.[0]?.usagePercent).toBeGreaterThan(90);

    const after = await getIncident(incident.id);
    expect(after.checklist.find((item) => item.id === pool.id)?.evidence).toEqual(ticked.evidence);
    const entry = tickEntries(after.timeline, pool.id).at(-1);
    expect(entry).toMatchObject({ author: 'Alice', body: 'Alice checked “Did we check the connection pool?”' });
    expect((entry?.data as TickData).evidence).toEqual(ticked.evidence);

    // Unticking clears the saved evidence from the item; the timeline keeps what was seen.
    const unticked = (await (await tick(incident.id, pool.id, { checked: false, by: 'Bob' })).json()) as ChecklistItemView;
    expect(unticked.evidence).toBeNull();
    const history = tickEntries((await getIncident(incident.id)).timeline, pool.id);
    expect((history[0]?.data as TickData).evidence).toEqual(ticked.evidence);
  });

  it('says so when a linked target has no sample yet, and saves that', async () => {
    const target = await app.store.db.target.create({ data: { name: 'quiet-db', url: 'postgres://lifeguard@127.0.0.1:1/quiet' } });
    const incident = await declare({ targetIds: [target.id] });
    const pool = incident.checklist.find((item) => item.kind === 'pool_check');
    if (!pool) throw new Error('the default checklist has the pool item');
    const ticked = (await (await tick(incident.id, pool.id, { checked: true, by: 'Alice' })).json()) as ChecklistItemView;
    expect(ticked.evidence).toMatchObject([{ targetName: 'quiet-db', total: null, usagePercent: null, error: 'no sample recorded yet', topHolders: [] }]);
  });
});
