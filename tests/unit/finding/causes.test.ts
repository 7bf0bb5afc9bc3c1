import { describe, expect, it } from 'vitest';
import { classifyCauses } from '@/lib/finding/causes/classify';
import { suggestTimeout } from '@/lib/finding/causes/idle';
import { headBlockers } from '@/lib/finding/causes/locks';
import type { CauseInput, InstanceFigures } from '@/lib/finding/causes/types';
import type { ApplicationHolders, LockedSession } from '@/lib/samples/types';

/** Hand-made samples of a server with 97 usable connections, one cause at a time. */

function holder(name: string, fields: Partial<ApplicationHolders> = {}): ApplicationHolders {
  return { name, clientAddr: '10.0.0.1', total: 0, active: 0, idle: 0, idleInTransaction: 0, ...fields };
}

function input(fields: Partial<CauseInput['sample']> = {}, rest: Partial<Omit<CauseInput, 'sample'>> = {}): CauseInput {
  const applications = fields.applications ?? [];
  return {
    targetName: 'production',
    sample: {
      usableConnections: 97,
      total: applications.reduce((sum, h) => sum + h.total, 0),
      waiting: 0,
      newBackends: 0,
      slowQueries: [],
      lockTree: null,
      ...fields,
      applications,
    },
    reports: [],
    normalNewBackendsPerSec: 0,
    ...rest,
  };
}

function instances(application: string, count: number, fields: Partial<InstanceFigures> = {}): InstanceFigures[] {
  return Array.from({ length: count }, (_, i) => ({ application, instance: `${application}-${i + 1}`, target: null, poolMax: 50, total: 10, idle: 8, queriesPerSec: 20, p50Ms: 10, ...fields }));
}

const LIFEGUARD = holder('lifeguard', { clientAddr: '127.0.0.1', total: 1, active: 1 });
const kinds = (causes: { kind: string }[]) => causes.map((cause) => cause.kind);

describe('over-budget pools', () => {
  const web = holder('worksmart-web', { total: 85, active: 80, idle: 5 });
  const worker = holder('worksmart-worker', { clientAddr: '10.0.0.9', total: 8, active: 2, idle: 6 });
  const reports = [...instances('worksmart-web', 6), ...instances('worksmart-worker', 2, { poolMax: 5, total: 4, idle: 3 })];

  it('states the budget and the largest pool max per instance that leaves room for the others and for Lifeguard', () => {
    const [cause] = classifyCauses(input({ applications: [web, worker, LIFEGUARD] }, { reports }));
    expect(cause?.kind).toBe('over-budget');
    expect(cause?.summary).toContain('310 connections, more than the 97');
    expect(cause?.evidence).toContain('worksmart-web: 6 instances × pool max 50 = 300 > 97 usable');
    // 10 for the worker's pools, 2 for Lifeguard: (97 − 12) / 6 = 14.
    expect(cause?.fix).toBe('worksmart-web: pool max ≤ 14 per instance: 6 × 14 + 12 = 96 ≤ 97 (12 = worksmart-worker 10 + Lifeguard 2)');
    expect(cause?.connections).toBe(85);
  });

  it('leaves room for what applications that do not report hold', () => {
    const psql = holder('psql', { clientAddr: '10.0.0.50', total: 6, idle: 6 });
    const [cause] = classifyCauses(input({ applications: [web, worker, psql, LIFEGUARD] }, { reports }));
    expect(cause?.fix).toContain('pool max ≤ 13 per instance: 6 × 13 + 18 = 96 ≤ 97 (18 = worksmart-worker 10 + unreported 6 + Lifeguard 2)');
  });

  it('does not count sessions still starting up (no name, no state yet) as another application', () => {
    const starting = holder('', { clientAddr: '10.0.0.2', total: 3 });
    const [cause] = classifyCauses(input({ applications: [web, worker, starting, LIFEGUARD] }, { reports }));
    expect(cause?.fix).toContain('pool max ≤ 14 per instance: 6 × 14 + 12 = 96 ≤ 97');
  });

  it('is not a cause when the pools fit', () => {
    const fitting = [...instances('worksmart-web', 6, { poolMax: 14 }), ...instances('worksmart-worker', 2, { poolMax: 5, total: 4, idle: 3 })];
    expect(kinds(classifyCauses(input({ applications: [web, worker, LIFEGUARD] }, { reports: fitting })))).not.toContain('over-budget');
  });

  it('asks the pools to shrink together when no one application can make room alone', () => {
    const two = [...instances('a', 4), ...instances('b', 4)];
    const [cause] = classifyCauses(input({ applications: [holder('a', { total: 50 }), holder('b', { total: 45 })] }, { reports: two }));
    expect(cause?.kind).toBe('over-budget');
    expect(cause?.fix).toBe('Together the pools must commit at most 95 connections (now 400): lower the pool max of the largest ones.');
  });
});

