/**
 * First-load JS of the dashboard, from the route bundle stats `next build` writes
 * (.next/diagnostics/route-bundle-stats.json: per route, `firstLoadChunkPaths` and the raw
 * `firstLoadUncompressedJsBytes`). Next 16 records no compressed size, so each listed chunk is
 * gzipped here (zlib, default level, as a server would send it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './bench-support';

interface RouteBundleStats {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

const ROUTES = ['/', '/targets/[id]'];

export async function benchBundle(root = process.cwd()): Promise<Row[]> {
  const file = path.join(root, '.next', 'diagnostics', 'route-bundle-stats.json');
  const stats = JSON.parse(await readFile(file, 'utf8')) as RouteBundleStats[];
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const rows: Row[] = [];
  for (const route of ROUTES) {
    const entry = stats.find((candidate) => candidate.route === route);
    if (!entry) {
      rows.push([`first-load JS, ${route} (gzip)`, 'n/a', `route not in ${path.relative(root, file)}`]);
      continue;
    }
    let gzip = 0;
    let raw = 0;
    for (const chunk of entry.firstLoadChunkPaths) {
      const content = await readFile(path.join(root, chunk));
      raw += content.length;
      gzip += gzipSync(content).length;
    }
    rows.push([`first-load JS, ${route} (gzip)`, kib(gzip), `${kib(raw)} raw in ${entry.firstLoadChunkPaths.length} chunks`]);
  }
  return rows;
}
