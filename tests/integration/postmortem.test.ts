import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actionItemRoute from '@/app/api/action-items/[id]/route';
import * as allActionItemsRoute from '@/app/api/action-items/route';
import * as incidentActionItemsRoute from '@/app/api/incidents/[id]/action-items/route';
import * as chartRoute from '@/app/api/incidents/[id]/postmortem/chart.svg/route';
import * as postmortemRoute from '@/app/api/incidents/[id]/postmortem/route';
import { CHANNELS } from '@/lib/events/channels';
import type { ActionItemView, ActionItemWithIncident } from '@/lib/action-items/action-items';
import { recordSample } from '@/lib/samples/record';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;
let listener: pg.Client;
const announced: string[] = [];

const MINUTE = 60_000;
// Relative to the real clock: the chart window never runs past now.
const startedAt = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 180 * MINUTE);
const resolvedAt = new Date(startedAt.getTime() + 125 * MINUTE);
const at = (minutes: number) => new Date(startedAt.getTime() + minutes * MINUTE);
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  app = await startTestApp();
  listener = new pg.Client({ connectionString: app.store.url });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel === CHANNELS.incidents && message.payload) announced.push(message.payload);
  });
  await listener.query(`LISTEN ${CHANNELS.incidents}`);
});
afterAll(async () => {
  await listener?.end();
  await app?.stop();
});

/** The demo's flood, recorded straight into the store: a target, its samples, an incident with a ticked pool check. */
async function floodIncident(): Promise<{ id: string; number: number }> {
  const { db } = app.store;
  const target = await db.target.create({ data: { name: 'worksmart-db', url: 'postgres://lg@127.0.0.1/worksmart' } });
  for (let minute = -20; minute <= 140; minute++) {
    // 40–55 min: Lifeguard could not read the server (figures null) — the chart must break there.
    const unreadable = minute >= 40 && minute < 55;
    const total = unreadable ? null : minute < 0 || minute > 125 ? 20 : Math.min(97, 20 + minute * 4);
    await recordSample(db, {
      targetId: target.id, at: at(minute), maxConnections: unreadable ? null : 100, reservedConnections: unreadable ? null : 3, total,
      states: null, waiting: null, oldestXactSeconds: null, probeLatencyMs: null, connectLatencyMs: null,
      commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, applications: null,
      error: unreadable ? 'timeout' : null, errorCode: null,
    });
  }
  const incident = await db.incident.create({
    data: {
      title: 'Connection flood on worksmart-db', severity: 'SEV2', status: 'resolved', startedAt, detectedAt: at(5), resolvedAt,
      impact: 'Checkout failed for a third of requests', commander: 'Alice', createdBy: 'Alice',
      targets: { create: [{ targetId: target.id }] },
      checklist: { create: [{ position: 0, text: 'Did we check the connection pool?', kind: 'pool_check', checked: true, checkedBy: 'Bob', checkedAt: at(75) }] },
      timeline: {
        create: [
          { at: at(5), kind: 'alert', author: 'Lifeguard', body: 'Usage above 90 % on worksmart-db' },
          { at: at(75), kind: 'checklist', author: 'Bob', body: 'Bob ticked “Did we check the connection pool?”' },
          { at: at(45), kind: 'note', author: 'Carol', body: 'Errors noticed\nin checkout' },
        ],
      },
    },
  });
  return { id: incident.id, number: incident.number };
}

const put = (id: string, body: unknown) => postmortemRoute.PUT(request(`/api/incidents/${id}/postmortem`, { method: 'PUT', json: body }), idParams(id));
const addItem = (id: string, body: unknown) => incidentActionItemsRoute.POST(request(`/api/incidents/${id}/action-items`, { method: 'POST', json: body }), idParams(id));
const patchItem = (id: string, body: unknown) => actionItemRoute.PATCH(request(`/api/action-items/${id}`, { method: 'PATCH', json: body }), idParams(id));
const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

