import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as incidentRoute from '@/app/api/incidents/[id]/route';
import * as checklistRoute from '@/app/api/incidents/[id]/checklist/route';
import * as poolEvidenceRoute from '@/app/api/incidents/[id]/pool-evidence/route';
import * as timelineRoute from '@/app/api/incidents/[id]/timeline/route';
import { CHANNELS } from '@/lib/events/channels';
import type { ChecklistItemView, IncidentSummary, IncidentView, TimelineEntryView } from '@/lib/incidents/types';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const HOUR = 3_600_000;

async function declare(body: Record<string, unknown>): Promise<IncidentView> {
  const response = await incidentsRoute.POST(request('/api/incidents', { method: 'POST', json: body }), noParams);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as IncidentView;
}

async function patch(id: string, body: Record<string, unknown>): Promise<Response> {
  return incidentRoute.PATCH(request(`/api/incidents/${id}`, { method: 'PATCH', json: body }), idParams(id));
}

async function patchOk(id: string, body: Record<string, unknown>): Promise<IncidentView> {
  const response = await patch(id, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as IncidentView;
}

async function list(query = ''): Promise<IncidentSummary[]> {
  const response = await incidentsRoute.GET(request(`/api/incidents${query}`), noParams);
  expect(response.status).toBe(200);
  return (await response.json()) as IncidentSummary[];
}

/** Every table an incident change writes to; a refused request must leave all of them as they were. */
async function rowCounts() {
  const db = app.store.db;
  const [incidents, timeline, checklist, links] = await Promise.all([db.incident.count(), db.timelineEntry.count(), db.checklistItem.count(), db.incidentTarget.count()]);
  return { incidents, timeline, checklist, links };
}

const kinds = (timeline: TimelineEntryView[]) => timeline.map((entry) => entry.kind);

describe('declaring an incident', () => {
  it('copies the default checklist, with the pool question first, and records a created entry', async () => {
    const incident = await declare({ title: 'Checkout is crawling', severity: 'SEV2', by: 'Alice' });
    expect(incident).toMatchObject({ title: 'Checkout is crawling', severity: 'SEV2', status: 'investigating', resolvedAt: null, createdBy: 'Alice', impact: '', targets: [] });
    expect(incident.number).toBeGreaterThan(0);
    expect(incident.checklist).toHaveLength(8);
    expect(incident.checklist[0]).toMatchObject({ position: 1, text: 'Did we check the connection pool?', kind: 'pool_check', checked: false, checkedBy: null, checkedAt: null, evidence: null });
    expect(incident.checklist.map((item) => item.text).join('\n')).toMatch(/network[\s\S]*deployed[\s\S]*logs[\s\S]*pool limit[\s\S]*long-running transactions[\s\S]*escalate[\s\S]*customers/);
    expect(incident).toMatchObject({ checklistDone: 0, checklistTotal: 8 });
    expect(incident.timeline).toHaveLength(1);
    expect(incident.timeline[0]).toMatchObject({ kind: 'created', author: 'Alice' });
    // Started and detected default to the moment of declaring.
    expect(incident.startedAt).toBe(incident.detectedAt);
    expect(Math.abs(Date.parse(incident.startedAt) - Date.now())).toBeLessThan(10_000);
  });

  it('adds an item to one incident only, at the end of its checklist, and records it', async () => {
    const incident = await declare({ title: 'Replica lag', severity: 'SEV3', by: 'Alice' });
    const response = await checklistRoute.POST(request(`/api/incidents/${incident.id}/checklist`, { method: 'POST', json: { text: 'Is the replica lagging?', by: 'Bob' } }), idParams(incident.id));
    expect(response.status).toBe(201);
    const item = (await response.json()) as ChecklistItemView;
    expect(item).toMatchObject({ position: 9, text: 'Is the replica lagging?', kind: 'plain', checked: false });
    const after = await getIncident(incident.id);
    expect(after.checklist.at(-1)?.id).toBe(item.id);
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'checklist', author: 'Bob', body: 'Bob added “Is the replica lagging?” to the checklist' });
    const other = await declare({ title: 'Another', severity: 'SEV4', by: 'Alice' });
    expect(other.checklist).toHaveLength(8);
  });
});

async function getIncident(id: string): Promise<IncidentView> {
  const response = await incidentRoute.GET(request(`/api/incidents/${id}`), idParams(id));
  expect(response.status).toBe(200);
  return (await response.json()) as IncidentView;
}

