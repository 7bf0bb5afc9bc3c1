import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowCounts, signedIn } from '../support/accounts';
import { APP_DIR, routeFiles, routePath } from '../support/api-routes';
import { request, startTestApp } from '../support/app';
import { ROUTE_ROLES } from '../support/route-roles';

/**
 * Every route under app/ (app/api and /metrics), found on disk, against the role each method
 * needs (tests/support/route-roles.ts). A new route (or method) missing from that table fails the
 * test, so nobody adds an endpoint without deciding who may call it. Each protected method is
 * called anonymously (401) and by a signed-in user one role short (403), and the store's row
 * counts must be unchanged afterwards.
 */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

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
  const params = Promise.resolve({ id: randomUUID(), itemId: randomUUID(), name: 'worksmart-web' });
  const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ by: 'mallory', name: 'x', url: 'postgres://a@127.0.0.1/x' });
  return handler(request(key.replaceAll('{id}', randomUUID()).replaceAll('{itemId}', randomUUID()).replaceAll('{name}', 'worksmart-web'), { method, body, headers: { 'content-type': 'application/json', ...headers } }), { params });
};

describe('every API route', () => {
  const files = routeFiles(APP_DIR);

  it('is listed with the role each method needs', async () => {
    const found: Record<string, string[]> = {};
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      found[routePath(file)] = METHODS.filter((method) => typeof mod[method] === 'function');
    }
    const expected = Object.fromEntries(Object.entries(ROUTE_ROLES).map(([key, methods]) => [key, METHODS.filter((method) => method in methods)]));
    expect(Object.fromEntries(Object.entries(found).sort())).toEqual(Object.fromEntries(Object.entries(expected).sort()));
  });

  it('refuses anonymous callers (401) and callers one role short (403), and changes nothing', async () => {
    const before = await rowCounts(app.store.db);
    const refusals: string[] = [];
    for (const file of files) {
      const key = routePath(file);
      const mod = (await import(file)) as Record<string, Handler>;
      for (const [method, needed] of Object.entries(ROUTE_ROLES[key] ?? {})) {
        const handler = mod[method];
        if (!handler || needed === 'public') continue;
        const anonymous = await call(handler, key, method, {});
        expect(anonymous.status, `${method} ${key} anonymous`).toBe(401);
        const under = needed === 'admin' ? [viewer, responder] : needed === 'viewer' || needed === 'caller' ? [] : [viewer];
        for (const cookie of under) {
          const response = await call(handler, key, method, { cookie });
          expect(response.status, `${method} ${key} as ${cookie === viewer ? 'viewer' : 'responder'}`).toBe(403);
        }
        refusals.push(`${method} ${key}`);
      }
    }
    expect(refusals.length).toBeGreaterThan(50);
    // Sessions are touched (last seen) by use, not created or deleted: counts compare exactly.
    expect(await rowCounts(app.store.db)).toEqual(before);
  });

  it('refuses an ingest token everywhere but ingest and the caller routes, and an unknown bearer token everywhere', async () => {
    for (const file of files) {
      const key = routePath(file);
      const mod = (await import(file)) as Record<string, Handler>;
      for (const [method, needed] of Object.entries(ROUTE_ROLES[key] ?? {})) {
        const handler = mod[method];
        if (!handler || needed === 'public' || needed === 'ingest' || needed === 'caller') continue;
        expect((await call(handler, key, method, { authorization: 'Bearer ingest-only' })).status, `${method} ${key}`).toBe(403);
        expect((await call(handler, key, method, { authorization: 'Bearer nope' })).status, `${method} ${key}`).toBe(401);
      }
    }
  });
});
