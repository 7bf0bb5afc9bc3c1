import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as timelineRoute from '@/app/api/incidents/[id]/timeline/route';
import * as exportRoute from '@/app/api/targets/[id]/export/route';
import { createIncident } from '@/lib/incidents/create';
import { tickChecklistItem } from '@/lib/incidents/tick';
import { addTimelineNote } from '@/lib/incidents/timeline';
import type { SeriesExport } from '@/lib/samples/export';
import { TEST_ACTOR } from '../support/accounts';
import { idParams, request, startTestApp } from '../support/app';

/** Exports through their route handlers: a target's series as CSV and JSON, an incident's timeline as JSON. */
let app: Awaited<ReturnType<typeof startTestApp>>;
let targetId: string;
const T0 = Date.parse('2026-11-26T10:00:00Z');

beforeAll(async () => {
  app = await startTestApp();
  targetId = (await app.store.db.target.create({ data: { name: 'prod db', url: 'postgres://u@127.0.0.1/db' } })).id;
  // Ten minutes of 1 s samples: total = s % 60; seconds 300–359 unreachable (null figures, an error each).
  await app.store.db.$executeRaw`
    INSERT INTO samples (target_id, at, max_connections, reserved_connections, total, active, idle, idle_in_transaction,
                         idle_in_transaction_aborted, waiting, probe_latency_ms, error, error_code)
    SELECT ${targetId}::uuid, to_timestamp((${T0}::bigint + s * 1000) / 1000.0),
           v.max, v.reserved, v.total, v.active, v.idle, v.iit, v.iita, v.waiting, v.probe, v.error, v.code
    FROM generate_series(0, 599) s
    CROSS JOIN LATERAL (SELECT CASE WHEN s BETWEEN 300 AND 359 THEN NULL ELSE 1 END AS up) u
    CROSS JOIN LATERAL (SELECT 100 * u.up AS max, 3 * u.up AS reserved, (s % 60) * u.up AS total, 1 * u.up AS active,
                               2 * u.up AS idle, 3 * u.up AS iit, 0 * u.up AS iita, (s % 5) * u.up AS waiting, 1.5 * u.up AS probe,
                               CASE WHEN u.up IS NULL THEN 'unreachable' END AS error, CASE WHEN u.up IS NULL THEN 'ECONNREFUSED' END AS code) v`;
});
afterAll(async () => {
  await app?.stop();
});

const exportOf = (query: string, id = targetId) => exportRoute.GET(request(`/api/targets/${id}/export?${query}`), idParams(id));

describe('GET /api/targets/{id}/export', () => {
  const range = `from=${T0}&to=${T0 + 600_000}&points=10`;

  it('downloads every connection column as CSV, one line per bucket', async () => {
    const response = await exportOf(`format=csv&${range}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="lifeguard-prod_db-20261126T100000000Z-20261126T101000000Z.csv"');
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('time,total,active,idle,idle_in_transaction,idle_in_transaction_aborted,waiting,max_connections,usable,probe_latency_ms,errors');
    expect(lines[1]).toBe('2026-11-26T10:00:00.000Z,59,1,2,3,0,4,100,97,1.5,0');
    // The unreachable minute: no figures, 60 error samples.
    expect(lines[6]).toBe('2026-11-26T10:05:00.000Z,,,,,,,,,,60');
    expect(lines).toHaveLength(12); // header, 10 buckets, the final empty string after the last CRLF
    expect(lines[11]).toBe('');
  });

  it('downloads the same as JSON with the bucket width', async () => {
    const response = await exportOf(`format=json&${range}`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="lifeguard-prod_db-.*\.json"$/);
    const data = (await response.json()) as SeriesExport;
    expect(data).toMatchObject({ target: { id: targetId, name: 'prod db' }, from: new Date(T0).toISOString(), stepMs: 60_000 });
    expect(data.rows).toHaveLength(10);
    expect(data.rows[0]).toEqual({
      time: '2026-11-26T10:00:00.000Z', total: 59, active: 1, idle: 2, idle_in_transaction: 3, idle_in_transaction_aborted: 0,
      waiting: 4, max_connections: 100, usable: 97, probe_latency_ms: 1.5, errors: 0,
    });
    expect(data.rows[5]).toMatchObject({ total: null, usable: null, errors: 60 });
  });

  it('defaults to CSV and caps the points', async () => {
    const response = await exportOf(`from=${T0}&to=${T0 + 600_000}&points=7`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await response.text()).trim().split('\r\n').length - 1).toBeLessThanOrEqual(7);
  });

  it('refuses bad input with a message, and an unknown target with 404', async () => {
    const bad = await exportOf('format=xml');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'format: format must be csv or json' });
    expect((await exportOf(`from=${T0 + 1000}&to=${T0}`)).status).toBe(400);
    expect((await exportOf('metric=total')).status).toBe(400);
    expect((await exportOf('format=csv', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('GET /api/incidents/{id}/timeline', () => {
  it('answers the timeline entries in the order things happened', async () => {
    const { db } = app.store;
    const incident = await createIncident(db, TEST_ACTOR, { title: 'Pool flood', severity: 'SEV2', by: 'alice' });
    await addTimelineNote(db, TEST_ACTOR, incident.id, { by: 'bob', body: 'web-7 pool max is **50**' });
    const item = incident.checklist[0];
    if (!item) throw new Error('the incident has no checklist');
    await tickChecklistItem(db, TEST_ACTOR, incident.id, item.id, { checked: true, by: 'carol' });
    const response = await timelineRoute.GET(request(`/api/incidents/${incident.id}/timeline`), idParams(incident.id));
    expect(response.status).toBe(200);
    const entries = (await response.json()) as { kind: string; author: string; body: string; at: string }[];
    expect(entries.map((entry) => [entry.kind, entry.author])).toEqual([['created', 'alice'], ['note', 'bob'], ['checklist', 'carol']]);
    expect(entries[1]?.body).toBe('web-7 pool max is **50**');
    const times = entries.map((entry) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('answers 404 for an unknown incident', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await timelineRoute.GET(request(`/api/incidents/${id}/timeline`), idParams(id))).status).toBe(404);
    }
  });
});
