import { authoriseCaller } from '@/lib/auth';
import { budgetCheck } from '@/lib/budget/plan-check';
import { budgetCheckSchema } from '@/lib/budget/schema';
import { json, parseBody, route } from '@/lib/http/route';
import { getDb } from '@/lib/runtime';

/** POST {target, application, instances, poolMax}: does the planned fleet fit beside the rest? (`pg-lifeguard check` asks this.) */
export const POST = route(async (request) => {
  await authoriseCaller(request);
  const input = await parseBody(request, budgetCheckSchema);
  return json(await budgetCheck(await getDb(), input));
});
