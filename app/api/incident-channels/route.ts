import { authorise } from '@/lib/auth';
import { json, route } from '@/lib/http/route';
import { listIncidentChannels } from '@/lib/incidents/channel/channels';
import { getDb } from '@/lib/runtime';

/** The Slack receivers an incident's updates can be posted to, by name only (their URLs are secrets). */
export const GET = route(async (request) => {
  await authorise(request, 'viewer');
  return json(await listIncidentChannels(await getDb()));
});
