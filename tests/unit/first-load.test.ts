import { describe, expect, it } from 'vitest';
import { importsOf, sourceOf, walk } from '../support/import-graph';

/**
 * Issue 12's first-load budget, kept by the tree: the heavy libraries reach the browser only
 * through `import()` (next/dynamic, lib/browser/lazy-schema.ts), never with a page's first load.
 * A page's first load is every module its server components reach across a 'use client'
 * boundary, following static value imports. `npm run bench` measures the bytes; this test names
 * the import that brought a library back, which the figure alone does not.
 */
const HEAVY = {
  zod: 'validate with the shared schema through lib/browser/lazy-schema.ts, or import the choices (lib/<resource>/choices.ts)',
  recharts: 'draw through components/charts/lazy-time-chart.tsx; series types are in components/charts/chart-series.ts',
  'react-markdown': 'render through components/markdown/lazy-markdown.tsx',
  'remark-gfm': 'render through components/markdown/lazy-markdown.tsx',
} as const;

const ENTRY = /(^|\/)(page|layout|template|not-found|error|loading)\.tsx$/;
const isClient = (file: string) => /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use client['"]/.test(sourceOf(file));

/** Each module of the pages' first load, with the chain of imports that brought it in. */
function firstLoad(): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const serverSeen = new Set<string>();
  const visit = (file: string, chain: string[], client: boolean) => {
    const inClient = client || isClient(file);
    if (inClient ? reached.has(file) : serverSeen.has(file)) return;
    if (inClient) reached.set(file, [...chain, file]);
    else serverSeen.add(file);
    for (const edge of importsOf(file)) if (!edge.typeOnly && edge.file !== null) visit(edge.file, [...chain, file], inClient);
  };
  for (const entry of walk('app').filter((file) => ENTRY.test(file))) visit(entry, [], false);
  return reached;
}

describe("the pages' first-load JavaScript", () => {
  const modules = firstLoad();

  it('finds the client modules of the pages', () => {
    expect(modules.size).toBeGreaterThan(50);
    expect(modules.has('components/charts/lazy-time-chart.tsx')).toBe(true);
    // Loaded by import() once a chart is drawn, so not part of any first load.
    expect(modules.has('components/charts/time-chart.tsx')).toBe(false);
  });

  it('leaves zod, Recharts and the Markdown renderer to chunks loaded on demand', () => {
    const wrong = [...modules].flatMap(([file, chain]) =>
      importsOf(file)
        .filter((edge) => !edge.typeOnly && edge.specifier in HEAVY)
        .map((edge) => `${chain.join(' → ')} imports ${edge.specifier}: ${HEAVY[edge.specifier as keyof typeof HEAVY]}`),
    );
    expect(wrong).toEqual([]);
  });
});
