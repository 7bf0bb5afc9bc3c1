import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { request, startTestApp } from '@/tests/support/app';
import { prng } from '@/tests/support/prng';
import { INJECTIONS, malformedBody, type Json } from './support/fuzz-bodies';

/**
 * Bad input fuzz, in-process against a real store: every route under app/api whose handler
 * reads a JSON body gets a few thousand generated malformed requests (seeded, so a failure
 * reproduces with FUZZ_SEED). Every answer must be a 4xx with {"error": "..."}, and afterwards
 * every table holds exactly the rows it held before.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 150);
const API_DIR = path.join(process.cwd(), 'app', 'api');
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface JsonRoute {
  pattern: string;
  method: string;
  handler: Handler;
}

/** Valid bodies, so that mutations reach the schema field by field; routes not listed still get the seedless kinds. */
const by = 'fuzzer';
const SEEDS: Record<string, Record<string, Json>> = {
  'POST /api/targets': { name: 'fuzz-target', url: 'postgres://u:p@127.0.0.1:5432/db', intervalMs: 1000 },
  'POST /api/incidents': { title: 'Fuzz', severity: 'SEV3', by },
  'PATCH /api/incidents/[id]': { by, title: 'Renamed', status: 'identified' },
  'POST /api/incidents/[id]/timeline': { by, body: 'a note' },
  'POST /api/incidents/[id]/checklist': { text: 'an item', by },
  'PATCH /api/incidents/[id]/checklist/[itemId]': { checked: true, by },
  'POST /api/incidents/[id]/action-items': { text: 'a task', owner: 'ops', by },
  'PUT /api/incidents/[id]/postmortem': { by, summary: 'summary' },
  'PATCH /api/incidents/[id]/postmortem': { by, rootCause: 'pool' },
  'PATCH /api/action-items/[id]': { by, done: true },
  'POST /api/alert-rules': { name: 'fuzz rule', metric: 'unreachable', threshold: 1, forSeconds: 5 },
  'PATCH /api/alert-rules/[id]': { threshold: 2, enabled: false },
  'POST /api/alerts/[id]/acknowledge': { by },
  'POST /api/receivers': { name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook' },
  'PATCH /api/receivers/[id]': { enabled: false, name: 'renamed' },
  'POST /api/checklist-templates': { name: 'fuzz template', items: [{ text: 'check', kind: 'plain' }] },
  'PATCH /api/checklist-templates/[id]': { name: 'renamed', archived: true },
  'POST /api/silences': { by, durationMinutes: 5, reason: 'fuzz' },
  'POST /api/session': { token: 'not-the-token' },
  // Valid filters reach the target, which does not allow remediation: 409, nothing written.
  'POST /api/targets/[id]/sessions/terminate': { application: 'web', state: 'idle', minAgeSeconds: 30 },
  'POST /api/targets/[id]/sessions/cancel': { clientAddr: '10.0.3.7', state: 'active', dryRun: false, pids: [4242] },
  'POST /api/ingest': {
    reports: [{ application: 'web', instance: 'web-1', at: new Date().toISOString(), poolMax: 10, total: 5, idle: 2, waiting: 0, queries: 10, errors: 0, p50Ms: 1, p95Ms: 2, p99Ms: 3 }],
  },
};

/** route.ts files under app/api, with the methods whose handler source reads the body. */
async function jsonRoutes(): Promise<JsonRoute[]> {
  const files = (readdirSync(API_DIR, { recursive: true }) as string[]).filter((file) => path.basename(file) === 'route.ts');
  const found: JsonRoute[] = [];
  for (const file of files.sort()) {
    const source = readFileSync(path.join(API_DIR, file), 'utf8');
    const pattern = `/api/${path.dirname(file).split(path.sep).join('/')}`.replace(/\/\.$/, '');
    const mod = (await import(pathToFileURL(path.join(API_DIR, file)).href)) as Record<string, unknown>;
    for (const method of BODY_METHODS) {
      const handler = mod[method];
      if (typeof handler !== 'function' || !readsBody(source, method)) continue;
      found.push({ pattern, method, handler: handler as Handler });
    }
  }
  return found;
}

/** Whether the handler exported as `method` (directly, or as an alias of a const) reads a body. */
function readsBody(source: string, method: string): boolean {
  const alias = new RegExp(`export const ${method} = (\\w+);`).exec(source)?.[1];
  const name = alias ?? method;
  const start = source.search(new RegExp(`(const|function) ${name}\\b`));
  if (start < 0) return false;
  const next = source.slice(start + 1).search(/\n(export )?(const|function|async function) /);
  const body = next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
  // parseBody and its wrappers (parseActingBody, ...), or a handler reading the body itself.
  return /parse\w*Body\(|request\.(json|text|formData|arrayBuffer)\(/.test(body);
}

let app: Awaited<ReturnType<typeof startTestApp>>;
let client: pg.Client;
const ids: Record<string, string> = {};

async function call(route: JsonRoute, params: Record<string, string>, body: string | Uint8Array<ArrayBuffer> | null): Promise<Response> {
  const pathname = route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return route.handler(
    // From localhost, as a person setting up their own install would be: POST /api/setup refuses
    // other hosts before it reads the body, and the fuzz is about the body.
    request(pathname, { method: route.method, body, headers: { 'content-type': 'application/json', host: 'localhost:3000' } }),
    { params: Promise.resolve(params) },
  );
}

async function create(pathname: string, body: Json, params: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const routes = await jsonRoutes();
  const route = routes.find((candidate) => candidate.pattern === pathname && candidate.method === 'POST');
  if (!route) throw new Error(`no POST ${pathname}`);
  const response = await call(route, params, JSON.stringify(body));
  if (response.status !== 201 && response.status !== 200) throw new Error(`POST ${pathname}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Row count and a hash of every row, per table: what "nothing changed" means. */
async function tableDigest(): Promise<Record<string, string>> {
  const { rows: tables } = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  const digest: Record<string, string> = {};
  for (const { tablename } of tables) {
    const { rows } = await client.query<{ n: number; h: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS h FROM ${client.escapeIdentifier(tablename)} t`,
    );
    digest[tablename] = `${rows[0]?.n} rows, ${rows[0]?.h ?? '-'}`;
  }
  return digest;
}

beforeAll(async () => {
  app = await startTestApp();
  client = new pg.Client({ connectionString: app.store.url });
  await client.connect();
  ids.targets = String((await create('/api/targets', SEEDS['POST /api/targets']!)).id);
  const incident = await create('/api/incidents', { ...SEEDS['POST /api/incidents']!, targetIds: [ids.targets] });
  ids.incidents = String(incident.id);
  ids.checklist = String((incident.checklist as { id: string }[])[0]?.id);
  ids['action-items'] = String((await create('/api/incidents/[id]/action-items', SEEDS['POST /api/incidents/[id]/action-items']!, { id: ids.incidents })).id);
  ids['alert-rules'] = String((await create('/api/alert-rules', SEEDS['POST /api/alert-rules']!)).id);
  ids.receivers = String((await create('/api/receivers', SEEDS['POST /api/receivers']!)).id);
  ids['checklist-templates'] = String((await create('/api/checklist-templates', SEEDS['POST /api/checklist-templates']!)).id);
  ids.silences = String((await create('/api/silences', SEEDS['POST /api/silences']!)).id);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await app?.stop();
});

/** Real ids for the dynamic segments (the resource named by the segment before each). */
function realParams(pattern: string): Record<string, string> {
  const params: Record<string, string> = {};
  const parts = pattern.split('/');
  parts.forEach((part, i) => {
    const name = /^\[(\w+)\]$/.exec(part)?.[1];
    if (name) params[name] = ids[parts[i - 1] ?? ''] ?? randomUUID();
  });
  return params;
}

it('answers every malformed request with a 4xx and a message, and changes nothing', async () => {
  const routes = await jsonRoutes();
  expect(routes.length).toBeGreaterThanOrEqual(15);
  const before = await tableDigest();
  const random = prng(SEED);
  const statuses = new Map<number, number>();
  const kinds = new Map<string, number>();
  const failures: string[] = [];
  let sent = 0;
  for (const route of routes) {
    const real = realParams(route.pattern);
    const seed = SEEDS[`${route.method} ${route.pattern}`] ?? null;
    for (let i = 0; i < PER_ROUTE; i++) {
      // Mostly real resources (so the body is parsed for something that exists), some random
      // ids, some injection strings as ids.
      const roll = random();
      const params = roll < 0.7 ? real : Object.fromEntries(Object.keys(real).map((name) => [name, roll < 0.9 ? randomUUID() : INJECTIONS[i % INJECTIONS.length]!]));
      const { kind, body } = malformedBody(random, seed);
      const response = await call(route, params, body);
      sent++;
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const text = await response.text();
      let error: unknown;
      try {
        error = (JSON.parse(text) as { error?: unknown }).error;
      } catch {
        error = undefined;
      }
      if (response.status < 400 || response.status >= 500 || typeof error !== 'string' || error === '') {
        const shown = typeof body === 'string' ? body.slice(0, 120) : body === null ? 'null' : `bytes ${Buffer.from(body).subarray(0, 60).toString('hex')}`;
        failures.push(`${route.method} ${route.pattern} [${kind}] → ${response.status} ${text.slice(0, 160)} (body: ${shown})`);
      }
    }
  }
  const after = await tableDigest();
  console.log(
    [
      `fuzz (FUZZ_SEED=${SEED}): ${sent} requests to ${routes.length} JSON routes: ${routes.map((route) => `${route.method} ${route.pattern}`).join(', ')}`,
      `  statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(', ')}`,
      `  kinds: ${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
      ...failures.slice(0, 20).map((failure) => `  FAIL ${failure}`),
    ].join('\n'),
  );
  expect(failures).toEqual([]);
  expect(after).toEqual(before);
});
