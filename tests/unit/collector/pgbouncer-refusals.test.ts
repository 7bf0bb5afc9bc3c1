import { describe, expect, it } from 'vitest';
import { METRIC_REGISTRY } from '@/lib/alerts/rule-metrics';
import type { TargetData } from '@/lib/alerts/types';
import { classifyFailure, REFUSAL_CODES } from '@/lib/collector/failure';
import { classifyPoolerFailure } from '@/lib/collector/pgbouncer-probe';
import { PGBOUNCER_REFUSALS } from '@/lib/collector/pgbouncer-refusals';

/** What node-pg throws for a FATAL ErrorResponse: PgBouncer 1.18 sends each of these with 08P01. */
const fatal = (message: string, code = '08P01') => Object.assign(new Error(message), { code, severity: 'FATAL' });

/** The refusing metric's value for a latest sample carrying this error code. */
function refusingValue(errorCode: string | null): number | null {
  const data: TargetData = {
    target: { id: 't', name: 'orders-bouncer', intervalMs: 1000, createdAt: 0, kind: 'pgbouncer' },
    latest: { at: 0, total: 12, maxConnections: 12, reservedConnections: 0, waiting: 0, oldestXactSeconds: null, applications: [], error: errorCode ? 'x' : null, errorCode },
    totals: [],
    reports: [],
  };
  const metric = METRIC_REGISTRY.refusing;
  return metric.scope === 'target' ? metric.value(data, 0) : null;
}

describe("PgBouncer's client-facing refusals", () => {
  it('reads max_client_conn (SQLSTATE 08P01) as a refusal at the pooler, with a reason and its own code', () => {
    const failure = classifyFailure(fatal('no more connections allowed (max_client_conn)'));
    expect(failure).toEqual({
      error: 'refusing new connections at PgBouncer: PgBouncer is at max_client_conn, every client slot of the pooler is taken ("no more connections allowed (max_client_conn)", SQLSTATE 08P01)',
      errorCode: 'pgbouncer:max_client_conn',
    });
    expect(REFUSAL_CODES.has(failure.errorCode!)).toBe(true);
    expect(refusingValue(failure.errorCode)).toBe(1);
  });

  it.each([
    ['query_wait_timeout', 'pgbouncer:query_wait_timeout', 'at PgBouncer'],
    ['pgbouncer cannot connect to server', 'pgbouncer:server_connect', 'behind PgBouncer'],
    ['server login has been failing, try again later (server_login_retry)', 'pgbouncer:server_login_retry', 'behind PgBouncer'],
    ['server login has been failing, cached error: connect failed (server_login_retry)', 'pgbouncer:server_login_retry', 'behind PgBouncer'],
    ['client_login_timeout (server down)', 'pgbouncer:server_down', 'behind PgBouncer'],
    ['client connections exceeded (max_db_client_connections)', 'pgbouncer:max_db_client_connections', 'at PgBouncer'],
    ['client connections exceeded (max_user_client_connections)', 'pgbouncer:max_user_client_connections', 'at PgBouncer'],
    ['bouncer resources exhaustion', 'pgbouncer:resources', 'at PgBouncer'],
  ])('reads "%s" as %s, says where (%s), and fires "Refusing connections"', (message, code, where) => {
    const failure = classifyFailure(fatal(message));
    expect(failure.errorCode).toBe(code);
    expect(failure.error).toContain(`refusing new connections ${where}: `);
    expect(failure.error).toContain(`"${message}"`);
    expect(REFUSAL_CODES.has(code)).toBe(true);
    expect(refusingValue(code)).toBe(1);
  });

  it('counts refusals an operator asked for (DISABLE, SHUTDOWN) but does not let them open incidents, like 57P03', () => {
    for (const message of ['database "appdb" is disabled', 'server shutting down']) {
      const failure = classifyFailure(fatal(message));
      expect(failure.errorCode).toMatch(/^pgbouncer:/);
      expect(REFUSAL_CODES.has(failure.errorCode!)).toBe(true);
      expect(refusingValue(failure.errorCode)).toBe(0);
    }
    expect(refusingValue('57P03')).toBe(0);
    expect(refusingValue('53300')).toBe(1);
  });

  it("leaves PostgreSQL's own errors to PostgreSQL's codes", () => {
    expect(classifyFailure(fatal('sorry, too many clients already', '53300')).errorCode).toBe('53300');
    expect(classifyFailure(fatal('the database system is shutting down', '57P03')).errorCode).toBe('57P03');
    expect(classifyFailure(fatal('out of memory', '53200')).errorCode).toBe('53200');
    expect(classifyFailure(fatal('invalid frontend message type 0')).errorCode).toBe('08P01');
  });

  it("reads the server's refusal passed on through PgBouncer (08P01) as the database's, not the pooler's", () => {
    const failure = classifyPoolerFailure(fatal('sorry, too many clients already'));
    expect(failure.errorCode).toBe('pgbouncer:server_too_many_clients');
    expect(failure.error).toMatch(/^refusing new connections behind PgBouncer: the database server behind PgBouncer is at max_connections/);
    expect(refusingValue(failure.errorCode)).toBe(1);
    // The same words straight from PostgreSQL are PostgreSQL's 53300.
    expect(classifyFailure(fatal('sorry, too many clients already')).errorCode).toBe('08P01');
    expect(refusingValue(classifyPoolerFailure(fatal('the database system is starting up')).errorCode)).toBe(0);
  });

  it('says what an unknown probe database and a queued probe are, without calling them refusals', () => {
    const missing = classifyPoolerFailure(fatal('no such database: nosuch'));
    expect(missing).toEqual({ error: 'probe database "nosuch" is not in PgBouncer\'s [databases] (no such database, SQLSTATE 08P01)', errorCode: '08P01' });
    expect(REFUSAL_CODES.has(missing.errorCode!)).toBe(false);
    const queued = classifyPoolerFailure(new Error('Query read timeout'));
    expect(queued.errorCode).toBe('ETIMEDOUT');
    expect(queued.error).toMatch(/^queued: /);
  });

  it('gives every refusal a distinct code that cannot be mistaken for a SQLSTATE or a Node code', () => {
    const codes = PGBOUNCER_REFUSALS.map((refusal) => refusal.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^pgbouncer:[a-z_]+$/);
  });
});
