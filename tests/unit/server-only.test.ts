import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every module in lib/ that reaches Lifeguard's store starts with `import 'server-only';`, so a
 * client component that imports one (by mistake, through a chain of imports) breaks the build
 * instead of shipping store code, or a database error, to the browser.
 *
 * A module reaches the store when it imports the Prisma client or its types (lib/store/db,
 * transaction, values, migrate, the store itself, lib/generated/prisma, @prisma/*), or `pg` to
 * talk to the store. A module that only calls another store module is covered by that module.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The store's own modules, by path without extension. */
const STORE_MODULES = new Set(['lib/store/db', 'lib/store/transaction', 'lib/store/values', 'lib/store/migrate', 'lib/store/index', 'lib/store']);

/**
 * Modules that use `pg` only towards the servers Lifeguard watches (targets, PgBouncer) or, in
 * the pool client, from the application's side: never towards Lifeguard's store.
 */
const PG_TOWARDS_TARGETS = new Set([
  'lib/collector/persistent-sampler.ts',
  'lib/collector/pgbouncer-probe.ts',
  'lib/collector/pgbouncer-sampler.ts',
  'lib/collector/probe.ts',
  'lib/collector/target-sampler.ts',
  'lib/drills/fleet.ts',
  'lib/drills/runner.ts',
  'lib/pool-client/index.ts',
  'lib/pooler/probe-database.ts',
  'lib/remediation/session-statement.ts',
]);

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** A specifier as a path from the repository root (without extension), or the package name. */
function resolve(file: string, specifier: string): string {
  if (specifier.startsWith('@/')) return specifier.slice(2);
  if (specifier.startsWith('.')) return path.posix.join(path.posix.dirname(file), specifier);
  return specifier;
}

function reachesStore(file: string, source: string): boolean {
  return specifiers(source).some((specifier) => {
    const target = resolve(file, specifier);
    if (STORE_MODULES.has(target) || target.startsWith('lib/generated/prisma') || target.startsWith('@prisma/')) return true;
    return target === 'pg' && !PG_TOWARDS_TARGETS.has(file);
  });
}

/** True when the first import of the file is the server-only marker. */
function startsServerOnly(source: string): boolean {
  return specifiers(source)[0] === 'server-only' && /^\s*import\s+['"]server-only['"];?\s*$/m.test(source);
}

function libModules(dir = 'lib'): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return file === 'lib/generated' || file === 'lib/browser' ? [] : libModules(file);
    return /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe("'server-only' on every lib/ module that reaches the store", () => {
  const modules = libModules().map((file) => ({ file, source: readFileSync(path.join(ROOT, file), 'utf8') }));
  const storeModules = modules.filter(({ file, source }) => reachesStore(file, source));

  it('finds the store modules (the rule still matches how lib/ imports the store)', () => {
    const files = storeModules.map(({ file }) => file);
    expect(files).toEqual(expect.arrayContaining(['lib/store/db.ts', 'lib/store/transaction.ts', 'lib/incidents/get.ts', 'lib/events/hub.ts', 'lib/collector/ownership.ts']));
    expect(files).not.toContain('lib/collector/probe.ts');
    expect(files).not.toContain('lib/format/duration.ts');
  });

  it('has each of them start with it', () => {
    const missing = storeModules.filter(({ source }) => !startsServerOnly(source)).map(({ file }) => file);
    expect(missing, "add `import 'server-only';` as their first import").toEqual([]);
  });

  it('tells a store module from a pure one', () => {
    expect(reachesStore('lib/x/a.ts', "import type { Db } from '../store/db';\n")).toBe(true);
    expect(reachesStore('lib/x/a.ts', "import { transaction } from '@/lib/store/transaction';\n")).toBe(true);
    expect(reachesStore('lib/x/a.ts', "import { Prisma } from '../generated/prisma/client';\n")).toBe(true);
    expect(reachesStore('lib/x/a.ts', "import pg from 'pg';\n")).toBe(true);
    expect(reachesStore('lib/collector/probe.ts', "import pg from 'pg';\n")).toBe(false);
    expect(reachesStore('lib/x/a.ts', "import { z } from 'zod';\nimport { formatDuration } from '../format/duration';\n")).toBe(false);
    expect(startsServerOnly("import 'server-only';\nimport type { Db } from '../store/db';\n")).toBe(true);
    expect(startsServerOnly("import type { Db } from '../store/db';\nimport 'server-only';\n")).toBe(false);
    expect(startsServerOnly("/** Why. */\nimport type { Db } from '../store/db';\n")).toBe(false);
  });
});
