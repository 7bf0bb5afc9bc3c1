import { formatDuration } from '../../format/duration';
import { LONG_IDLE_IN_TRANSACTION_SECONDS, LONG_IDLE_SECONDS } from '../../collector/sample-query';
import { appLabel, byApplication, enough, plural, rate, sum, type ApplicationSessions } from './holders';
import type { Cause, CauseInput, InstanceFigures } from './types';

/** Held idle counts once an application's long-idle sessions are this share of the usable connections. */
const HELD_IDLE_SHARE = 0.2;
const HELD_IDLE_MIN = 5;
/** A few transactions left open already hold locks and slots; from this many they are named. */
const IDLE_IN_TRANSACTION_MIN = 3;
/** Timeouts worth suggesting, shortest first. */
const TIMEOUT_STEPS_SECONDS = [10, 30, 60, 300];

/**
 * Held but idle: an application keeps many sessions idle for long (pools reuse their most
 * recently used connection, so a busy pool's idle sessions are seconds old) while its queries
 * would need few. Its own reports tell a leak (the pool counts them checked out) from an
 * oversized idle pool (the pool counts them idle).
 */
export function heldIdle(input: CauseInput): Cause | null {
  const apps = byApplication(input.sample.applications).filter((app) => app.name !== '' && enough(app.idleLong, input.sample, HELD_IDLE_SHARE, HELD_IDLE_MIN));
  if (apps.length === 0) return null;
  const leaks = apps.filter((app) => isLeak(app, reportsOf(input.reports, app.name)));
  const names = apps.map((app) => app.name).join(', ');
  return {
    kind: 'held-idle',
    summary: `${names} ${apps.length === 1 ? 'holds' : 'hold'} ${sum(apps.map((app) => app.idleLong))} connections idle for ${LONG_IDLE_SECONDS} s or more: ${leaks.length > 0 ? 'checked out of the pool and never used (a leak)' : 'pools keep more connections than their queries need'}.`,
    evidence: apps.map((app) => heldIdleLine(app, reportsOf(input.reports, app.name))),
    fix:
      leaks.length > 0
        ? `Release every client checked out of the pool (client.release() in a finally block; pool.query() releases by itself) in ${leaks.map((app) => app.name).join(', ')}.`
        : `Close idle connections sooner and cap the pool: idleTimeoutMillis ≤ ${LONG_IDLE_SECONDS * 1000} and a smaller pool max in ${names} (node-postgres), or pool through PgBouncer in transaction mode.`,
    connections: sum(apps.map((app) => app.idleLong)),
  };
}

/** Idle in transaction: the application opens transactions and leaves them open, holding their connections (and locks). */
export function idleInTransaction(input: CauseInput): Cause | null {
  const apps = byApplication(input.sample.applications).filter((app) => app.idleInTransactionLong >= IDLE_IN_TRANSACTION_MIN);
  if (apps.length === 0) return null;
  const count = sum(apps.map((app) => app.idleInTransactionLong));
  const oldest = Math.max(...apps.map((app) => app.idleInTransactionMaxSeconds ?? 0));
  const timeout = suggestTimeout(oldest);
  return {
    kind: 'idle-in-transaction',
    summary: `${count} sessions sit idle inside an open transaction (the longest for ${formatDuration(oldest)}): ${apps.map((app) => appLabel(app.name)).join(', ')} ${apps.length === 1 ? 'opens transactions and does' : 'open transactions and do'} not end them.`,
    evidence: apps.map(
      (app) => `${appLabel(app.name)}: ${plural(app.idleInTransactionLong, 'session')} idle in a transaction for ${LONG_IDLE_IN_TRANSACTION_SECONDS} s or more, the longest ${formatDuration(app.idleInTransactionMaxSeconds ?? 0)}`,
    ),
    fix: `Set idle_in_transaction_session_timeout = '${timeout}s' for the application's role (ALTER ROLE … SET idle_in_transaction_session_timeout = '${timeout}s'), so PostgreSQL ends such sessions, and find the code path that leaves transactions open.`,
    connections: count,
  };
}

/**
 * A timeout that would already have ended what is seen, yet leaves room for a transaction that
 * is merely slow: the longest step at most half the longest idle age (at least the shortest step).
 */
export function suggestTimeout(oldestSeconds: number): number {
  const fitting = TIMEOUT_STEPS_SECONDS.filter((step) => step <= oldestSeconds / 2);
  return fitting.at(-1) ?? TIMEOUT_STEPS_SECONDS[0]!;
}

function reportsOf(reports: readonly InstanceFigures[], application: string): InstanceFigures[] {
  return reports.filter((report) => report.application === application);
}

/** The server sees the sessions idle, the pool counts them checked out: someone holds clients and does nothing with them. */
function isLeak(app: ApplicationSessions, reports: readonly InstanceFigures[]): boolean {
  if (reports.length === 0) return false;
  const checkedOut = sum(reports.map((report) => report.total - report.idle));
  return checkedOut >= app.idleLong / 2;
}

function heldIdleLine(app: ApplicationSessions, reports: readonly InstanceFigures[]): string {
  const base = `${app.name}: ${app.idleLong} of its ${app.idle} idle sessions unused for ${LONG_IDLE_SECONDS} s or more (the longest ${formatDuration(app.idleMaxSeconds ?? 0)})`;
  const rates = reports.flatMap((report) => (report.queriesPerSec === null ? [] : [report]));
  if (rates.length === 0) return `${base}.`;
  const perSecond = sum(rates.map((report) => report.queriesPerSec!));
  // Little's law: connections busy ≈ queries per second × seconds per query.
  const withLatency = rates.filter((report) => report.p50Ms !== null);
  const busy = withLatency.length > 0 ? sum(withLatency.map((report) => (report.queriesPerSec! * report.p50Ms!) / 1000)) : null;
  const need = busy === null ? '' : `, which keeps about ${Math.max(1, Math.ceil(busy))} busy`;
  const pooled = sum(reports.map((report) => report.idle));
  return `${base}; its ${plural(reports.length, 'instance')} report ${rate(perSecond)} queries/s${need}, and ${pooled} connections idle in their pools.`;
}
