import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR, exportedMethods, routeFiles, routePath } from '../support/api-routes';
import { ROUTE_ROLES } from '../support/route-roles';

/**
 * docs/api.md is the API reference, so it must not drift from the code again: every route+method
 * that app/ exports has its row, every row names a route+method that exists, once, and the role it
 * states is the one the route demands (tests/support/route-roles.ts, which the route-authorisation
 * test checks against the handlers themselves).
 */
const API_DOC = path.resolve(__dirname, '../../docs/api.md');

interface Row {
  route: string;
  role: string;
}

/** The table rows: | `GET` | `/api/targets/{id}/snapshot` | viewer | … |. */
function documentedRows(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(API_DOC, 'utf8').split('\n')) {
    const match = /^\|\s*`([A-Z]+)`\s*\|\s*`([^`]+)`\s*\|\s*([^|]*?)\s*\|/.exec(line);
    if (match) rows.push({ route: `${match[1]} ${match[2]}`, role: match[3] ?? '' });
  }
  return rows;
}

const inCode = routeFiles(APP_DIR)
  .flatMap((file) => exportedMethods(file).map((method) => `${method} ${routePath(file)}`))
  .sort();
const rows = documentedRows();
const documented = rows.map((row) => row.route);

describe('docs/api.md', () => {
  it('has a row for every route and method of app/', () => {
    const missing = inCode.filter((route) => !documented.includes(route));
    expect(missing, 'route+method exported under app/ but missing from docs/api.md').toEqual([]);
  });

  it('has no row for a route or method that does not exist', () => {
    const gone = documented.filter((route) => !inCode.includes(route));
    expect(gone, 'rows of docs/api.md naming no exported route+method').toEqual([]);
  });

  it('has one row per route and method', () => {
    const twice = documented.filter((route, index) => documented.indexOf(route) !== index);
    expect(twice, 'route+method documented more than once').toEqual([]);
  });

  it('states the role each route needs', () => {
    const wrong = rows.flatMap(({ route, role }) => {
      const [method = '', url = ''] = route.split(' ');
      const needed = ROUTE_ROLES[url]?.[method];
      return needed !== undefined && needed !== role ? [`${route}: documented "${role}", needs "${needed}"`] : [];
    });
    expect(wrong).toEqual([]);
  });
});