describe('the status lifecycle', () => {
  it('records every status change, stamps the resolved time, computes the duration and clears it on reopen', async () => {
    const startedAt = new Date(Date.now() - 3 * HOUR);
    const detectedAt = new Date(startedAt.getTime() + 70 * 60_000);
    const incident = await declare({ title: 'Too many clients', severity: 'SEV2', by: 'Alice', startedAt: startedAt.toISOString(), detectedAt: detectedAt.toISOString() });
    expect(incident.durationSeconds).toBeGreaterThanOrEqual(3 * 3600 - 1);

    const identified = await patchOk(incident.id, { status: 'identified', by: 'Bob' });
    expect(identified.timeline.at(-1)).toMatchObject({ kind: 'status', author: 'Bob', body: 'Status changed from investigating to identified' });
    const monitoring = await patchOk(incident.id, { status: 'monitoring', by: 'Carol' });
    expect(monitoring.timeline.at(-1)).toMatchObject({ kind: 'status', author: 'Carol', body: 'Status changed from identified to monitoring' });

    const resolved = await patchOk(incident.id, { status: 'resolved', by: 'Alice' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolvedAt).not.toBeNull();
    expect(Math.abs(Date.parse(resolved.resolvedAt ?? '') - Date.now())).toBeLessThan(10_000);
    expect(resolved.timeline.at(-1)).toMatchObject({ kind: 'status', body: 'Status changed from monitoring to resolved' });
    expect(kinds(resolved.timeline)).toEqual(['created', 'status', 'status', 'status']);

    // People correct the resolved time afterwards: the duration follows it.
    const twoHoursIn = new Date(startedAt.getTime() + 2 * HOUR).toISOString();
    const corrected = await patchOk(incident.id, { resolvedAt: twoHoursIn, by: 'Alice' });
    expect(corrected.resolvedAt).toBe(twoHoursIn);
    expect(corrected.durationSeconds).toBe(7200);
    expect(corrected.timeline.at(-1)).toMatchObject({ kind: 'field', body: `Resolution time changed from ${resolved.resolvedAt} to ${twoHoursIn}` });

    const reopened = await patchOk(incident.id, { status: 'monitoring', by: 'Bob' });
    expect(reopened).toMatchObject({ status: 'monitoring', resolvedAt: null });
    expect(reopened.timeline.at(-1)).toMatchObject({ kind: 'status', body: 'Status changed from resolved to monitoring (reopened)' });
    expect(reopened.durationSeconds).toBeGreaterThanOrEqual(3 * 3600 - 1);

    // Jumping straight to resolved with a given time is allowed too.
    const closed = await patchOk(incident.id, { status: 'resolved', resolvedAt: twoHoursIn, by: 'Bob' });
    expect(closed).toMatchObject({ status: 'resolved', resolvedAt: twoHoursIn, durationSeconds: 7200 });
  });

  it('records severity and field changes, and writes nothing for a PATCH that changes nothing', async () => {
    const incident = await declare({ title: 'Pool flood', severity: 'SEV3', by: 'Alice' });
    const changed = await patchOk(incident.id, { severity: 'SEV1', title: 'Pool flood on orders-db', commander: 'Dana', impact: 'Checkout failing for most customers', by: 'Bob' });
    expect(changed).toMatchObject({ severity: 'SEV1', title: 'Pool flood on orders-db', commander: 'Dana', impact: 'Checkout failing for most customers' });
    expect(changed.timeline.slice(1).map((entry) => entry.body)).toEqual([
      'Severity changed from SEV3 to SEV1',
      'Title changed from “Pool flood” to “Pool flood on orders-db”',
      'Commander set to “Dana”',
      'Impact described',
    ]);
    expect(kinds(changed.timeline)).toEqual(['created', 'severity', 'field', 'field', 'field']);

    const before = await rowCounts();
    const same = await patchOk(incident.id, { severity: 'SEV1', title: 'Pool flood on orders-db', by: 'Bob' });
    expect(same.timeline).toHaveLength(5);
    expect(same.updatedAt).toBe(changed.updatedAt);
    expect(await rowCounts()).toEqual(before);
  });

  it('places a back-dated note in time order', async () => {
    const startedAt = new Date(Date.now() - 2 * HOUR);
    const incident = await declare({ title: 'Reconstructed', severity: 'SEV2', by: 'Alice', startedAt: startedAt.toISOString() });
    await patchOk(incident.id, { status: 'identified', by: 'Alice' });
    const alertAt = new Date(startedAt.getTime() + 5 * 60_000).toISOString();
    const response = await timelineRoute.POST(
      request(`/api/incidents/${incident.id}/timeline`, { method: 'POST', json: { body: 'First alert: **latency** on checkout', at: alertAt, by: 'Bob' } }),
      idParams(incident.id),
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ kind: 'note', at: alertAt, author: 'Bob', body: 'First alert: **latency** on checkout' });
    const now = await timelineRoute.POST(request(`/api/incidents/${incident.id}/timeline`, { method: 'POST', json: { body: 'Pool found', by: 'Carol' } }), idParams(incident.id));
    expect(now.status).toBe(201);

    const { timeline } = await getIncident(incident.id);
    expect(kinds(timeline)).toEqual(['note', 'created', 'status', 'note']);
    expect(timeline[0]?.body).toBe('First alert: **latency** on checkout');
    expect(timeline[3]?.body).toBe('Pool found');
    const times = timeline.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('the incident list', () => {
  it('puts open incidents first, newest start first, and filters by status and severity', async () => {
    const base = Date.now() - 10 * HOUR;
    const at = (hours: number) => new Date(base + hours * HOUR).toISOString();
    const oldOpen = await declare({ title: 'L old open', severity: 'SEV1', by: 'A', startedAt: at(1) });
    const newOpen = await declare({ title: 'L new open', severity: 'SEV3', by: 'A', startedAt: at(3) });
    const newestResolved = await declare({ title: 'L newest resolved', severity: 'SEV1', by: 'A', startedAt: at(5) });
    await patchOk(newestResolved.id, { status: 'resolved', resolvedAt: at(6), by: 'A' });
    const identified = await declare({ title: 'L identified', severity: 'SEV1', by: 'A', startedAt: at(2) });
    await patchOk(identified.id, { status: 'identified', by: 'A' });

    const mine = (rows: IncidentSummary[]) => rows.filter((row) => row.title.startsWith('L ')).map((row) => row.title);
    const all = await list();
    expect(mine(all)).toEqual(['L new open', 'L identified', 'L old open', 'L newest resolved']);
    // Open incidents come before every resolved one, across the whole list.
    const firstResolved = all.findIndex((row) => row.status === 'resolved');
    expect(all.slice(firstResolved).every((row) => row.status === 'resolved')).toBe(true);

    expect(mine(await list('?status=open'))).toEqual(['L new open', 'L identified', 'L old open']);
    expect(mine(await list('?status=resolved'))).toEqual(['L newest resolved']);
    expect(mine(await list('?status=identified'))).toEqual(['L identified']);
    expect(mine(await list('?severity=SEV1'))).toEqual(['L identified', 'L old open', 'L newest resolved']);
    expect(mine(await list('?status=open&severity=SEV1'))).toEqual(['L identified', 'L old open']);

    const summary = (await list('?status=resolved')).find((row) => row.id === newestResolved.id);
    expect(summary).toMatchObject({ durationSeconds: 3600, checklistDone: 0, checklistTotal: 8, resolvedAt: at(6) });
    expect(summary).not.toHaveProperty('timeline');
    expect(newOpen.id).not.toBe(oldOpen.id);

    for (const query of ['?status=done', '?severity=SEV9', '?page=2']) {
      expect((await incidentsRoute.GET(request(`/api/incidents${query}`), noParams)).status).toBe(400);
    }
  });
});

describe('bad input', () => {
  const valid = { title: 'Valid', severity: 'SEV2', by: 'Alice' };

  it.each([
    [{ ...valid, title: '   ' }, /title: title is required/],
    [{ ...valid, severity: 'SEV9' }, /severity: severity must be one of SEV1, SEV2, SEV3, SEV4/],
    [{ ...valid, by: '' }, /by: by is required/],
    [{ title: 'No one', severity: 'SEV2' }, /by: by is required/],
    [{ ...valid, startedAt: 'yesterday' }, /startedAt: must be an ISO 8601 time/],
    [{ ...valid, startedAt: '2026-11-26T10:00:00Z', detectedAt: '2026-11-26T09:00:00Z' }, /detectedAt .* must not be before startedAt/],
    [{ ...valid, targetIds: ['00000000-0000-4000-8000-00000000dead'] }, /targetIds: no target with id/],
    [{ ...valid, templateId: '00000000-0000-4000-8000-00000000dead' }, /templateId: no checklist template with id/],
    [{ ...valid, status: 'resolved' }, /status/],
  ])('POST /api/incidents %o → 400 and nothing written', async (body, message) => {
    const before = await rowCounts();
    const response = await incidentsRoute.POST(request('/api/incidents', { method: 'POST', json: body }), noParams);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses bad PATCHes with a message and leaves the incident as it was', async () => {
    const startedAt = '2026-11-26T10:00:00.000Z';
    const incident = await declare({ ...valid, startedAt, detectedAt: '2026-11-26T10:30:00.000Z' });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ status: 'done', by: 'Bob' }, /status: status must be one of investigating, identified, monitoring, resolved/],
      [{ severity: 'SEV9', by: 'Bob' }, /severity must be one of/],
      [{ title: '', by: 'Bob' }, /title: title is required/],
      [{ status: 'identified', by: '  ' }, /by: by is required/],
      [{ status: 'resolved', resolvedAt: '2026-11-26T09:59:59Z', by: 'Bob' }, /resolvedAt \(2026-11-26T09:59:59.000Z\) must not be before startedAt \(2026-11-26T10:00:00.000Z\)/],
      [{ startedAt: '2026-11-26T11:00:00Z', by: 'Bob' }, /detectedAt .* must not be before startedAt/],
      [{ resolvedAt: '2026-11-26T12:00:00Z', by: 'Bob' }, /resolvedAt: only a resolved incident has a resolved time/],
      // Valid changes alongside an invalid one: none of them may be applied.
      [{ status: 'identified', severity: 'SEV1', targetIds: ['00000000-0000-4000-8000-00000000dead'], by: 'Bob' }, /targetIds: no target with id/],
    ];
    for (const [body, message] of cases) {
      const before = await rowCounts();
      const response = await patch(incident.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
      expect(await rowCounts()).toEqual(before);
    }
    const after = await getIncident(incident.id);
    expect(after).toMatchObject({ status: 'investigating', severity: 'SEV2', title: 'Valid', resolvedAt: null, startedAt });
    expect(after.timeline).toHaveLength(1);
    expect(after.updatedAt).toBe(incident.updatedAt);

    await patchOk(incident.id, { status: 'resolved', by: 'Bob' });
    const keep = await patch(incident.id, { resolvedAt: null, by: 'Bob' });
    expect(keep.status).toBe(400);
    expect(((await keep.json()) as { error: string }).error).toMatch(/change status to reopen/);
  });

  it('refuses empty notes and nameless authors, and writes nothing', async () => {
    const incident = await declare(valid);
    for (const body of [{ body: 'x', by: '' }, { body: '  ', by: 'Bob' }, { body: 'x', by: 'Bob', at: 'soon' }, { body: 'x', by: 'Bob', kind: 'status' }]) {
      const before = await rowCounts();
      const response = await timelineRoute.POST(request(`/api/incidents/${incident.id}/timeline`, { method: 'POST', json: body }), idParams(incident.id));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await rowCounts()).toEqual(before);
    }
    const empty = await checklistRoute.POST(request(`/api/incidents/${incident.id}/checklist`, { method: 'POST', json: { text: '', by: 'Bob' } }), idParams(incident.id));
    expect(empty.status).toBe(400);
  });

  it('answers 404 for unknown or malformed incident ids on every incident route, and writes nothing', async () => {
    const before = await rowCounts();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const path = `/api/incidents/${id}`;
      expect((await incidentRoute.GET(request(path), idParams(id))).status).toBe(404);
      expect((await patch(id, { status: 'resolved', by: 'Bob' })).status).toBe(404);
      expect((await timelineRoute.POST(request(`${path}/timeline`, { method: 'POST', json: { body: 'hi', by: 'Bob' } }), idParams(id))).status).toBe(404);
      expect((await checklistRoute.POST(request(`${path}/checklist`, { method: 'POST', json: { text: 'x', by: 'Bob' } }), idParams(id))).status).toBe(404);
      expect((await poolEvidenceRoute.GET(request(`${path}/pool-evidence`), idParams(id))).status).toBe(404);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('live notices', () => {
  it('announces every committed change on the incidents channel, and nothing for a refused or empty one', async () => {
    const listener = new pg.Client({ connectionString: app.store.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (message) => {
      if (message.channel === CHANNELS.incidents && message.payload) heard.push(message.payload);
    });
    await listener.query(`LISTEN ${CHANNELS.incidents}`);
    try {
      const incident = await declare({ title: 'Heard', severity: 'SEV3', by: 'Alice' });
      await patchOk(incident.id, { status: 'identified', by: 'Bob' });
      await patchOk(incident.id, { status: 'identified', by: 'Bob' });
      expect((await patch(incident.id, { status: 'resolved', resolvedAt: '2000-01-01T00:00:00Z', by: 'Bob' })).status).toBe(400);
      await timelineRoute.POST(request(`/api/incidents/${incident.id}/timeline`, { method: 'POST', json: { body: 'note', by: 'Carol' } }), idParams(incident.id));
      await checklistRoute.POST(request(`/api/incidents/${incident.id}/checklist`, { method: 'POST', json: { text: 'More', by: 'Carol' } }), idParams(incident.id));
      await expect.poll(() => heard.length).toBe(4);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(heard).toEqual([incident.id, incident.id, incident.id, incident.id]);
    } finally {
      await listener.end();
    }
  });
});
