import type { UserRole } from './schema';

/** 'ingest' is what POST /api/ingest needs: ingest tokens, the admin token or an admin grant it, nothing else. */
export type Role = UserRole | 'ingest';

export interface ActorUser {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
}

/** Who is calling, as authorise() established it. */
export interface Actor {
  kind: 'user' | 'admin-token' | 'api-token' | 'anonymous';
  role: Role;
  /** Set for kind 'user'. */
  user?: ActorUser;
  /** What audit entries and timelines record: the display name, the token's name, or a fixed label. */
  name: string;
}

const RANK: Record<Role, number> = { ingest: 0, viewer: 1, responder: 2, admin: 3 };

/** viewer < responder < admin; 'ingest' is granted to ingest actors and admins only. */
export function grants(actor: Role, needed: Role): boolean {
  if (needed === 'ingest') return actor === 'ingest' || actor === 'admin';
  if (actor === 'ingest') return false;
  return RANK[actor] >= RANK[needed];
}
