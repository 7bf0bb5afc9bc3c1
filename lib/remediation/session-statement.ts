import type pg from 'pg';
import { COLLECTOR_APPLICATION_NAME } from '../collector/persistent-sampler';
import { OWNERSHIP_APPLICATION_NAME } from '../collector/ownership';
import { PROBE_APPLICATION_NAME } from '../collector/probe';
import { conflict } from '../http/errors';
import { quoteIdent } from './lasting-fixes';
import type { RemediationSession, SessionAction, SessionFilter } from './schema';

/**
 * The one statement that finds — and, unless it is a dry run, signals — the sessions a
 * responder picked, run over the collector's persistent connection to the target (the one that
 * still works while the server refuses new connections).
 *
 * One statement, so the sessions signalled are exactly those that match the filter at that
 * instant: there is no gap between choosing and signalling in which a pid could be reused.
 * Executing also requires the pid to be among those the dry run showed, so a session that began
 * to match after the dry run (a new connection of the same application) is never touched.
 *
 * Never touched, whatever the filter: this very backend, Lifeguard's own sessions (the
 * collector, its probe, and — when a target is Lifeguard's own store — the store's clients),
 * superusers' sessions, and anything that is not a client backend (autovacuum, WAL senders,
 * background workers). Age is time in the current state (`state_change`): how long a session
 * has been idle, idle in its transaction, or running its query.
 */
export const LIFEGUARD_APPLICATIONS: readonly string[] = [
  COLLECTOR_APPLICATION_NAME,
  PROBE_APPLICATION_NAME,
  OWNERSHIP_APPLICATION_NAME,
  'lifeguard-store',
  /** The collector's sample writer (lib/samples/sample-writer.ts). */
  'lifeguard-samples',
  'lifeguard-events',
  'lifeguard-migrate',
];

const SESSIONS_SQL = `
WITH candidates AS (
  SELECT a.pid,
         coalesce(a.application_name, '') AS application,
         host(a.client_addr) AS client_addr,
         a.state,
         a.usename::text AS role,
         extract(epoch FROM clock_timestamp() - a.state_change)::float8 AS age_seconds
  FROM pg_stat_activity a
  WHERE a.backend_type = 'client backend'
    -- A backend still logging in shows no state (PostgreSQL 17: 'starting') and no
    -- application_name yet: Lifeguard's own probe, every interval, would match "" for a moment.
    AND a.state IS NOT NULL AND a.state <> 'starting'
    AND a.pid <> pg_backend_pid()
    AND coalesce(a.application_name, '') <> ALL ($1::text[])
    AND NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.oid = a.usesysid AND r.rolsuper)
    AND ($2::text IS NULL OR coalesce(a.application_name, '') = $2::text)
    AND ($3::inet IS NULL OR a.client_addr = $3::inet)
    AND ($4::text IS NULL OR a.state = $4::text)
    AND ($5::float8 IS NULL OR a.state_change <= clock_timestamp() - make_interval(secs => $5::float8))
    AND ($6::int[] IS NULL OR a.pid = ANY ($6::int[]))
)
SELECT pid, application, client_addr, state, role, age_seconds,
       CASE $7::text WHEN 'terminate' THEN pg_terminate_backend(pid)
                     WHEN 'cancel' THEN pg_cancel_backend(pid)
       END AS signalled
FROM candidates
ORDER BY age_seconds DESC NULLS LAST, pid
`;

/** Superusers pass pg_has_role for every role, so one test covers both ways of being allowed. */
const PRIVILEGE_SQL = `SELECT current_user::text AS role, pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') AS can_signal`;

interface SessionRow {
  pid: number;
  application: string;
  client_addr: string | null;
  state: string | null;
  role: string | null;
  age_seconds: number | null;
  signalled: boolean | null;
}

export interface StatementOutcome {
  count: number;
  sessions: RemediationSession[];
}

export interface SessionStatement {
  action: SessionAction;
  dryRun: boolean;
  filter: SessionFilter;
  /** Executing: the dry run's pids (the schema requires them); null for a dry run without them. */
  pids: readonly number[] | null;
  /** For messages: the target's name. */
  targetName: string;
}

/**
 * Checks the privilege, then runs the statement. Without pg_signal_backend the answer is a 409
 * saying which GRANT is missing, before anything is attempted (a dry run too: its list would
 * promise sessions that could not be signalled).
 */
export async function runSessionStatement(client: pg.Client, statement: SessionStatement): Promise<StatementOutcome> {
  const privilege = (await client.query<{ role: string; can_signal: boolean }>(PRIVILEGE_SQL)).rows[0];
  if (!privilege?.can_signal) {
    const role = privilege?.role ?? 'the monitoring role';
    throw conflict(
      `Lifeguard's role ${role} on ${statement.targetName} may not signal other sessions: an administrator of that database must run ` +
        `GRANT pg_signal_backend TO ${quoteIdent(role)}; nothing was done`,
    );
  }
  const { filter } = statement;
  const { rows } = await client.query<SessionRow>(SESSIONS_SQL, [
    LIFEGUARD_APPLICATIONS,
    filter.application ?? null,
    filter.clientAddr ?? null,
    filter.state ?? null,
    filter.minAgeSeconds ?? null,
    statement.pids === null ? null : [...statement.pids],
    statement.dryRun ? 'none' : statement.action,
  ]);
  // pg_*_backend returns false for a pid that exited meanwhile: only what PostgreSQL signalled counts.
  const hit = statement.dryRun ? rows : rows.filter((row) => row.signalled === true);
  return { count: hit.length, sessions: hit.map(toSession) };
}

function toSession(row: SessionRow): RemediationSession {
  return {
    pid: row.pid,
    application: row.application,
    clientAddr: row.client_addr,
    state: row.state,
    ageSeconds: row.age_seconds === null ? null : Math.max(0, Math.round(row.age_seconds * 10) / 10),
    role: row.role,
  };
}
