import { authorise } from '@/lib/auth';
import { route } from '@/lib/http/route';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from '@/lib/prometheus/exposition';
import { buildFamilies } from '@/lib/prometheus/families';
import { loadMetricsData } from '@/lib/prometheus/query';
import { getDb } from '@/lib/runtime';

/** Prometheus scrapes this (with `authorization: {credentials: <token>}` when a token is set). */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  const data = await loadMetricsData(await getDb());
  return new Response(renderExposition(buildFamilies(data)), {
    headers: { 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Cache-Control': 'no-store' },
  });
});
