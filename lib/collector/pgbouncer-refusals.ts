/**
 * PgBouncer's client-facing refusals: the messages with which it turns a new client away (or
 * drops one still waiting for its first server connection), and what each means to an on-call
 * engineer. Pure, so the classification is tested without a PgBouncer.
 *
 * PgBouncer sends them all as a FATAL error with SQLSTATE 08P01 ("protocol violation"), the code
 * PostgreSQL also uses for malformed messages; only the message tells them apart. Each phrase is
 * PgBouncer's own (PostgreSQL never sends it), so matching on it is safe whatever the code (a
 * newer PgBouncer may send a more specific one). The
 * refusal is recorded under a code of its own, `pgbouncer:<reason>`, which can collide with
 * neither a SQLSTATE nor a Node error code. Messages as of PgBouncer 1.18 (Debian's) to 1.25:
 * src/client.c, src/objects.c and src/janitor.c.
 */

/** Which layer turned the client away: PgBouncer itself, or the database server behind it. */
export type RefusalLayer = 'pooler' | 'database';

export interface PgBouncerRefusal {
  code: `pgbouncer:${string}`;
  /** Matched against the error message. */
  pattern: RegExp;
  layer: RefusalLayer;
  /** Why, in words an on-call engineer can act on. */
  reason: string;
  /**
   * The server's own message, passed on by PgBouncer when its login to the server fails (1.18
   * sends it with 08P01, not the server's SQLSTATE). PostgreSQL sends the same words directly,
   * so these match only on a connection made through a PgBouncer.
   */
  passedOn?: true;
  /**
   * Refused because an operator asked for it (DISABLE, SHUTDOWN) rather than for lack of
   * connections: like PostgreSQL's 57P03, such a refusal counts in /metrics but does not fire the
   * built-in "Refusing connections" rule, which opens incidents by itself.
   */
  deliberate: boolean;
}

export const PGBOUNCER_REFUSALS: readonly PgBouncerRefusal[] = [
  {
    code: 'pgbouncer:max_client_conn',
    pattern: /no more connections allowed \(max_client_conn\)/i,
    layer: 'pooler',
    reason: 'PgBouncer is at max_client_conn, every client slot of the pooler is taken',
    deliberate: false,
  },
  {
    code: 'pgbouncer:max_db_client_connections',
    pattern: /client connections exceeded \(max_db_client_connections\)/i,
    layer: 'pooler',
    reason: "PgBouncer is at max_db_client_connections, the database's client slots are taken",
    deliberate: false,
  },
  {
    code: 'pgbouncer:max_user_client_connections',
    pattern: /client connections exceeded \(max_user_client_connections\)/i,
    layer: 'pooler',
    reason: "PgBouncer is at max_user_client_connections, the user's client slots are taken",
    deliberate: false,
  },
  {
    code: 'pgbouncer:query_wait_timeout',
    pattern: /query_wait_timeout/i,
    layer: 'pooler',
    reason: 'clients waited longer than query_wait_timeout for a server connection, the pool is used up',
    deliberate: false,
  },
  {
    code: 'pgbouncer:resources',
    pattern: /bouncer resources exhaustion|no memory for (authentication )?pool/i,
    layer: 'pooler',
    reason: 'PgBouncer ran out of resources (file descriptors or memory)',
    deliberate: false,
  },
  {
    // Older PgBouncers' fast-fail ("cannot connect to server"); newer ones say server_login_retry.
    code: 'pgbouncer:server_connect',
    pattern: /cannot connect to server/i,
    layer: 'database',
    reason: 'PgBouncer cannot connect to the database server behind it',
    deliberate: false,
  },
  {
    code: 'pgbouncer:server_login_retry',
    pattern: /server login has been failing/i,
    layer: 'database',
    reason: "PgBouncer's logins to the database server behind it keep failing (server_login_retry)",
    deliberate: false,
  },
  {
    code: 'pgbouncer:server_down',
    pattern: /client_login_timeout \(server down\)/i,
    layer: 'database',
    reason: 'the database server behind PgBouncer did not let it log in within client_login_timeout',
    deliberate: false,
  },
  {
    code: 'pgbouncer:server_too_many_clients',
    pattern: /too many clients already|remaining connection slots are reserved/i,
    layer: 'database',
    reason: 'the database server behind PgBouncer is at max_connections and refuses its logins',
    deliberate: false,
    passedOn: true,
  },
  {
    code: 'pgbouncer:server_starting_or_stopping',
    pattern: /the database system is (starting up|shutting down|not yet accepting connections)/i,
    layer: 'database',
    reason: 'the database server behind PgBouncer is starting up or shutting down',
    deliberate: true,
    passedOn: true,
  },
  {
    code: 'pgbouncer:database_disabled',
    pattern: /^database ".*" is disabled$/i,
    layer: 'pooler',
    reason: 'the database is disabled in PgBouncer (DISABLE on the admin console)',
    deliberate: true,
  },
  {
    code: 'pgbouncer:shutting_down',
    // Anchored: PostgreSQL's own "the database system is shutting down" is 57P03, not this.
    pattern: /^server shutting down$/i,
    layer: 'pooler',
    reason: 'PgBouncer is shutting down',
    deliberate: true,
  },
];

export const PGBOUNCER_REFUSAL_CODES: readonly string[] = PGBOUNCER_REFUSALS.map((refusal) => refusal.code);

/** The refusals that mean "no connection to be had" (not an operator's choice): they fire the built-in rule. */
export const PGBOUNCER_FLOOD_CODES: readonly string[] = PGBOUNCER_REFUSALS.filter((refusal) => !refusal.deliberate).map((refusal) => refusal.code);

/** The refusal a message means; `throughPooler`: the connection was made to a PgBouncer (server messages it passes on count). */
export function findPgBouncerRefusal(message: string, throughPooler = false): PgBouncerRefusal | null {
  return PGBOUNCER_REFUSALS.find((refusal) => (throughPooler || !refusal.passedOn) && refusal.pattern.test(message)) ?? null;
}

/** "refusing new connections at PgBouncer: …" or "… behind PgBouncer: …", then PgBouncer's own words. */
export function describePgBouncerRefusal(refusal: PgBouncerRefusal, message: string, sqlstate: string | null): string {
  const where = refusal.layer === 'pooler' ? 'at PgBouncer' : 'behind PgBouncer';
  const code = sqlstate ? `, SQLSTATE ${sqlstate}` : '';
  return `refusing new connections ${where}: ${refusal.reason} ("${message}"${code})`;
}
