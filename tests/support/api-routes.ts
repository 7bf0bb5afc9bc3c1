import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The HTTP routes of the app as they are on disk: every `route.ts` under app/, the URL path it
 * answers and the methods it exports. Shared by the tests that must notice a new route on their
 * own (who may call it, whether docs/api.md lists it), so nobody has to remember to add it.
 */

export const APP_DIR = path.resolve(__dirname, '../../app');
export const API_DIR = path.join(APP_DIR, 'api');

/** The methods a Next.js route module may export (HEAD and OPTIONS are answered for you otherwise). */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Every route.ts under `dir`, as absolute paths, in a stable order. */
export function routeFiles(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return routeFiles(full);
      return entry.name === 'route.ts' ? [full] : [];
    });
}

/** The URL path a route file answers, dynamic segments written as in the docs: app/api/targets/[id]/route.ts → /api/targets/{id}. */
export function routePath(file: string): string {
  const segments = path.relative(APP_DIR, path.dirname(file)).split(path.sep);
  return `/${segments.map((segment) => segment.replace(/^\[(.+)\]$/, '{$1}')).join('/')}`;
}

/**
 * The HTTP methods a route module exports, read from its source rather than by importing it, so
 * no store or server module is loaded: `export const GET = …`, `export async function GET`,
 * `export { handler as GET }` and re-exports all count.
 */
export function exportedMethods(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      names.push(...statement.exportClause.elements.map((element) => element.name.text));
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    }
  }
  return HTTP_METHODS.filter((method) => names.includes(method));
}
