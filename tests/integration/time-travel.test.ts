import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as peakRoute from '@/app/api/incidents/[id]/peak/route';
import * as postmortemRoute from '@/app/api/incidents/[id]/postmortem/route';
import * as snapshotRoute from '@/app/api/targets/[id]/snapshot/route';
import { COLLECTOR_APPLICATION_NAME } from '@/lib/collector/persistent-sampler';
import { figuresFromRow, SAMPLE_SQL, type SampleRow } from '@/lib/collector/sample-query';
import type { IncidentPeak } from '@/lib/finding/peak';
import type { SnapshotWithCauses } from '@/lib/finding/types';
import type { IncidentView } from '@/lib/incidents/types';
import { recordSample } from '@/lib/samples/record';
import { idParams, noParams, request, startTestApp } from '../support/app';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * The past made visible, on a real server: three samples taken with the collector's query — calm,
 * flooded by 20 sessions without application_name, calm again — stored at known instants; then
 * the moment in between read back through snapshot?at=, the incident's peak, and the postmortem.
 */
let app: Awaited<ReturnType<typeof startTestApp>>;
let target: TestPostgres;
let sampler: pg.Client;
let targetId: string;
const flood: pg.Client[] = [];
const T0 = Date.now() - 60_000;
const at = (seconds: number) => new Date(T0 + seconds * 1000);

async function sampleAt(when: Date): Promise<void> {
  const figures = figuresFromRow((await sampler.query<SampleRow>(SAMPLE_SQL)).rows[0]!);
  await recordSample(app.store.db, { targetId, at: when, ...figures, probeLatencyMs: 1, connectLatencyMs: 2, commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, error: null, errorCode: null });
}

const snapshot = (query: string) => snapshotRoute.GET(request(`/api/targets/${targetId}/snapshot${query}`), idParams(targetId));

beforeAll(async () => {
  [app, target] = await Promise.all([startTestApp(), startTestPostgres({ maxConnections: 100 })]);
  ({ id: targetId } = await app.store.db.target.create({ data: { name: 'production', url: 'postgres://lifeguard@127.0.0.1/postgres' } }));
  sampler = new pg.Client({ connectionString: target.url(), application_name: COLLECTOR_APPLICATION_NAME });
  await sampler.connect();
  await sampleAt(at(0));
  for (let i = 0; i < 20; i++) {
    // node-postgres sends no application_name unless given one: these sessions are unattributed.
    const client = new pg.Client({ connectionString: target.url() });
    await client.connect();
    flood.push(client);
  }
  await sampleAt(at(2));
  await Promise.all(flood.map((client) => client.end()));
  await sampleAt(at(4));
});

afterAll(async () => {
  await sampler?.end().catch(() => {});
  await target?.stop();
  await app?.stop();
});

describe('GET /api/targets/{id}/snapshot?at=', () => {
  it('answers the sample at or before the instant, with its holders, states and causes', async () => {
    for (const query of [`?at=${T0 + 3000}`, `?at=${encodeURIComponent(at(3).toISOString())}`, `?at=${T0 + 2000}`]) {
      const response = await snapshot(query);
      expect(response.status).toBe(200);
      const body = (await response.json()) as SnapshotWithCauses;
      expect(body.at).toBe(at(2).toISOString());
      expect(body.total).toBe(21);
      expect(body.states?.idle).toBe(20);
      expect(body.applications).toContainEqual(expect.objectContaining({ name: '', clientAddr: '127.0.0.1', total: 20, idle: 20 }));
      expect(body.causes.map((cause) => cause.kind)).toEqual(['unattributed']);
      expect(body.causes[0]?.evidence).toEqual(['127.0.0.1: 20 sessions']);
    }
  });

  it('answers the calm moment after it as calm', async () => {
    const body = (await (await snapshot(`?at=${T0 + 5000}`)).json()) as SnapshotWithCauses;
    expect(body).toMatchObject({ at: at(4).toISOString(), total: 1, causes: [] });
  });

  it('without at, answers the latest sample as before', async () => {
    const body = (await (await snapshot('')).json()) as Record<string, unknown>;
    expect(body.at).toBe(at(4).toISOString());
    expect(body).not.toHaveProperty('causes');
  });

  it('refuses a bad at with 400 naming it, and answers 404 before the first sample', async () => {
    for (const bad of ['yesterday', '2026-11-29T10:00:00', '-5', '']) {
      const response = await snapshot(`?at=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe('at: must be epoch milliseconds or an ISO 8601 time');
    }
    expect((await snapshot(`?at=${T0}&from=1`)).status).toBe(400);
    const early = await snapshot(`?at=${T0 - 1000}`);
    expect(early.status).toBe(404);
    expect(((await early.json()) as { error: string }).error).toBe(`no sample of target production at or before ${at(-1).toISOString()}`);
  });
});

describe('who held the connections at the peak', () => {
  let incident: IncidentView;

  beforeAll(async () => {
    const response = await incidentsRoute.POST(
      request('/api/incidents', { method: 'POST', json: { title: 'Unnamed flood', severity: 'SEV2', by: 'Ada', startedAt: at(-1).toISOString(), detectedAt: at(1).toISOString(), targetIds: [targetId] } }),
      noParams,
    );
    expect(response.status, await response.clone().text()).toBe(201);
    incident = (await response.json()) as IncidentView;
  });

  it('finds the sample with the most connections inside the incident window, with its causes', async () => {
    const response = await peakRoute.GET(request(`/api/incidents/${incident.id}/peak`), idParams(incident.id));
    expect(response.status).toBe(200);
    const [peak, ...rest] = (await response.json()) as IncidentPeak[];
    expect(rest).toEqual([]);
    expect(peak).toMatchObject({ targetId, targetName: 'production', from: at(-1).toISOString() });
    expect(peak?.snapshot).toMatchObject({ at: at(2).toISOString(), total: 21 });
    expect(peak?.snapshot?.causes.map((cause) => cause.kind)).toEqual(['unattributed']);
  });

  it('is a section of the postmortem export', async () => {
    const markdown = await (await postmortemRoute.GET(request(`/api/incidents/${incident.id}/postmortem`), idParams(incident.id))).text();
    const section = markdown.slice(markdown.indexOf('## Who held the connections at the peak'), markdown.indexOf('## Root Cause and Resolution'));
    const clock = at(2).toISOString().slice(11, 19);
    expect(section).toContain(`**production** at ${clock} UTC: 21 connections of 97 usable (max_connections 100).`);
    expect(section).toContain('| (no application_name) | 127.0.0.1 | 20 | 0 | 20 | 0 |');
    expect(section).toContain('1. **Unattributed sessions** — 20 sessions set no application_name');
    expect(section).toContain('   - Fix: Set application_name in every client');
  });

  it('answers 404 for an unknown incident', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect((await peakRoute.GET(request(`/api/incidents/${id}/peak`), idParams(id))).status).toBe(404);
  });
});
