/**
 * Every HTTP route of the app (by its URL path, as tests/support/api-routes.ts names it) with the
 * role each method needs. One table for two tests: tests/integration/route-authorisation.test.ts
 * calls every protected method one role short and expects 401/403, and tests/unit/api-docs.test.ts
 * checks that docs/api.md states the same role. A route missing here fails the first test, so
 * nobody adds an endpoint without deciding who may call it.
 */
/** 'caller': anyone Lifeguard knows, an ingest token included (read-only answers applications need). */
export type Needed = 'public' | 'caller' | 'ingest' | 'alerts' | 'viewer' | 'responder' | 'admin';

const V = 'viewer', R = 'responder', A = 'admin';

export const ROUTE_ROLES: Record<string, Record<string, Needed>> = {
  '/api/applications/{name}/allowance': { GET: 'caller' },
  '/api/budget/check': { POST: 'caller' },
  '/api/action-items': { GET: V },
  '/api/action-items/{id}': { PATCH: R, DELETE: R },
  '/api/alert-rules': { GET: V, POST: A },
  '/api/alert-rules/{id}': { GET: V, PATCH: A, DELETE: A },
  '/api/alerts': { GET: V },
  '/api/alerts/{id}': { GET: V },
  '/api/alerts/{id}/acknowledge': { POST: R },
  '/api/applications': { GET: V },
  '/api/applications/{name}/series': { GET: V },
  '/api/audit': { GET: A },
  '/api/checklist-templates': { GET: V, POST: A },
  '/api/checklist-templates/{id}': { GET: V, PATCH: A },
  '/api/drills/{id}': { GET: V },
  '/api/drills/{id}/cancel': { POST: A },
  '/api/events': { GET: V },
  '/api/health': { GET: 'public' },
  '/api/incidents': { GET: V, POST: R },
  '/api/incidents/{id}': { GET: V, PATCH: R },
  '/api/incidents/{id}/action-items': { GET: V, POST: R },
  '/api/incidents/{id}/checklist': { POST: R },
  '/api/incidents/{id}/checklist/{itemId}': { PATCH: R },
  '/api/incidents/{id}/peak': { GET: V },
  '/api/incidents/{id}/pool-evidence': { GET: V },
  '/api/incidents/{id}/postmortem': { GET: V, PUT: R, PATCH: R },
  '/api/incidents/{id}/postmortem/chart.svg': { GET: V },
  '/api/incidents/{id}/timeline': { GET: V, POST: R },
  '/api/incidents/{id}/status-updates': { POST: R },
  '/api/incident-channels': { GET: V },
  '/api/ingest': { POST: 'ingest' },
  '/api/integrations/alertmanager': { POST: 'alerts' },
  '/api/receivers': { GET: A, POST: A },
  '/api/receivers/{id}': { PATCH: A, DELETE: A },
  '/api/receivers/{id}/deliveries': { GET: V },
  '/api/session': { GET: 'public', POST: 'public', DELETE: 'public' },
  '/api/setup': { POST: 'public' },
  '/api/silences': { GET: V, POST: R },
  '/api/silences/{id}': { DELETE: R },
  '/api/snapshots': { GET: V },
  '/api/targets': { GET: V, POST: A },
  '/api/targets/{id}': { GET: V, PATCH: A, DELETE: A },
  '/api/targets/{id}/budget': { GET: V, PATCH: A },
  '/api/targets/{id}/drills': { GET: V, POST: A },
  '/api/targets/{id}/sessions/cancel': { POST: R },
  '/api/targets/{id}/sessions/terminate': { POST: R },
  '/api/targets/{id}/export': { GET: V },
  '/api/targets/{id}/finding': { GET: V },
  '/api/targets/{id}/pools': { GET: V },
  '/api/targets/{id}/pools/latest': { GET: V },
  '/api/targets/{id}/series': { GET: V },
  '/api/targets/{id}/snapshot': { GET: V },
  '/api/tokens': { GET: A, POST: A },
  '/api/tokens/{id}': { DELETE: A },
  '/api/users': { GET: A, POST: A },
  '/api/users/{id}': { PATCH: A },
  '/metrics': { GET: V },
};
