import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/accounts/password';
import { createSession, SESSION_COOKIE } from '@/lib/accounts/sessions';
import { startCollector, type Collector } from '@/lib/collector/collector';
import { OWNERSHIP_LOCK_NAMESPACE } from '@/lib/collector/ownership';
import { startHub, type Hub } from '@/lib/events/hub';
import { sealSecret } from '@/lib/secrets/key';
import { remediateSessions } from '@/lib/remediation/requests';
import type { RemediationAnswer } from '@/lib/remediation/schema';
import { startRemediationWorker, type RemediationWorker } from '@/lib/remediation/worker';
import * as incidentsRoute from '@/app/api/incidents/route';
import * as targetRoute from '@/app/api/targets/[id]/route';
import * as cancelRoute from '@/app/api/targets/[id]/sessions/cancel/route';
import * as terminateRoute from '@/app/api/targets/[id]/sessions/terminate/route';
import { idParams, noParams, request, startTestApp } from '@/tests/support/app';
import { connectUnlessFull, startFloodTarget, type FloodTarget } from '@/tests/support/flood-target';
import { registerTarget } from '@/tests/support/targets-api';
import { logTail, testWait } from '@/tests/support/wait';

/**
 * "Stop it" end to end against a real target: the route handlers of this process (which samples
 * nothing: LIFEGUARD_COLLECTOR=off, a web-only replica) and a collector replica beside it (its own
 * hub, collector and remediation worker, as `npm run collector` runs them), meeting only in the
 * store. 'flood-web' fills the server until it refuses new connections; a 'bystander' holds 2.
 */
const MAX_CONNECTIONS = 20; // 17 usable by ordinary roles (3 reserved for superusers)

let app: Awaited<ReturnType<typeof startTestApp>>;
let target: FloodTarget;
let hub: Hub;
let collector: Collector;
let worker: RemediationWorker;
let targetId: string;
let adminCookie: string;
let ada: string;
const logs: string[] = [];
const clients = new Map<number, pg.Client>();

