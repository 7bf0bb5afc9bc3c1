import { applicationNameSchema, applicationSeriesQuerySchema } from '@/lib/applications/schema';
import { assertApplicationKnown, queryApplicationSeries } from '@/lib/applications/series';
import { authorise } from '@/lib/auth';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ name: string }> };

/** One metric of an application's pool reports over a range, at most `points` buckets (the target series' shape). */
export const GET = route(async (request, { params }: Context) => {
  await authorise(request, 'viewer');
  const query = parseWith(applicationSeriesQuerySchema, searchParams(request));
  const application = parseWith(applicationNameSchema, (await params).name);
  const db = await getDb();
  await assertApplicationKnown(db, application);
  return json(await queryApplicationSeries(db, { ...query, application }));
});
