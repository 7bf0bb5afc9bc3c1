import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The static import graph of the tree, read from the sources (no bundler): which module imports
 * which, by value or type-only. `import('…')` expressions are not edges: what they load arrives
 * in its own chunk, later, which is exactly what the first-load rules rely on.
 */
const ROOT = process.cwd();
const SOURCE = /\.(ts|tsx)$/;
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

export interface ImportEdge {
  typeOnly: boolean;
  specifier: string;
  /** Repo-relative file the specifier resolves to; null for packages. */
  file: string | null;
}

/** Every .ts/.tsx file under `dir` (repo-relative), generated code and node_modules left out. */
export function walk(dir: string): string[] {
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

const sourceCache = new Map<string, string>();
export function sourceOf(file: string): string {
  let source = sourceCache.get(file);
  if (source === undefined) sourceCache.set(file, (source = readFileSync(path.join(ROOT, file), 'utf8')));
  return source;
}

const edgeCache = new Map<string, ImportEdge[]>();
export function importsOf(file: string): ImportEdge[] {
  const cached = edgeCache.get(file);
  if (cached) return cached;
  const edges = [...sourceOf(file).matchAll(IMPORT)].map(([, type, specifier]) => ({
    typeOnly: type !== undefined,
    specifier: specifier!,
    file: resolveFile(specifier!, file),
  }));
  edgeCache.set(file, edges);
  return edges;
}

/** Whether a module, through its value imports, ends up importing 'server-only'. */
export function reachesServerOnly(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  return importsOf(file).some((edge) => !edge.typeOnly && (edge.specifier === 'server-only' || (edge.file !== null && reachesServerOnly(edge.file, seen))));
}
