import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { ingestReports } from '@/lib/ingest/ingest';
import { ingestBodySchema, MAX_INGEST_BYTES } from '@/lib/ingest/schema';
import { getDb } from '@/lib/runtime';

/** Application pool reports (pg-lifeguard sends them): 202 {accepted, duplicates}. */
export const POST = route(async (request) => {
  await authorise(request, 'ingest');
  const input = await parseBody(request, ingestBodySchema, { maxBytes: MAX_INGEST_BYTES });
  return json(await ingestReports(await getDb(), input), 202);
});