const byNumber = (a: number | undefined, b: number | undefined) => (a ?? 0) - (b ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = testWait({ timeoutMs: 15_000, everyMs: 50, explain: logTail(logs) });

/** A connection as `app`, kept by pid; null when the server refuses it with 53300. */
async function open(application: string): Promise<{ pid: number; client: pg.Client } | null> {
  const client = await connectUnlessFull(target.roleUrl('app'), application);
  if (!client) return null;
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
  clients.set(pid, client);
  return { pid, client };
}

async function alivePids(application: string): Promise<number[]> {
  const { rows } = await target.admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid', [application]);
  return rows.map((row) => row.pid);
}

async function closeAll(): Promise<void> {
  await Promise.all([...clients.values()].map((client) => client.end().catch(() => {})));
  clients.clear();
}

async function user(name: string, role: 'admin' | 'responder'): Promise<string> {
  const created = await app.store.db.user.create({ data: { email: `${name.toLowerCase()}@test.local`, displayName: name, role, passwordHash: await hashPassword('correct horse battery') } });
  return `${SESSION_COOKIE}=${(await createSession(app.store.db, created.id)).token}`;
}

type Route = typeof terminateRoute;
async function call(route: Route, id: string, body: unknown, cookie = ada): Promise<{ status: number; body: RemediationAnswer & { error?: string } }> {
  const response = await route.POST(request(`/api/targets/${id}/sessions/x`, { method: 'POST', json: body, headers: { cookie } }), idParams(id));
  return { status: response.status, body: (await response.json()) as RemediationAnswer & { error?: string } };
}

async function addTarget(name: string, url: string): Promise<string> {
  return (await registerTarget({ name, url, intervalMs: 250 }, { cookie: adminCookie })).id;
}

async function allow(id: string, allowRemediation: boolean): Promise<Response> {
  return targetRoute.PATCH(request(`/api/targets/${id}`, { method: 'PATCH', json: { allowRemediation }, headers: { cookie: adminCookie } }), idParams(id));
}

beforeAll(async () => {
  app = await startTestApp();
  // `monitor` may signal other roles' sessions; `watcher` may not.
  target = await startFloodTarget({ maxConnections: MAX_CONNECTIONS, roles: { monitor: 'pg_monitor, pg_signal_backend', watcher: 'pg_monitor', app: '' } });

  adminCookie = await user('Grace', 'admin');
  ada = await user('Ada', 'responder');
  targetId = await addTarget('production', target.roleUrl('monitor'));

  const log = (line: string) => logs.push(line);
  hub = startHub({ url: app.store.url, db: app.store.db, log });
  collector = startCollector({ db: app.store.db, storeUrl: app.store.url, log, reconcileMs: 500 });
  worker = startRemediationWorker({ db: app.store.db, collector, log });
  hub.onTargetsChanged(() => void collector.refresh());
  hub.onRemediationRequested((id) => worker.wake(id));
  await waitFor('the collector to sample production', async () => (await app.store.db.sample.count({ where: { targetId, error: null } })) > 0);
});

afterAll(async () => {
  await worker?.stop();
  await collector?.stop();
  await hub?.close();
  await closeAll();
  await target?.stop();
  await app?.stop();
});

describe('remediation is guarded', () => {
  it('is off by default: 409 saying how an admin turns it on, and nothing is attempted', async () => {
    const victim = await open('flood-web');
    const before = await app.store.db.remediationRequest.count();
    const refused = await call(terminateRoute, targetId, { application: 'flood-web' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/remediation is off for production/);
    expect(refused.body.error).toContain('"allowRemediation": true');
    expect(await app.store.db.remediationRequest.count()).toBe(before);
    expect(await alivePids('flood-web')).toEqual([victim?.pid]);
    await closeAll();
  });

  it('is turned on by an admin only, and audited', async () => {
    const asResponder = await targetRoute.PATCH(request(`/api/targets/${targetId}`, { method: 'PATCH', json: { allowRemediation: true }, headers: { cookie: ada } }), idParams(targetId));
    expect(asResponder.status).toBe(403);
    const response = await allow(targetId, true);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { allowRemediation: boolean }).allowRemediation).toBe(true);
    const entry = await app.store.db.auditEntry.findFirst({ where: { action: 'target.settings', subjectId: targetId }, orderBy: { at: 'desc' } });
    expect(entry?.details).toEqual({ name: 'production', allowRemediation: true });
    expect((await targetRoute.PATCH(request(`/api/targets/${targetId}`, { method: 'PATCH', json: {}, headers: { cookie: adminCookie } }), idParams(targetId))).status).toBe(400);
  });

  it('refuses bad filters with a 400 naming the field, before anything is written', async () => {
    const before = await app.store.db.remediationRequest.count();
    const cases: [unknown, RegExp][] = [
      [{}, /at least one filter: application, clientAddr, state or minAgeSeconds/],
      [{ dryRun: true }, /at least one filter/],
      [{ state: 'sleeping' }, /^state: must be one of idle, idle in transaction, active/],
      [{ minAgeSeconds: -5 }, /^minAgeSeconds: must be 0 or more/],
      [{ minAgeSeconds: '30' }, /^minAgeSeconds: must be a number/],
      [{ clientAddr: '10.0.0.999' }, /^clientAddr: must be an IP address/],
      [{ clientAddr: 'web-7' }, /^clientAddr: must be an IP address/],
      [{ application: 'flood-web', dryRun: false }, /^pids: executing needs the pids of a dry run/],
      [{ application: 'flood-web', pids: [0] }, /^pids\[0\]: must be process ids/],
      [{ application: 'flood-web', everyone: true }, /everyone/],
    ];
    for (const [body, message] of cases) {
      const answer = await call(terminateRoute, targetId, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatch(message);
    }
    expect(await app.store.db.remediationRequest.count()).toBe(before);
  });

  it("never offers Lifeguard's own sessions, superusers' sessions or background processes, whatever the filter", async () => {
    const app = await open('flood-web');
    const { rows } = await target.admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name IN ('lifeguard', 'test-admin')`);
    expect(rows).toHaveLength(2); // the collector's persistent connection, and this test's superuser
    for (const body of [{ minAgeSeconds: 0 }, { application: 'test-admin' }, { application: 'lifeguard' }, { application: '' }]) {
      const answer = await call(terminateRoute, targetId, body);
      expect(answer.status).toBe(200);
      const pids = answer.body.sessions.map((session) => session.pid);
      for (const { pid } of rows) expect(pids, JSON.stringify(body)).not.toContain(pid);
      expect(answer.body.sessions.every((session) => session.role === 'app'), JSON.stringify(body)).toBe(true);
    }
    expect((await call(terminateRoute, targetId, { minAgeSeconds: 0 })).body.sessions.map((session) => session.pid)).toEqual([app?.pid]);
    // The checkpointer, WAL writer, autovacuum launcher… set no application_name either.
    expect((await call(terminateRoute, targetId, { application: '' })).body.count).toBe(0);
    await closeAll();
  });

  it("without pg_signal_backend for Lifeguard's role: a 409 naming the GRANT, and nothing is touched", async () => {
    const watched = await addTarget('watched', target.roleUrl('watcher'));
    await allow(watched, true);
    await waitFor('the collector to sample watched', async () => (await app.store.db.sample.count({ where: { targetId: watched, error: null } })) > 0);
    const victim = await open('flood-web');
    for (const body of [{ application: 'flood-web' }, { application: 'flood-web', dryRun: false, pids: [victim?.pid] }]) {
      const refused = await call(terminateRoute, watched, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toContain('GRANT pg_signal_backend TO watcher');
      expect(refused.body.error).toContain('nothing was done');
    }
    expect(await alivePids('flood-web')).toEqual([victim?.pid]);
    expect(await app.store.db.auditEntry.count({ where: { action: { startsWith: 'target.sessions' } } })).toBe(0);
    await app.store.db.target.delete({ where: { id: watched } });
    await closeAll();
  });
});

describe('terminating a flood through the persistent connection', () => {
  it('frees the server: new connections succeed, the bystander and a session not in the dry run are untouched, and it is on the record', async () => {
    const incident = await incidentsRoute.POST(
      request('/api/incidents', { method: 'POST', json: { title: 'production refuses connections', severity: 'SEV2', targetIds: [targetId] }, headers: { cookie: ada } }),
      noParams,
    );
    const incidentId = ((await incident.json()) as { id: string }).id;
    const bystanders = [await open('bystander'), await open('bystander')].map((session) => session?.pid);
    // One flood session is busy while the dry run looks for idle ones; it is idle (and matches) by the time of the execution.
    const busy = await open('flood-web');
    const sleeping = busy?.client.query('SELECT pg_sleep(1.5)');
    // Until the server has refused several times in a row: a refusal may only mean the collector's
    // probe held the last slot for a moment.
    let flood = 1;
    for (let refusals = 0; refusals < 5; ) {
      if (await open('flood-web')) {
        flood += 1;
        refusals = 0;
      } else {
        refusals += 1;
        await sleep(60);
      }
    }
    expect(await open('late-comer')).toBeNull(); // the server refuses: 53300
    await sleep(300); // every flood session idle for a moment
    const floodPids = await alivePids('flood-web');

    const dryRun = await call(terminateRoute, targetId, { application: 'flood-web', state: 'idle', minAgeSeconds: 0.2 });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ action: 'terminate', dryRun: true, count: flood - 1 });
    expect(dryRun.body.sessions.map((session) => session.pid).sort(byNumber)).toEqual(floodPids.filter((pid) => pid !== busy?.pid));
    expect(dryRun.body.sessions[0]).toMatchObject({ application: 'flood-web', clientAddr: '127.0.0.1', state: 'idle', role: 'app' });
    expect(dryRun.body.sessions.every((session) => (session.ageSeconds ?? 0) >= 0.2)).toBe(true);
    // The dry run changed nothing, and shows (never runs) the lasting fixes.
    expect(await alivePids('flood-web')).toEqual(floodPids);
    expect(dryRun.body.fixes.map((fix) => fix.kind)).toEqual(['connection-limit', 'idle-in-transaction-timeout']);
    expect(dryRun.body.fixes[0]?.code).toMatch(/^ALTER ROLE app CONNECTION LIMIT \d+;$/);

    await sleeping;
    await sleep(300); // the busy session has been idle long enough to match the filter now, but was not in the dry run
    expect((await target.admin.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [busy?.pid])).rows[0]).toEqual({ state: 'idle' });
    const pids = dryRun.body.sessions.map((session) => session.pid);
    const lifeguardPids = await alivePids('lifeguard');
    const started = performance.now();
    const executed = await call(terminateRoute, targetId, { application: 'flood-web', state: 'idle', minAgeSeconds: 0.2, dryRun: false, pids });
    let freed: Awaited<ReturnType<typeof open>> = null;
    while (!freed) freed = await open('late-comer');
    const seconds = (performance.now() - started) / 1000;
    console.log(`[remediation] terminate request → first successful new connection: ${seconds.toFixed(3)} s (${flood - 1} sessions terminated)`);

    expect(executed.status).toBe(200);
    expect(executed.body).toMatchObject({ action: 'terminate', dryRun: false, count: flood - 1 });
    expect(await alivePids('flood-web')).toEqual([busy?.pid]);
    expect(await alivePids('bystander')).toEqual(bystanders.sort(byNumber));
    expect(await alivePids('lifeguard')).toEqual(lifeguardPids);

    const entry = await app.store.db.timelineEntry.findFirst({ where: { incidentId, kind: 'remediation' } });
    expect(entry).toMatchObject({ author: 'Ada', body: `terminated ${flood - 1} idle sessions of flood-web older than 0.2 s on production — by Ada` });
    const audit = await app.store.db.auditEntry.findFirst({ where: { action: 'target.sessions.terminate', subjectId: targetId } });
    expect(audit?.actor).toBe('Ada (user)');
    expect(audit?.details).toMatchObject({ name: 'production', count: flood - 1, filter: { application: 'flood-web', state: 'idle', minAgeSeconds: 0.2 } });
    // A replay of the same pids touches nothing more: those sessions are gone.
    const replay = await call(terminateRoute, targetId, { application: 'flood-web', state: 'idle', dryRun: false, pids });
    expect(replay.body.count).toBe(0);
    expect(await alivePids('flood-web')).toEqual([busy?.pid]);
    await closeAll();
  });

  it("cancels a running query and leaves its session connected", async () => {
    const slow = await open('slow-report');
    const running = slow?.client.query('SELECT pg_sleep(30)').then(
      () => 'finished',
      (error: { code?: string }) => error.code,
    );
    await waitFor('the query to run', async () => (await target.admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'slow-report' AND state = 'active'`)).rowCount);
    const dryRun = await call(cancelRoute, targetId, { application: 'slow-report', state: 'active' });
    expect(dryRun.body.sessions.map((session) => session.pid)).toEqual([slow?.pid]);
    const executed = await call(cancelRoute, targetId, { application: 'slow-report', state: 'active', dryRun: false, pids: [slow?.pid] });
    expect(executed.body.count).toBe(1);
    expect(await running).toBe('57014'); // canceling statement due to user request
    expect((await slow?.client.query('SELECT 1 AS ok'))?.rows[0]).toEqual({ ok: 1 });
    await closeAll();
  });
});

