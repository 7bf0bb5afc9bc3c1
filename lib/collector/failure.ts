import { describePgBouncerRefusal, findPgBouncerRefusal, PGBOUNCER_REFUSAL_CODES } from './pgbouncer-refusals';

/**
 * Turns what node-postgres throws into what a sample records: a sentence an on-call engineer
 * can act on, and a code (SQLSTATE, or a Node error code) that alert rules can match.
 */
export interface Failure {
  error: string;
  errorCode: string | null;
}

interface ErrorLike {
  message?: unknown;
  code?: unknown;
}

/** The message and code of whatever node-postgres threw. */
export function errorFields(err: unknown): { message: string; code: string | null } {
  if (typeof err === 'object' && err !== null) {
    const { message, code } = err as ErrorLike;
    return { message: typeof message === 'string' ? message : String(err), code: typeof code === 'string' && code !== '' ? code : null };
  }
  return { message: String(err), code: null };
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Codes with which a server turns a new connection away while it is otherwise up: PostgreSQL's
 * SQLSTATEs, and PgBouncer's refusals (lib/collector/pgbouncer-refusals.ts).
 */
export const REFUSAL_CODES: ReadonlySet<string> = new Set(['53300', '53400', '57P03', ...PGBOUNCER_REFUSAL_CODES]);

export function classifyFailure(err: unknown): Failure {
  const { message, code } = errorFields(err);
  // First: PgBouncer says all of these with 08P01, which alone would read as a protocol error.
  const pooler = findPgBouncerRefusal(message);
  if (pooler) return { error: describePgBouncerRefusal(pooler, message, code !== null && SQLSTATE.test(code) ? code : null), errorCode: pooler.code };
  if (code === '53300') {
    // "sorry, too many clients already", or "remaining connection slots are reserved for …":
    // both mean max_connections is used up for ordinary roles.
    const detail = /too many clients/i.test(message) ? 'too many clients already' : `too many clients (${message})`;
    return { error: `refusing new connections: ${detail} (SQLSTATE 53300)`, errorCode: code };
  }
  if (code !== null && REFUSAL_CODES.has(code)) return { error: `refusing new connections: ${message} (SQLSTATE ${code})`, errorCode: code };
  if (code === '57P01' || code === '57P02') return { error: `connection terminated by the server: ${message} (SQLSTATE ${code})`, errorCode: code };
  if (code === '28P01' || code === '28000') return { error: `authentication failed: ${message} (SQLSTATE ${code})`, errorCode: code };
  if (code !== null && SQLSTATE.test(code)) return { error: `${message} (SQLSTATE ${code})`, errorCode: code };
  switch (code) {
    case 'ECONNREFUSED':
      return { error: 'unreachable: connection refused (ECONNREFUSED)', errorCode: code };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { error: `unreachable: host not found (${code})`, errorCode: code };
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { error: `unreachable: ${message} (${code})`, errorCode: code };
    case 'ECONNRESET':
    case 'EPIPE':
      return { error: `connection lost: ${message} (${code})`, errorCode: code };
  }
  if (code !== null) return { error: `${message} (${code})`, errorCode: code };
  // node-postgres reports its own timeouts and lost sockets without a code; give them the
  // nearest Node code so that "unreachable" alert rules need not parse messages.
  if (/timeout|timed out/i.test(message)) return { error: `unreachable: ${message} (ETIMEDOUT)`, errorCode: 'ETIMEDOUT' };
  if (/connection terminated|not queryable|connection.*closed/i.test(message)) {
    return { error: `connection lost: ${message} (ECONNRESET)`, errorCode: 'ECONNRESET' };
  }
  return { error: message, errorCode: null };
}

/**
 * Whether a failed query leaves the persistent connection unusable, so it must be replaced.
 * SQL errors (a cancelled statement, a permission problem) leave the session fine; anything
 * without a SQLSTATE is the socket or the client giving up, and class 08 / 57P0x mean the
 * server dropped us.
 */
export function isConnectionBroken(err: unknown): boolean {
  const { code } = errorFields(err);
  if (code === null || !SQLSTATE.test(code)) return true;
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}
