/**
 * First-load JS of every page of the dashboard, from the route bundle stats `next build` writes
 * (.next/diagnostics/route-bundle-stats.json: per route, `firstLoadChunkPaths` and the raw
 * `firstLoadUncompressedJsBytes`). Next 16 records no compressed size, so each listed chunk is
 * gzipped here (zlib, default level, as a server would send it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BEFORE } from './bench-baselines';
import type { Row } from './bench-support';

interface RouteBundleStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

/** Goals of issue 12: every page within 280 KiB gzip, a page that draws no chart within 180 KiB. */
const CHART_PAGES = new Set(['/targets/[id]', '/applications/[name]']);
const goalKiB = (route: string) => (CHART_PAGES.has(route) ? 280 : 180);

/** Pages only: API routes and generated files (icons, the manifest) ship no JavaScript. */
const isPage = (route: string) => !route.startsWith('/api') && !route.includes('.');

export async function benchBundle(root = process.cwd()): Promise<Row[]> {
  const file = path.join(root, '.next', 'diagnostics', 'route-bundle-stats.json');
  const stats = JSON.parse(await readFile(file, 'utf8')) as RouteBundleStats[];
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const rows: Row[] = [];
  const pages = stats.filter((entry) => isPage(entry.route)).sort((a, b) => a.route.localeCompare(b.route));
  if (pages.length === 0) rows.push(['first-load JS (gzip)', 'n/a', `no page in ${path.relative(root, file)}`]);
  for (const entry of pages) {
    const route = entry.route;
    let gzip = 0;
    let raw = 0;
    for (const chunk of entry.firstLoadChunkPaths) {
      const content = await readFile(path.join(root, chunk));
      raw += content.length;
      gzip += gzipSync(content).length;
    }
    const goal = goalKiB(route);
    const verdict = gzip <= goal * 1024 ? `within ${goal} KiB` : `OVER the ${goal} KiB goal`;
    const before = BEFORE.firstLoad[route];
    rows.push([`first-load JS, ${route} (gzip)`, kib(gzip), `${kib(raw)} raw in ${entry.firstLoadChunkPaths.length} chunks; ${verdict}${before ? `; ${before}` : ''}`]);
  }
  return rows;
}
