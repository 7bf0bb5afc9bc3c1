import { describe, expect, it } from 'vitest';
import { describeRemediation } from '@/lib/remediation/describe';
import { lastingFixes, type LastingFixInput } from '@/lib/remediation/lasting-fixes';
import { sessionActionSchema, type RemediationSession } from '@/lib/remediation/schema';

const session = (pid: number, application: string, role: string | null = 'worksmart', state = 'idle'): RemediationSession => ({
  pid,
  application,
  clientAddr: '127.0.1.1',
  state,
  ageSeconds: 40,
  role,
});

describe('sessionActionSchema', () => {
  it('is a dry run unless the caller says dryRun: false', () => {
    expect(sessionActionSchema.parse({ application: 'worksmart-web' })).toEqual({ application: 'worksmart-web', dryRun: true });
  });

  it('accepts the filters an on-call engineer uses, IPv6 included', () => {
    const input = { application: '', clientAddr: '::1', state: 'idle in transaction', minAgeSeconds: 2.5, dryRun: false, pids: [12, 13] };
    expect(sessionActionSchema.parse(input)).toEqual(input);
  });

  it.each([
    [{}, 'give at least one filter: application, clientAddr, state or minAgeSeconds'],
    [{ pids: [1], dryRun: true }, 'give at least one filter: application, clientAddr, state or minAgeSeconds'],
    [{ state: 'idle in transaction (aborted)' }, 'must be one of idle, idle in transaction, active'],
    [{ minAgeSeconds: -1 }, 'must be 0 or more'],
    [{ clientAddr: '10.0.0.0/8' }, 'must be an IP address, e.g. 10.0.3.7'],
    [{ application: 'x'.repeat(64) }, 'is at most 63 characters (PostgreSQL truncates longer names)'],
    [{ application: 'web', dryRun: false }, 'executing needs the pids of a dry run: send dryRun true first, then dryRun false with the pids it returned'],
  ])('refuses %j: %s', (input, message) => {
    const result = sessionActionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe('describeRemediation', () => {
  it('says what was done to whom, with the count PostgreSQL reported, and by whom', () => {
    expect(describeRemediation('terminate', { application: 'worksmart-web', state: 'idle', minAgeSeconds: 30 }, 42, 'production', 'Ada')).toBe(
      'terminated 42 idle sessions of worksmart-web older than 30 s on production — by Ada',
    );
  });

  it('reads well for one session, cancelled queries, a client address and no application name', () => {
    expect(describeRemediation('cancel', { application: '', clientAddr: '10.0.3.7', state: 'active' }, 1, 'production', 'Ada')).toBe(
      'cancelled the queries of 1 active session of (no application_name) from 10.0.3.7 on production — by Ada',
    );
  });
});

describe('lastingFixes', () => {
  // The demo's shape: 6 web instances with pool max 50 flood 97 usable; the worker's 2 × 5 and Lifeguard's 2 must fit beside it.
  const demo: LastingFixInput = {
    usable: 97,
    applications: [
      { application: 'worksmart-web', instances: 6, committed: 300 },
      { application: 'worksmart-worker', instances: 2, committed: 10 },
    ],
    holders: [
      { name: 'worksmart-web', total: 85 },
      { name: 'worksmart-worker', total: 4 },
      { name: 'psql', total: 1 },
    ],
    sessions: [session(1, 'worksmart-web'), session(2, 'worksmart-web')],
  };

  it('caps the role at what the others and Lifeguard leave, and fits the pool max per instance into it', () => {
    const fixes = lastingFixes(demo);
    expect(fixes.map((fix) => fix.kind)).toEqual(['connection-limit', 'pool-max', 'idle-in-transaction-timeout']);
    const [limit, pool, timeout] = fixes;
    // 97 − 10 (worker: its pool max, more than the 4 it holds) − 1 (psql) − 2 (Lifeguard) = 84
    expect(limit?.code).toBe('ALTER ROLE worksmart CONNECTION LIMIT 84;');
    expect(limit?.why).toContain('97 usable − 10 for worksmart-worker − 1 for psql − 2 for Lifeguard = 84');
    // floor(84 / 6) = 14
    expect(pool?.code).toBe('// each of the 6 instances of worksmart-web\nnew pg.Pool({ max: 14 })');
    expect(pool?.why).toBe('6 × 14 = 84 ≤ 97 usable − 10 for worksmart-worker − 1 for psql − 2 for Lifeguard = 84; today the pools may open 300.');
    expect(timeout?.code).toBe("ALTER ROLE worksmart SET idle_in_transaction_session_timeout = '60s';");
  });

  it('counts every application seen with the role as one, and quotes a role name SQL would not take bare', () => {
    const fixes = lastingFixes({ ...demo, sessions: [session(1, 'worksmart-web', 'Web App'), session(2, 'worksmart-worker', 'Web App')] });
    expect(fixes[0]?.code).toBe('ALTER ROLE "Web App" CONNECTION LIMIT 94;'); // 97 − 1 (psql) − 2
    expect(fixes[0]?.title).toBe('Cap role Web App (worksmart-web, worksmart-worker)');
  });

  it('never suggests a limit below 1, and says the others need shrinking too', () => {
    const [limit] = lastingFixes({ ...demo, holders: [{ name: 'batch', total: 120 }] });
    expect(limit?.code).toBe('ALTER ROLE worksmart CONNECTION LIMIT 1;');
    expect(limit?.why).toContain('shrink them too');
  });

  it('suggests no numbers before the usable connections are known, and nothing without sessions', () => {
    expect(lastingFixes({ ...demo, usable: null }).map((fix) => fix.kind)).toEqual(['idle-in-transaction-timeout']);
    expect(lastingFixes({ ...demo, sessions: [] })).toEqual([]);
  });
});
