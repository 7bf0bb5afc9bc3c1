import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeliveries, listReceivers } from '@/lib/alerts/notify/receivers';
import { listRules } from '@/lib/alerts/rules';
import { createDb, type Db } from '@/lib/store/db';
import { migrate, MIGRATIONS_DIR, readMigrations } from '@/lib/store/migrate';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

/**
 * The quiet_alerts migration on a store that already has deliveries (one per alert transition):
 * they become groups of one in the new shape, so the delivery log still reads them and a pending
 * retry still sends; the built-in criticals get their keepFiringFor and receivers the defaults.
 */
const QUIET = '20261129120152_quiet_alerts';

let server: TestPostgres;
let before: string;
let db: Db;

beforeAll(async () => {
  [server, before] = await Promise.all([startTestPostgres(), mkdtemp(path.join(tmpdir(), 'lifeguard-migrations-'))]);
  for (const migration of (await readMigrations()).filter((m) => m.name < QUIET)) await cp(path.join(MIGRATIONS_DIR, migration.name), path.join(before, migration.name), { recursive: true });
  await migrate(server.url(), before);
});

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
  if (before) await rm(before, { recursive: true, force: true });
});

describe('the quiet_alerts migration', () => {
  it('turns past deliveries into messages about a group of one, and sets the new defaults', async () => {
    const ids = { receiver: '6f1c0c9e-8a53-4a47-9d55-000000000001', target: '6f1c0c9e-8a53-4a47-9d55-000000000002', alert: '6f1c0c9e-8a53-4a47-9d55-000000000003' };
    const legacy = { event: 'firing', alert: { id: ids.alert, summary: 'production refuses new connections (too many clients)', severity: 'critical', targetId: ids.target, targetName: 'production' } };
    const client = new pg.Client({ connectionString: server.url() });
    await client.connect();
    await client.query(`INSERT INTO receivers (id, name, kind, url) VALUES ($1, 'hook', 'webhook', 'http://127.0.0.1:9/hook')`, [ids.receiver]);
    await client.query(`INSERT INTO targets (id, name, url) VALUES ($1, 'production', 'postgres://m@127.0.0.1/x')`, [ids.target]);
    await client.query(
      `INSERT INTO alerts (id, rule_id, target_id, state, since) VALUES ($1, '00000000-0000-4000-8000-000000000203', $2, 'firing', now())`,
      [ids.alert, ids.target],
    );
    await client.query(`INSERT INTO deliveries (id, receiver_id, alert_id, event, status, payload) VALUES (gen_random_uuid(), $1, $2, 'firing', 'pending', $3)`, [ids.receiver, ids.alert, JSON.stringify(legacy)]);
    await client.end();

    // QUIET and every migration named after it (later ones add to other tables).
    const pending = (await readMigrations()).map((m) => m.name).filter((name) => name >= QUIET);
    expect(pending[0]).toBe(QUIET);
    expect(await migrate(server.url())).toEqual(pending);
    db = createDb(server.url());
    const [delivery] = await listDeliveries(db, ids.receiver);
    expect(delivery).toMatchObject({
      groupKey: `alert=${ids.alert}`,
      alertIds: [ids.alert],
      event: 'firing',
      status: 'pending',
      summary: '[FIRING · critical] production: 1 firing',
      firing: ['production refuses new connections (too many clients)'],
      resolved: [],
    });
    expect(await listReceivers(db)).toEqual([expect.objectContaining({ groupBy: ['target'], groupWaitSeconds: 10, groupIntervalSeconds: 300, repeatIntervalSeconds: 14_400 })]);
    const rules = await listRules(db);
    expect(rules.filter((rule) => rule.keepFiringForSeconds === 60).map((rule) => rule.name).sort()).toEqual(
      ['Connection usage critical', 'PgBouncer max wait high', 'Refusing connections', 'Target unreachable'],
    );
    expect(rules.filter((rule) => rule.severity === 'warning').every((rule) => rule.keepFiringForSeconds === 0)).toBe(true);
  });
});