describe('postmortem export', () => {
  let incident: { id: string; number: number };
  let done: ActionItemView;
  let open: ActionItemView;

  beforeAll(async () => {
    incident = await floodIncident();
    expect((await put(incident.id, { by: 'Alice', rootCause: 'Each web instance opened a pool of 50.', resolution: 'Pool size cut to 10.' })).status).toBe(200);
    const saved = await put(incident.id, { by: 'Bob', improvements: 'Budget connections per instance.' });
    expect(saved.status).toBe(200);
    // The editor replaces its copy with the answer, so the answer carries the drafts as GET does.
    expect(await saved.json()).toMatchObject({ improvements: 'Budget connections per instance.', rootCause: 'Each web instance opened a pool of 50.', updatedBy: 'Bob', draft: { rootCause: 'To be determined.' } });
    const first = await addItem(incident.id, { text: 'Alert at 80 % pool usage', owner: 'Bob', by: 'Alice' });
    expect(first.status).toBe(201);
    open = (await (await addItem(incident.id, { text: 'Set max pool size per instance', by: 'Alice' })).json()) as ActionItemView;
    const patched = await patchItem(((await first.json()) as ActionItemView).id, { done: true, by: 'Bob' });
    done = (await patched.json()) as ActionItemView;
    expect(done.done).toBe(true);
    expect(done.doneAt).not.toBeNull();
  });

  it('downloads the classic postmortem as Markdown with the tick, the tasks and an inline chart', async () => {
    const response = await postmortemRoute.GET(request(`/api/incidents/${incident.id}/postmortem`), idParams(incident.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="INC-${incident.number}-postmortem.md"`);
    const markdown = await response.text();
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      `# Postmortem: INC-${incident.number} Connection flood on worksmart-db`,
      '## Issue Summary',
      '## Timeline',
      '## Connections during the incident',
      '## Who held the connections at the peak',
      '## Root Cause and Resolution',
      '## Corrective and Preventative Measures',
      '### Tasks',
    ]);
    expect(markdown).toContain('- **Duration:** 2 h 05 min, from ');
    expect(markdown).toContain('- **Time to detect:** 5 min');
    const timeline = markdown.slice(markdown.indexOf('## Timeline'), markdown.indexOf('## Connections'));
    expect(timeline.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.replace(/^- \*\*[^*]+\*\* — /, ''))).toEqual([
      'Usage above 90 % on worksmart-db (Lifeguard)',
      'Errors noticed in checkout (Carol)',
      'Bob ticked “Did we check the connection pool?” (Bob)',
    ]);
    expect(markdown).toContain('**Root cause**\n\nEach web instance opened a pool of 50.\n\n**Resolution**\n\nPool size cut to 10.');
    expect(markdown).toContain('Budget connections per instance.\n\n### Tasks\n\n- [x] Alert at 80 % pool usage (owner: Bob)\n- [ ] Set max pool size per instance (owner: unassigned)');
    expect(markdown).toContain(`<http://lifeguard.test/api/incidents/${incident.id}/postmortem/chart.svg>`);

    const dataUri = /!\[Connections during the incident\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown)?.[1];
    expect(dataUri).toBeDefined();
    const svg = Buffer.from(dataUri ?? '', 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    // The unreadable quarter of an hour splits the connections line in two.
    expect(svg.match(/<polyline[^>]*stroke="#2563eb"/g)).toHaveLength(2);
    expect(svg).toContain('usable 97');
  });

  it('serves the chart on its own as SVG', async () => {
    const response = await chartRoute.GET(request(`/api/incidents/${incident.id}/postmortem/chart.svg`), idParams(incident.id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await response.text()).toContain('<polyline');
  });

  it('gives the editor the saved sections and the drafted ones', async () => {
    const response = await postmortemRoute.GET(request(`/api/incidents/${incident.id}/postmortem?format=json`), idParams(incident.id));
    const body = (await response.json()) as Record<string, unknown> & { draft: Record<string, string> };
    expect(body).toMatchObject({ rootCause: 'Each web instance opened a pool of 50.', improvements: 'Budget connections per instance.', summary: '', updatedBy: 'Bob' });
    expect(body.draft.resolution).toMatch(/^Resolved at .* after 2 h 05 min/);
    expect(body.draft.rootCause).toBe('To be determined.');
  });

  it('lists open action items across incidents without the done one, and all with open=0', async () => {
    const openList = (await (await allActionItemsRoute.GET(request('/api/action-items'), noParams)).json()) as ActionItemWithIncident[];
    expect(openList.map((item) => item.id)).toEqual([open.id]);
    expect(openList[0]).toMatchObject({ incidentId: incident.id, incidentNumber: incident.number, incidentTitle: 'Connection flood on worksmart-db', incidentSeverity: 'SEV2', incidentStatus: 'resolved' });
    const all = (await (await allActionItemsRoute.GET(request('/api/action-items?open=0'), noParams)).json()) as ActionItemWithIncident[];
    expect(all.map((item) => item.id).sort()).toEqual([open.id, done.id].sort());
    const ofIncident = (await (await incidentActionItemsRoute.GET(request(`/api/incidents/${incident.id}/action-items`), idParams(incident.id))).json()) as ActionItemView[];
    expect(ofIncident.map((item) => item.text)).toEqual(['Alert at 80 % pool usage', 'Set max pool size per instance']);
  });

  it('reopens and deletes an action item, announcing each change after commit', async () => {
    const before = announced.length;
    const reopened = (await (await patchItem(done.id, { done: false, by: 'Bob' })).json()) as ActionItemView;
    expect(reopened).toMatchObject({ done: false, doneAt: null });
    const extra = (await (await addItem(incident.id, { text: 'temporary', by: 'Bob' })).json()) as ActionItemView;
    expect((await actionItemRoute.DELETE(request(`/api/action-items/${extra.id}`, { method: 'DELETE' }), idParams(extra.id))).status).toBe(204);
    expect((await actionItemRoute.DELETE(request(`/api/action-items/${extra.id}`, { method: 'DELETE' }), idParams(extra.id))).status).toBe(404);
    await expect.poll(() => announced.length - before).toBe(3);
    expect(new Set(announced.slice(before))).toEqual(new Set([incident.id]));
  });

  it('refuses bad input with a 4xx that says why, and writes nothing', async () => {
    const { db } = app.store;
    const snapshot = async () => ({ items: await db.actionItem.findMany({ orderBy: { id: 'asc' } }), postmortems: await db.postmortem.findMany({ orderBy: { incidentId: 'asc' } }) });
    const before = await snapshot();
    const emptyText = await addItem(incident.id, { text: '  ', by: 'Alice' });
    expect(emptyText.status).toBe(400);
    expect(await errorOf(emptyText)).toBe('text: text is required');
    expect((await addItem(incident.id, { text: 'no one acting' })).status).toBe(400);
    for (const id of [UNKNOWN, 'not-a-uuid']) {
      expect((await addItem(id, { text: 'orphan', by: 'Alice' })).status).toBe(404);
      expect((await put(id, { by: 'Alice', summary: 'x' })).status).toBe(404);
      expect((await postmortemRoute.GET(request(`/api/incidents/${id}/postmortem`), idParams(id))).status).toBe(404);
      expect((await chartRoute.GET(request(`/api/incidents/${id}/postmortem/chart.svg`), idParams(id))).status).toBe(404);
      expect((await incidentActionItemsRoute.GET(request(`/api/incidents/${id}/action-items`), idParams(id))).status).toBe(404);
      expect((await patchItem(id, { done: true, by: 'Alice' })).status).toBe(404);
    }
    const yes = await patchItem(open.id, { done: 'yes', by: 'Alice' });
    expect(yes.status).toBe(400);
    expect(await errorOf(yes)).toBe('done: done must be true or false');
    expect((await put(incident.id, { by: '', rootCause: 'overwritten' })).status).toBe(400);
    expect((await put(incident.id, { by: 'Alice', verdict: 'x' })).status).toBe(400);
    expect((await allActionItemsRoute.GET(request('/api/action-items?open=maybe'), noParams)).status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('an incident without connection data', () => {
  it('exports without a chart section and says why; the chart route answers 404', async () => {
    const incident = await app.store.db.incident.create({ data: { title: 'Slow reports', severity: 'SEV4', startedAt: at(0), detectedAt: at(0), createdBy: 'Dan' } });
    const markdown = await (await postmortemRoute.GET(request(`/api/incidents/${incident.id}/postmortem`), idParams(incident.id))).text();
    expect(markdown).not.toContain('## Connections during the incident');
    expect(markdown).toContain('_No connection data was recorded for this incident._');
    expect(markdown).toMatch(/- \*\*Duration:\*\* ongoing: 3 h( 0\d min)? so far/);
    const chart = await chartRoute.GET(request(`/api/incidents/${incident.id}/postmortem/chart.svg`), idParams(incident.id));
    expect(chart.status).toBe(404);
  });

  it('keeps both of two first saves made at the same moment', async () => {
    const incident = await app.store.db.incident.create({ data: { title: 'Race', severity: 'SEV3', startedAt: at(0), detectedAt: at(0), createdBy: 'Dan' } });
    const saves = await Promise.all([put(incident.id, { by: 'Eve', summary: 'from Eve' }), put(incident.id, { by: 'Finn', resolution: 'from Finn' })]);
    expect(saves.map((response) => response.status)).toEqual([200, 200]);
    expect(await app.store.db.postmortem.findUnique({ where: { incidentId: incident.id } })).toMatchObject({ summary: 'from Eve', resolution: 'from Finn' });
  });
});
