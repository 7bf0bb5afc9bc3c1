import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as templatesRoute from '@/app/api/checklist-templates/route';
import * as templateRoute from '@/app/api/checklist-templates/[id]/route';
import * as incidentsRoute from '@/app/api/incidents/route';
import type { ChecklistTemplateView } from '@/lib/checklists/types';
import type { IncidentView } from '@/lib/incidents/types';
import { idParams, noParams, request, startTestApp } from '../support/app';

let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const DEFAULT_ID = '00000000-0000-4000-8000-000000000001';

async function create(body: unknown): Promise<Response> {
  return templatesRoute.POST(request('/api/checklist-templates', { method: 'POST', json: body }), noParams);
}

async function update(id: string, body: unknown): Promise<Response> {
  return templateRoute.PATCH(request(`/api/checklist-templates/${id}`, { method: 'PATCH', json: body }), idParams(id));
}

async function ok<T>(response: Promise<Response>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.status, await answer.clone().text()).toBe(status);
  return (await answer.json()) as T;
}

const names = (templates: ChecklistTemplateView[]) => templates.map((template) => template.name);
const list = (query = '') => ok<ChecklistTemplateView[]>(templatesRoute.GET(request(`/api/checklist-templates${query}`), noParams));
const counts = async () => ({ templates: await app.store.db.checklistTemplate.count(), items: await app.store.db.checklistTemplateItem.count() });

describe('checklist templates', () => {
  it('lists the built-in default first, with the pool question', async () => {
    const [first] = await list();
    expect(first).toMatchObject({ id: DEFAULT_ID, isDefault: true, archived: false, name: 'Database incident (default)' });
    expect(first?.items[0]).toMatchObject({ position: 1, text: 'Did we check the connection pool?', kind: 'pool_check' });
    expect(first?.items).toHaveLength(8);
  });

  it('creates, edits, reorders, archives and unarchives a template', async () => {
    const created = await ok<ChecklistTemplateView>(
      create({ name: 'Replica incident', items: [{ text: 'Is the replica lagging?' }, { text: 'Did we check the pool?', kind: 'pool_check' }, { text: 'Is WAL piling up?' }] }),
      201,
    );
    expect(created).toMatchObject({ name: 'Replica incident', isDefault: false, archived: false });
    expect(created.items.map((item) => [item.position, item.text, item.kind])).toEqual([
      [1, 'Is the replica lagging?', 'plain'],
      [2, 'Did we check the pool?', 'pool_check'],
      [3, 'Is WAL piling up?', 'plain'],
    ]);
    expect(await ok<ChecklistTemplateView>(templateRoute.GET(request(`/api/checklist-templates/${created.id}`), idParams(created.id)))).toEqual(created);

    // Reorder and edit: the items are sent as they should be.
    const [lag, pool, wal] = created.items;
    const edited = await ok<ChecklistTemplateView>(
      update(created.id, { name: 'Replica lag', items: [{ text: pool?.text, kind: pool?.kind }, { text: 'Is WAL piling up on the primary?', kind: wal?.kind }, { text: lag?.text, kind: lag?.kind }] }),
    );
    expect(edited.name).toBe('Replica lag');
    expect(edited.items.map((item) => item.text)).toEqual(['Did we check the pool?', 'Is WAL piling up on the primary?', 'Is the replica lagging?']);
    expect(edited.items.map((item) => item.position)).toEqual([1, 2, 3]);
    expect(await app.store.db.checklistTemplateItem.count({ where: { templateId: created.id } })).toBe(3);

    const archived = await ok<ChecklistTemplateView>(update(created.id, { archived: true }));
    expect(archived).toMatchObject({ archived: true, name: 'Replica lag' });
    expect(archived.items).toEqual(edited.items);
    expect(names(await list())).not.toContain('Replica lag');
    expect(names(await list('?archived=1'))).toContain('Replica lag');

    expect(await ok<ChecklistTemplateView>(update(created.id, { archived: false }))).toMatchObject({ archived: false });
    expect(names(await list())).toContain('Replica lag');
  });

  it('never archives the default template', async () => {
    const response = await update(DEFAULT_ID, { archived: true, name: 'Renamed on the way' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('archived: the default checklist template cannot be archived');
    expect(await app.store.db.checklistTemplate.findUniqueOrThrow({ where: { id: DEFAULT_ID } })).toMatchObject({ archived: false, name: 'Database incident (default)' });
  });

  it('refuses bad templates with a message, duplicates with 409, unknown ids with 404, and writes nothing', async () => {
    await ok(create({ name: 'Taken', items: [{ text: 'One' }] }), 201);
    const before = await counts();
    const bad: [unknown, RegExp][] = [
      [{ name: '', items: [{ text: 'x' }] }, /name: name is required/],
      [{ name: 'No items', items: [] }, /items: a template needs at least one item/],
      [{ name: 'Blank item', items: [{ text: ' ' }] }, /items\.0\.text|items\[0\]\.text/],
      [{ name: 'Odd kind', items: [{ text: 'x', kind: 'magic' }] }, /kind/],
      [{ name: 'Extra', items: [{ text: 'x' }], isDefault: true }, /isDefault|unrecognized/i],
    ];
    for (const [body, message] of bad) {
      const response = await create(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    expect((await create({ name: 'Taken', items: [{ text: 'Two' }] })).status).toBe(409);
    const [, mine] = await list();
    if (!mine) throw new Error('a second template exists');
    expect((await update(mine.id, { name: 'Taken', items: [{ text: 'Three' }] })).status).toBe(409);
    expect((await update(mine.id, { items: [] })).status).toBe(400);
    for (const id of ['00000000-0000-4000-8000-00000000dead', 'not-a-uuid']) {
      expect((await templateRoute.GET(request(`/api/checklist-templates/${id}`), idParams(id))).status).toBe(404);
      expect((await update(id, { name: 'Ghost' })).status).toBe(404);
    }
    expect((await templatesRoute.GET(request('/api/checklist-templates?archived=yes'), noParams)).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('gives an incident the chosen template’s items, keeps them when the template changes, and refuses an archived one', async () => {
    const template = await ok<ChecklistTemplateView>(create({ name: 'Failover', items: [{ text: 'Promote the replica?' }, { text: 'Pool check', kind: 'pool_check' }] }), 201);
    const incident = await ok<IncidentView>(
      incidentsRoute.POST(request('/api/incidents', { method: 'POST', json: { title: 'Primary down', severity: 'SEV1', by: 'Alice', templateId: template.id } }), noParams),
      201,
    );
    expect(incident.checklist.map((item) => [item.position, item.text, item.kind, item.checked])).toEqual([
      [1, 'Promote the replica?', 'plain', false],
      [2, 'Pool check', 'pool_check', false],
    ]);

    await ok(update(template.id, { items: [{ text: 'Something else' }], archived: true }));
    const again = await app.store.db.checklistItem.findMany({ where: { incidentId: incident.id }, orderBy: { position: 'asc' } });
    expect(again.map((item) => item.text)).toEqual(['Promote the replica?', 'Pool check']);

    const before = await app.store.db.incident.count();
    const refused = await incidentsRoute.POST(request('/api/incidents', { method: 'POST', json: { title: 'x', severity: 'SEV2', by: 'Alice', templateId: template.id } }), noParams);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('templateId: checklist template "Failover" is archived');
    expect(await app.store.db.incident.count()).toBe(before);
  });
});