describe('held but idle', () => {
  const web = holder('worksmart-web', { total: 70, active: 6, idle: 64, idleLong: 55, idleMaxSeconds: 28 });

  it('names the application holding long-idle sessions while its queries need few: an oversized idle pool', () => {
    const reports = instances('worksmart-web', 6, { total: 12, idle: 10, queriesPerSec: 20, p50Ms: 12 });
    const causes = classifyCauses(input({ applications: [web, LIFEGUARD] }, { reports }));
    const cause = causes.find((c) => c.kind === 'held-idle');
    expect(cause?.summary).toBe('worksmart-web holds 55 connections idle for 10 s or more: pools keep more connections than their queries need.');
    expect(cause?.evidence).toEqual([
      'worksmart-web: 55 of its 64 idle sessions unused for 10 s or more (the longest 28 s); its 6 instances report 120 queries/s, which keeps about 2 busy, and 60 connections idle in their pools.',
    ]);
    expect(cause?.fix).toContain('idleTimeoutMillis ≤ 10000');
    expect(cause?.connections).toBe(55);
  });

  it('calls it a leak when the pools count those connections checked out', () => {
    const reports = instances('worksmart-web', 6, { total: 12, idle: 1 });
    const cause = classifyCauses(input({ applications: [web] }, { reports })).find((c) => c.kind === 'held-idle');
    expect(cause?.summary).toContain('checked out of the pool and never used (a leak)');
    expect(cause?.fix).toContain('client.release()');
  });

  it('needs the ages alone when the application does not report', () => {
    expect(kinds(classifyCauses(input({ applications: [web] })))).toEqual(['held-idle']);
  });

  it('is not a cause for a few idle sessions on a calm server, nor for Lifeguard', () => {
    const calm = holder('worksmart-web', { total: 14, idle: 12, idleLong: 12, idleMaxSeconds: 25 });
    const lifeguard = holder('lifeguard', { total: 40, idle: 40, idleLong: 40, idleMaxSeconds: 300 });
    expect(classifyCauses(input({ applications: [calm, lifeguard] }))).toEqual([]);
  });
});

describe('idle in transaction', () => {
  it('names the application, the ages and a timeout to set', () => {
    const batch = holder('billing', { total: 5, idleInTransaction: 5, idleInTransactionLong: 4, idleInTransactionMaxSeconds: 75 });
    const [cause] = classifyCauses(input({ applications: [batch] }));
    expect(cause).toMatchObject({ kind: 'idle-in-transaction', connections: 4 });
    expect(cause?.summary).toContain('the longest for 1 min 15 s');
    expect(cause?.evidence).toEqual(['billing: 4 sessions idle in a transaction for 5 s or more, the longest 1 min 15 s']);
    expect(cause?.fix).toContain("idle_in_transaction_session_timeout = '30s'");
  });

  it('suggests a timeout that would already have ended the oldest, with room for slow transactions', () => {
    expect([6, 25, 65, 130, 700].map(suggestTimeout)).toEqual([10, 10, 30, 60, 300]);
  });

  it('is not a cause for transactions merely between two statements', () => {
    const busy = holder('web', { total: 40, idleInTransaction: 20, idleInTransactionLong: 0, idleInTransactionMaxSeconds: 0.2 });
    expect(classifyCauses(input({ applications: [busy] }))).toEqual([]);
  });
});

describe('lock pile-up', () => {
  const session = (pid: number, blockedBy: number[], fields: Partial<LockedSession> = {}): LockedSession => ({ pid, application: 'web', clientAddr: '10.0.0.1', state: 'active', xactSeconds: 3, blockedBy, ...fields });
  const tree = [
    session(10, [], { application: 'migrations', clientAddr: '10.0.0.5', state: 'idle in transaction', xactSeconds: 42 }),
    session(11, [10]),
    session(12, [10, 11]),
    session(13, [12]),
  ];

  it('finds the head blocker and counts everyone it holds up, directly or behind another', () => {
    expect(headBlockers(tree)).toEqual([{ pid: 10, session: tree[0], blocks: 3, blocksDirectly: 2 }]);
  });

  it('names the head blocker with its application, client, state and transaction age', () => {
    const [cause] = classifyCauses(input({ applications: [holder('web', { total: 3, active: 3 })], waiting: 3, lockTree: tree }));
    expect(cause?.kind).toBe('lock-pileup');
    expect(cause?.summary).toBe('3 sessions wait on locks; pid 10 (migrations from 10.0.0.5) holds up 3.');
    expect(cause?.evidence).toEqual([
      'Head blocker pid 10 (migrations from 10.0.0.5), idle in transaction, transaction open 42 s: blocks 3 (2 directly).',
      'Waiting: web 3.',
    ]);
    expect(cause?.fix).toContain('pg_terminate_backend(10)');
    expect(cause?.connections).toBe(4);
  });

  it('is not a pile-up with one waiter, nor without the tree', () => {
    expect(classifyCauses(input({ waiting: 1, lockTree: tree.slice(0, 2) }))).toEqual([]);
    expect(classifyCauses(input({ waiting: 3, lockTree: null }))).toEqual([]);
  });
});

