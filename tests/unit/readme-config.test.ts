import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's configuration table is where people look up a setting: every variable that
 * lib/config.ts reads (the keys of its envSchema) must have a row there, and every LIFEGUARD_
 * row must still be read.
 */
const ROOT = path.resolve(__dirname, '../..');
const source = readFileSync(path.join(ROOT, 'lib/config.ts'), 'utf8');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
const read = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? '');
const documented = readme
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''));

describe('README configuration table', () => {
  it('finds the variables lib/config.ts reads', () => {
    expect(read).toContain('DATABASE_URL');
    expect(read.length).toBeGreaterThan(10);
  });

  it('has a row for every one of them', () => {
    expect(read.filter((name) => !documented.includes(name)), 'read by lib/config.ts but missing from the README').toEqual([]);
  });

  it('documents no LIFEGUARD_ variable that lib/config.ts no longer reads', () => {
    const stale = documented.filter((name) => name.startsWith('LIFEGUARD_') && !read.includes(name));
    expect(stale, 'in the README but not read by lib/config.ts').toEqual([]);
  });
});
