import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts, signedIn } from '../support/accounts';
import { request, startTestApp } from '../support/app';

/**
 * Every route under app/api, found on disk, with the role each method needs. A new route (or
 * method) missing from this table fails the test, so nobody adds an endpoint without deciding
 * who may call it. Each protected method is called anonymously (401) and by a signed-in user one
 * role short (403), and the store's row counts must be unchanged afterwards.
 */
type Needed = 'public' | 'ingest' | 'viewer' | 'responder' | 'admin';
const V = 'viewer', R = 'responder', A = 'admin';
const EXPECTED: Record<string, Record<string, Needed>> = {
  'action-items': { GET: V },
  'action-items/[id]': { PATCH: R, DELETE: R },
  'alert-rules': { GET: V, POST: A },
  'alert-rules/[id]': { GET: V, PATCH: A, DELETE: A },
  alerts: { GET: V },
  'alerts/[id]': { GET: V },
  'alerts/[id]/acknowledge': { POST: R },
  audit: { GET: A },
  'checklist-templates': { GET: V, POST: A },
  'checklist-templates/[id]': { GET: V, PATCH: A },
  'drills/[id]': { GET: V },
  'drills/[id]/cancel': { POST: A },
  events: { GET: V },
  health: { GET: 'public' },
  incidents: { GET: V, POST: R },
  'incidents/[id]': { GET: V, PATCH: R },
  'incidents/[id]/action-items': { GET: V, POST: R },
  'incidents/[id]/checklist': { POST: R },
  'incidents/[id]/checklist/[itemId]': { PATCH: R },
  'incidents/[id]/peak': { GET: V },
  'incidents/[id]/pool-evidence': { GET: V },
  'incidents/[id]/postmortem': { GET: V, PUT: R, PATCH: R },
  'incidents/[id]/postmortem/chart.svg': { GET: V },
  'incidents/[id]/timeline': { GET: V, POST: R },
  ingest: { POST: 'ingest' },
  receivers: { GET: A, POST: A },
  'receivers/[id]': { PATCH: A, DELETE: A },
  'receivers/[id]/deliveries': { GET: V },
  session: { GET: 'public', POST: 'public', DELETE: 'public' },
  setup: { POST: 'public' },
  silences: { GET: V, POST: R },
  'silences/[id]': { DELETE: R },
  snapshots: { GET: V },
  'targets/[id]/budget': { GET: V },
  'targets/[id]/export': { GET: V },
  'targets/[id]/finding': { GET: V },
  'targets/[id]': { GET: V, PATCH: A, DELETE: A },
  'targets/[id]/drills': { GET: V, POST: A },
  'targets/[id]/pools': { GET: V },
  'targets/[id]/pools/latest': { GET: V },
  'targets/[id]/series': { GET: V },
  'targets/[id]/snapshot': { GET: V },
  targets: { GET: V, POST: A },
  tokens: { GET: A, POST: A },
  'tokens/[id]': { DELETE: A },
  users: { GET: A, POST: A },
  'users/[id]': { PATCH: A },
};
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const API = path.resolve(__dirname, '../../app/api');

function routeFiles(dir = API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let app: Awaited<ReturnType<typeof startTestApp>>;
let viewer: string;
let responder: string;

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_INGEST_TOKEN: 'ingest-only' });
  viewer = (await signedIn(app.store.db, 'viewer')).cookie;
  responder = (await signedIn(app.store.db, 'responder')).cookie;
});
afterAll(async () => {
  delete process.env.LIFEGUARD_INGEST_TOKEN;
  await app?.stop();
});

const call = (handler: Handler, key: string, method: string, headers: Record<string, string>) => {
  const params = Promise.resolve({ id: randomUUID(), itemId: randomUUID() });
  const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ by: 'mallory', name: 'x', url: 'postgres://a@127.0.0.1/x' });
  return handler(request(`/api/${key.replaceAll('[id]', randomUUID()).replaceAll('[itemId]', randomUUID())}`, { method, body, headers: { 'content-type': 'application/json', ...headers } }), { params });
};

describe('every API route', () => {
  const files = routeFiles();

  it('is listed with the role each method needs', async () => {
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      found[path.relative(API, path.dirname(file))] = METHODS.filter((method) => typeof mod[method] === 'function');
    }
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([key, methods]) => [key, Object.keys(methods)]));
    expect(Object.fromEntries(Object.entries(found).sort())).toEqual(Object.fromEntries(Object.entries(expected).sort()));
  });

  it('refuses anonymous callers (401) and callers one role short (403), and changes nothing', async () => {
    const before = await rowCounts(app.store.db);
    const refusals: string[] = [];
    for (const file of files) {
      const key = path.relative(API, path.dirname(file));
      const mod = (await import(file)) as Record<string, Handler>;
      for (const [method, needed] of Object.entries(EXPECTED[key] ?? {})) {
        const handler = mod[method];
        if (!handler || needed === 'public') continue;
        const anonymous = await call(handler, key, method, {});
        expect(anonymous.status, `${method} /api/${key} anonymous`).toBe(401);
        const under = needed === 'admin' ? [viewer, responder] : needed === 'viewer' ? [] : [viewer];
        for (const cookie of under) {
          const response = await call(handler, key, method, { cookie });
          expect(response.status, `${method} /api/${key} as ${cookie === viewer ? 'viewer' : 'responder'}`).toBe(403);
        }
        refusals.push(`${method} /api/${key}`);
      }
    }
    expect(refusals.length).toBeGreaterThan(50);
    // Sessions are touched (last seen) by use, not created or deleted: counts compare exactly.
    expect(await rowCounts(app.store.db)).toEqual(before);
  });

  it('refuses an ingest token everywhere but ingest, and an unknown bearer token everywhere', async () => {
    for (const file of files) {
      const key = path.relative(API, path.dirname(file));
      const mod = (await import(file)) as Record<string, Handler>;
      for (const [method, needed] of Object.entries(EXPECTED[key] ?? {})) {
        const handler = mod[method];
        if (!handler || needed === 'public' || needed === 'ingest') continue;
        expect((await call(handler, key, method, { authorization: 'Bearer ingest-only' })).status, `${method} /api/${key}`).toBe(403);
        expect((await call(handler, key, method, { authorization: 'Bearer nope' })).status, `${method} /api/${key}`).toBe(401);
      }
    }
  });
});