describe('slow queries', () => {
  it('counts long-running queries by application and shows the longest, text truncated or hidden', () => {
    const reports = holder('reports', { total: 6, active: 6, activeLong: 5, activeMaxSeconds: 95 });
    const long = `SELECT ${'x, '.repeat(80)}y FROM orders`;
    const slowQueries = [
      { pid: 31, application: 'reports', clientAddr: '10.0.0.3', seconds: 95, query: long },
      { pid: 32, application: 'reports', clientAddr: '10.0.0.3', seconds: 40, query: null },
    ];
    const [cause] = classifyCauses(input({ applications: [reports], slowQueries }));
    expect(cause).toMatchObject({ kind: 'slow-queries', connections: 5 });
    expect(cause?.evidence[0]).toBe('reports: 5 queries running 5 s or more, the longest 1 min 35 s');
    expect(cause?.evidence[1]).toMatch(/^1 min 35 s pid 31 reports: SELECT x, x, .*…$/);
    expect(cause?.evidence[1]!.length).toBeLessThan(170);
    expect(cause?.evidence[2]).toBe('40 s pid 32 reports: (query text hidden from the monitoring role)');
  });

  it('is not a cause for one or two', () => {
    expect(classifyCauses(input({ applications: [holder('reports', { total: 2, active: 2, activeLong: 2, activeMaxSeconds: 9 })] }))).toEqual([]);
  });
});

describe('connection storm', () => {
  const fleet = [holder('web', { total: 60, active: 20, idle: 40, newBackends: 55 }), holder('worker', { clientAddr: '10.0.0.9', total: 5, newBackends: 5 })];

  it('compares new connections per second with the normal rate', () => {
    const [cause] = classifyCauses(input({ applications: fleet, newBackends: 60 }, { normalNewBackendsPerSec: 0.5 }));
    expect(cause?.kind).toBe('connection-storm');
    expect(cause?.summary).toBe('A connection storm: 6 new connections per second (12× the normal 0.5/s) — a deploy, or a fleet restarting?');
    expect(cause?.evidence).toEqual(['60 connections opened in the last 10 s and still open.', 'web: 55 new', 'worker: 5 new']);
  });

  it('is no storm when that many is normal for the target', () => {
    expect(classifyCauses(input({ applications: fleet, newBackends: 60 }, { normalNewBackendsPerSec: 2 }))).toEqual([]);
  });

  it('is not named without a history to compare with', () => {
    expect(classifyCauses(input({ applications: fleet, newBackends: 60 }, { normalNewBackendsPerSec: null }))).toEqual([]);
  });

  it('leaves Lifeguard\'s own connections out', () => {
    const own = [holder('lifeguard', { total: 30, newBackends: 30 }), holder('web', { total: 5, newBackends: 5 })];
    expect(classifyCauses(input({ applications: own, newBackends: 35 }, { normalNewBackendsPerSec: 0 }))).toEqual([]);
  });
});

describe('unattributed sessions', () => {
  it('advises setting application_name and shows where the sessions connect from', () => {
    const unnamed = [holder('', { clientAddr: '10.0.3.1', total: 20 }), holder('', { clientAddr: null, total: 6 }), holder('web', { total: 60 })];
    const [cause] = classifyCauses(input({ applications: unnamed }));
    expect(cause).toMatchObject({ kind: 'unattributed', connections: 26 });
    expect(cause?.evidence).toEqual(['10.0.3.1: 20 sessions', 'local socket: 6 sessions']);
    expect(cause?.fix).toContain('application_name=');
  });
});

describe('classifyCauses', () => {
  it('lists causes most likely first: the one accounting for the most connections', () => {
    const web = holder('worksmart-web', { total: 85, active: 25, idle: 60, idleLong: 50, idleMaxSeconds: 29 });
    const billing = holder('billing', { clientAddr: '10.0.0.8', total: 4, idleInTransaction: 4, idleInTransactionLong: 4, idleInTransactionMaxSeconds: 20 });
    const causes = classifyCauses(input({ applications: [web, billing, LIFEGUARD] }, { reports: instances('worksmart-web', 6) }));
    expect(kinds(causes)).toEqual(['over-budget', 'held-idle', 'idle-in-transaction']);
    expect(causes.map((cause) => cause.connections)).toEqual([85, 50, 4]);
  });

  it('reads samples recorded before Lifeguard kept session ages: only what they show', () => {
    const old = { sample: { usableConnections: 97, total: 90, waiting: 0, applications: [holder('', { total: 90, idle: 90 })] } };
    expect(kinds(classifyCauses({ targetName: 'production', reports: [], normalNewBackendsPerSec: null, ...old }))).toEqual(['unattributed']);
  });

  it('finds nothing on a sample without figures', () => {
    expect(classifyCauses(input({ usableConnections: null, total: null, applications: [] }))).toEqual([]);
  });
});
