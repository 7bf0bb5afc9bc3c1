import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alertmanagerRoute from '@/app/api/integrations/alertmanager/route';
import { createToken } from '@/lib/accounts/api-tokens';
import { TEST_ACTOR, rowCounts } from '../support/accounts';
import { noParams, request, startTestApp } from '../support/app';

/** The webhook's rules without the real programs (tests/integration/prometheus-stack.test.ts has those). */
let app: Awaited<ReturnType<typeof startTestApp>>;
let token: string;

const alert = (status: 'firing' | 'resolved', overrides: Record<string, unknown> = {}) => ({
  status,
  labels: { alertname: 'PostgreSQLHighConnections', instance: 'production', severity: 'critical' },
  annotations: { summary: 'over 80%' },
  startsAt: '2026-11-29T12:00:00.123456789Z',
  endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : new Date().toISOString(),
  generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
  fingerprint: 'abc123',
  ...overrides,
});
const payload = (alerts: unknown[]) => ({ version: '4', groupKey: '{}:{alertname="x"}', status: 'firing', receiver: 'lifeguard', externalURL: '', alerts });
const post = (body: unknown, auth = token) =>
  alertmanagerRoute.POST(request('/api/integrations/alertmanager', { method: 'POST', json: body, headers: { authorization: `Bearer ${auth}` } }), noParams);

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_ADMIN_TOKEN: 'admin-secret' });
  await app.store.db.target.create({ data: { name: 'production', url: 'postgres://u@127.0.0.1/p' } });
  token = (await createToken(app.store.db, TEST_ACTOR, { name: 'am', scope: 'alerts' })).token;
});
afterAll(async () => {
  await app?.stop();
});

describe('POST /api/integrations/alertmanager', () => {
  it('refuses a bad payload naming the field, and records nothing', async () => {
    const before = await rowCounts(app.store.db);
    const missing = await post(payload([alert('firing', { fingerprint: undefined })]));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'alerts[0].fingerprint: fingerprint is required' });
    const version = await post({ ...payload([]), version: '3' });
    expect((await version.json()).error).toMatch(/^version: version must be "4"/);
    expect(await rowCounts(app.store.db)).toEqual(before);
  });

  it('needs an alerts token (or admin): a read token is refused', async () => {
    const read = (await createToken(app.store.db, TEST_ACTOR, { name: 'reader', scope: 'read' })).token;
    expect((await post(payload([alert('firing')]), read)).status).toBe(403);
  });

  it('opens one incident for the target, deduplicates repeats, and records the resolution', async () => {
    const first = await post(payload([alert('firing')]));
    expect(await first.json()).toEqual({ received: 1, opened: ['INC-1'], joined: 0, resolved: 0, duplicates: 0 });
    expect(await (await post(payload([alert('firing')]))).json()).toMatchObject({ opened: [], duplicates: 1 });
    // Another alert on the same target joins the open incident.
    expect(await (await post(payload([alert('firing', { fingerprint: 'def456', labels: { alertname: 'Other', target: 'production' }, annotations: {} })]))).json()).toMatchObject({ joined: 1 });
    expect(await (await post(payload([alert('resolved')]))).json()).toMatchObject({ resolved: 1 });
    expect(await (await post(payload([alert('resolved')]))).json()).toMatchObject({ resolved: 0, duplicates: 1 });
    const incident = await app.store.db.incident.findFirstOrThrow({ include: { targets: { include: { target: true } }, timeline: { orderBy: [{ at: 'asc' }, { createdAt: 'asc' }] } } });
    expect(incident).toMatchObject({ title: 'PostgreSQLHighConnections: over 80%', severity: 'SEV2' });
    expect(incident.targets.map((link) => link.target.name)).toEqual(['production']);
    expect(incident.timeline.filter((entry) => entry.kind === 'alert').map((entry) => entry.body)).toEqual([
      'Alertmanager: PostgreSQLHighConnections firing: over 80%',
      'Alertmanager: Other firing',
      'Alertmanager: PostgreSQLHighConnections resolved',
    ]);
    expect(await app.store.db.incident.count()).toBe(1);
  });
});
