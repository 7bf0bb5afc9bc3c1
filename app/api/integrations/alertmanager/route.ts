import { authorise } from '@/lib/auth';
import { json, parseBody, route } from '@/lib/http/route';
import { receiveAlertmanagerWebhook } from '@/lib/integrations/alertmanager/receive';
import { alertmanagerWebhookSchema, MAX_WEBHOOK_BYTES } from '@/lib/integrations/alertmanager/schema';
import { getDb } from '@/lib/runtime';

/** Alertmanager's (or Grafana's) webhook: firing alerts open or join incidents. 200 {received, opened, joined, resolved, duplicates}. */
export const POST = route(async (request) => {
  const actor = await authorise(request, 'alerts');
  const payload = await parseBody(request, alertmanagerWebhookSchema, { maxBytes: MAX_WEBHOOK_BYTES });
  return json(await receiveAlertmanagerWebhook(await getDb(), actor, payload));
});
