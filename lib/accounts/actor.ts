import type { UserRole } from './schema';

/**
 * 'ingest' is what POST /api/ingest needs, 'alerts' what POST /api/integrations/alertmanager needs:
 * tokens of that scope, the admin token or an admin grant each, and nothing else.
 */
export type Role = UserRole | 'ingest' | 'alerts';

export interface ActorUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
}

/**
 * Who is acting, as authorise() established it. Every write in lib/ that records a person (the
 * audit log, a timeline, createdBy) takes it as its second parameter: `(db, actor, ...)`.
 */
export interface Actor {
  kind: 'user' | 'admin-token' | 'api-token' | 'anonymous';
  role: Role;
  /** Set for kind 'user'. */
  user?: ActorUser;
  /** What audit entries record: the display name, the token's name, or a fixed label. */
  name: string;
}

/** Lifeguard itself, or a start-up step, acting with nobody calling: named in the audit log and timelines. */
export function systemActor(name: string): Actor {
  return { kind: 'anonymous', role: 'admin', name };
}

/**
 * The person an incident, alert or silence records as acting. A signed-in user is always
 * themselves (a typed name cannot impersonate anyone); a token or anonymous caller, or Lifeguard
 * itself, names the person in `by` (lib/http/acting.ts fills it in for users before validation).
 */
export function personActing(actor: Actor, by: string): string {
  return actor.user?.displayName ?? by;
}

const RANK: Record<Role, number> = { ingest: 0, alerts: 0, viewer: 1, responder: 2, admin: 3 };
/** Roles of machine tokens that may do one thing only. */
const SINGLE_PURPOSE = new Set<Role>(['ingest', 'alerts']);

/** viewer < responder < admin; 'ingest' and 'alerts' are granted to their own tokens and admins only. */
export function grants(actor: Role, needed: Role): boolean {
  if (SINGLE_PURPOSE.has(needed)) return actor === needed || actor === 'admin';
  if (SINGLE_PURPOSE.has(actor)) return false;
  return RANK[actor] >= RANK[needed];
}
