import { z } from 'zod';

/**
 * "Stop it": cancelling queries or terminating sessions on a target. One schema, shared by the
 * form on the target and incident pages and by POST /api/targets/{id}/sessions/{cancel,terminate}.
 */

export const SESSION_ACTIONS = ['cancel', 'terminate'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];

/** The states a responder may pick; `idle in transaction (aborted)` is left out on purpose (rare, and a state filter should mean one thing). */
export const SESSION_STATES = ['idle', 'idle in transaction', 'active'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** A month: any larger age is a typo, not a filter. */
const MAX_AGE_SECONDS = 31 * 24 * 3600;
/** pg_stat_activity of a server with max_connections in the thousands fits with room to spare. */
const MAX_PIDS = 10_000;

export const sessionActionSchema = z
  .strictObject({
    /** application_name to match exactly; "" matches sessions that set none. */
    application: z.string({ error: 'must be text' }).max(63, 'is at most 63 characters (PostgreSQL truncates longer names)').optional(),
    /** The client's IP address as pg_stat_activity shows it (client_addr). */
    clientAddr: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address, e.g. 10.0.3.7' }).optional(),
    state: z.enum(SESSION_STATES, { error: `must be one of ${SESSION_STATES.join(', ')}` }).optional(),
    /** Time in the current state (since state_change): idle for, in the transaction for, running the query for. */
    minAgeSeconds: z
      .number({ error: 'must be a number of seconds' })
      .min(0, 'must be 0 or more')
      .max(MAX_AGE_SECONDS, `must be at most ${MAX_AGE_SECONDS} (31 days)`)
      .optional(),
    /** Default true: nothing is touched unless the caller says dryRun: false. */
    dryRun: z.boolean({ error: 'must be true or false' }).default(true),
    /** To execute: the pids the dry run returned. Sessions outside this list are never touched. */
    pids: z
      .array(z.number({ error: 'must be process ids' }).int('must be process ids').positive('must be process ids'), { error: 'must be a list of process ids' })
      .max(MAX_PIDS, `is at most ${MAX_PIDS} process ids`)
      .optional(),
  })
  .refine((input) => input.application !== undefined || input.clientAddr !== undefined || input.state !== undefined || input.minAgeSeconds !== undefined, {
    message: 'give at least one filter: application, clientAddr, state or minAgeSeconds',
  })
  .refine((input) => input.dryRun || input.pids !== undefined, {
    message: 'executing needs the pids of a dry run: send dryRun true first, then dryRun false with the pids it returned',
    path: ['pids'],
  });

export type SessionActionInput = z.input<typeof sessionActionSchema>;
export type SessionActionRequest = z.output<typeof sessionActionSchema>;

/** The filter part of a request, as stored with it and described on the timeline. */
export type SessionFilter = Pick<SessionActionRequest, 'application' | 'clientAddr' | 'state' | 'minAgeSeconds'>;

/** One session a request would hit (dry run) or hit (execution). */
export interface RemediationSession {
  pid: number;
  /** application_name; "" when the session set none. */
  application: string;
  clientAddr: string | null;
  state: string | null;
  /** Seconds in the current state when the statement ran; null when the role may not see it. */
  ageSeconds: number | null;
  /** The session's role (usename): what ALTER ROLE … CONNECTION LIMIT would apply to. */
  role: string | null;
}

/** A lasting fix Lifeguard shows and never runs: copy it into a migration, a config file, a runbook. */
export interface LastingFix {
  kind: 'connection-limit' | 'idle-in-transaction-timeout' | 'pool-max';
  title: string;
  /** SQL or configuration, ready to copy. */
  code: string;
  /** The arithmetic or reasoning behind the value. */
  why: string;
}

/** What both routes answer. `count` is what PostgreSQL reported: signalled sessions, or those a dry run would hit. */
export interface RemediationAnswer {
  action: SessionAction;
  dryRun: boolean;
  count: number;
  sessions: RemediationSession[];
  fixes: LastingFix[];
}
