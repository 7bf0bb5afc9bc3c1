/**
 * The roles of an account and the scopes of an API token, without zod:
 * pickers and badges in the browser read them, and zod would weigh on those pages' first load
 * (issue 12). The schema builds its enums from these same lists and re-exports them.
 */

export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type UserRole = (typeof ROLES)[number];

export const TOKEN_SCOPES = ['ingest', 'alerts', 'read', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
