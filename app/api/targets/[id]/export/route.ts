import { authorise } from '@/lib/auth';
import { parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';
import { exportFilename, exportSeries, toCsv } from '@/lib/samples/export';
import { exportQuerySchema } from '@/lib/samples/series-params';
import { getTarget } from '@/lib/targets/targets';

type Context = { params: Promise<{ id: string }> };

/** GET /api/targets/{id}/export?format=csv|json&from=&to=&points= — a download of the series. */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const { format, ...range } = parseWith(exportQuerySchema, searchParams(request));
  const db = await getDb();
  const target = await getTarget(db, (await params).id);
  const data = await exportSeries(db, target, range);
  const body = format === 'csv' ? toCsv(data) : JSON.stringify(data);
  return new Response(body, {
    headers: {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFilename(data, format)}"`,
      'Cache-Control': 'no-store',
    },
  });
});
