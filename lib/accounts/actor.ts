import type { UserRole } from './schema';

/** 'ingest' is what POST /api/ingest needs: ingest tokens, the admin token or an admin grant it, nothing else. */
export type Role = UserRole | 'ingest';

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

const RANK: Record<Role, number> = { ingest: 0, viewer: 1, responder: 2, admin: 3 };

/** viewer < responder < admin; 'ingest' is granted to ingest actors and admins only. */
export function grants(actor: Role, needed: Role): boolean {
  if (needed === 'ingest') return actor === 'ingest' || actor === 'admin';
  if (actor === 'ingest') return false;
  return RANK[actor] >= RANK[needed];
}
