import { authorise } from '@/lib/auth';
import { notFound } from '@/lib/http/errors';
import { route } from '@/lib/http/route';
import { incidentChartSvg, NO_CHART_NOTE } from '@/lib/postmortem/export';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ id: string }> };

/** The incident-window chart on its own, for Markdown viewers that do not show data URIs. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const svg = await incidentChartSvg(await getDb(), (await params).id, new Date());
  if (svg === null) throw notFound(NO_CHART_NOTE);
  return new Response(svg, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      // The SVG carries no script, and this keeps it inert even if one slipped in.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cache-Control': 'no-store',
    },
  });
});
