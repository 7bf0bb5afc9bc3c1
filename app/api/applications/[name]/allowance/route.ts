import { authoriseCaller } from '@/lib/auth';
import { instanceAllowance } from '@/lib/budget/instance-allowance';
import { applicationNameSchema } from '@/lib/applications/schema';
import { allowanceQuerySchema } from '@/lib/budget/schema';
import { json, parseWith, route, searchParams } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

type Context = { params: Promise<{ name: string }> };

/** GET ?instance=…&target=…[&poolMax=…]: the instance's share of the target's connections, which a guarded pool keeps to. */
export const GET = route(async (request, { params }: Context) => {
  await authoriseCaller(request);
  const query = parseWith(allowanceQuerySchema, searchParams(request));
  const application = parseWith(applicationNameSchema, (await params).name);
  return json(await instanceAllowance(await getDb(), { ...query, application }));
});