describe('when no collector takes the request', () => {
  it('withdraws it after the wait and answers 503: nothing was done', async () => {
    // This session holds the target's ownership lock, as a replica that stopped working would:
    // the collector cannot own the target, so nobody takes the request.
    const orphanId = randomUUID();
    const holder = new pg.Client({ connectionString: app.store.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::int, hashtext($2::text))', [OWNERSHIP_LOCK_NAMESPACE, orphanId]);
      await app.store.db.target.create({ data: { id: orphanId, name: 'orphan', url: sealSecret(target.roleUrl('monitor')), intervalMs: 250, allowRemediation: true } });
      await collector.refresh();
      expect(collector.ownedTargets()).not.toContain(orphanId);
      const victim = await open('flood-web');
      const actor = { kind: 'user' as const, role: 'responder' as const, name: 'Ada' };
      const refused = remediateSessions(app.store.db, orphanId, 'terminate', { application: 'flood-web', dryRun: false, pids: [victim?.pid ?? 0] }, actor, { waitMs: 1_000 });
      await expect(refused).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/did not take the request within 1 s; nothing was done/) });
      expect(await app.store.db.remediationRequest.findFirst({ where: { targetId: orphanId } })).toMatchObject({ status: 'expired' });
      expect(await alivePids('flood-web')).toEqual([victim?.pid]);
    } finally {
      await holder.end();
      await closeAll();
    }
  });
});
