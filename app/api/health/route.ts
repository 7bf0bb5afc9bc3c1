import { health } from '@/lib/health';
import { json } from '@/lib/http/route';

/** Liveness for load balancers and the demo: 200 once the store answers, 503 otherwise. */
export async function GET(): Promise<Response> {
  const report = await health();
  return json(report, report.status === 'ok' ? 200 : 503);
}
