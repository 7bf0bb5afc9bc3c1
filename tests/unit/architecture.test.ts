import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of docs/architecture.md, checked on the tree so that they cannot drift:
 * - server code in lib/ never imports the browser's code (lib/browser/, components/) nor React;
 * - browser code (components/, lib/browser/) imports by value only modules that never reach
 *   'server-only' (type-only imports are erased at build and may name server view types);
 * - scripts/ never import tests/.
 */
const ROOT = process.cwd();
const SOURCE = /\.(ts|tsx)$/;
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

interface ImportEdge {
  typeOnly: boolean;
  specifier: string;
  /** Repo-relative file the specifier resolves to; null for packages. */
  file: string | null;
}

function walk(dir: string): string[] {
  if (!existsSync(path.join(ROOT, dir))) return [];
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry);
    if (entry === 'generated' || entry === 'node_modules') return [];
    return statSync(path.join(ROOT, relative)).isDirectory() ? walk(relative) : SOURCE.test(entry) ? [relative] : [];
  });
}

function resolveFile(specifier: string, from: string): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.join(path.dirname(from), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((candidate) => existsSync(path.join(ROOT, candidate)) && statSync(path.join(ROOT, candidate)).isFile()) ?? null;
}

const edgeCache = new Map<string, ImportEdge[]>();
function importsOf(file: string): ImportEdge[] {
  const cached = edgeCache.get(file);
  if (cached) return cached;
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const edges = [...source.matchAll(IMPORT)].map(([, type, specifier]) => ({
    typeOnly: type !== undefined,
    specifier: specifier!,
    file: resolveFile(specifier!, file),
  }));
  edgeCache.set(file, edges);
  return edges;
}

/** Whether a module, through its value imports, ends up importing 'server-only'. */
function reachesServerOnly(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  return importsOf(file).some((edge) => !edge.typeOnly && (edge.specifier === 'server-only' || (edge.file !== null && reachesServerOnly(edge.file, seen))));
}

const isBrowser = (file: string) => file.startsWith('components/') || file.startsWith('lib/browser/');
const isServerLib = (file: string) => file.startsWith('lib/') && !file.startsWith('lib/browser/');

describe('the import rules of docs/architecture.md', () => {
  const files = ['app', 'components', 'lib', 'scripts'].flatMap(walk);

  it('finds the tree it checks', () => {
    expect(files.filter(isBrowser).length).toBeGreaterThan(50);
    expect(files.filter(isServerLib).length).toBeGreaterThan(100);
    expect(reachesServerOnly('lib/store/transaction.ts')).toBe(true);
  });

  it('keeps server code in lib/ away from the browser code and React', () => {
    const wrong = files.filter(isServerLib).flatMap((file) =>
      importsOf(file)
        .filter((edge) => (edge.file !== null && isBrowser(edge.file)) || /^(react|react-dom|@tanstack\/)/.test(edge.specifier))
        .map((edge) => `${file} imports ${edge.specifier}`),
    );
    expect(wrong).toEqual([]);
  });

  it('lets browser code import by value only modules that never reach server-only', () => {
    const wrong = files.filter(isBrowser).flatMap((file) =>
      importsOf(file)
        .filter((edge) => !edge.typeOnly && edge.file !== null && reachesServerOnly(edge.file))
        .map((edge) => `${file} imports ${edge.specifier}, which reaches 'server-only' (import its types with 'import type')`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps scripts/ from importing tests/', () => {
    const wrong = files
      .filter((file) => file.startsWith('scripts/'))
      .flatMap((file) => importsOf(file).filter((edge) => edge.file?.startsWith('tests/')).map((edge) => `${file} imports ${edge.specifier}`));
    expect(wrong).toEqual([]);
  });
});
