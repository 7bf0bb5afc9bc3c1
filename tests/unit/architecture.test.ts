import { describe, expect, it } from 'vitest';
import { importsOf, reachesServerOnly, walk } from '../support/import-graph';

/**
 * The import rules of docs/architecture.md, checked on the tree so that they cannot drift:
 * - server code in lib/ never imports the browser's code (lib/browser/, components/) nor React;
 * - browser code (components/, lib/browser/) imports by value only modules that never reach
 *   'server-only' (type-only imports are erased at build and may name server view types);
 * - scripts/ never import tests/.
 */
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
