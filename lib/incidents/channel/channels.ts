import 'server-only';
import type { Db } from '../../store/db';

/** A receiver an incident's updates can go to, as the incident page's picker shows it: never its URL (a secret). */
export interface IncidentChannelView {
  id: string;
  name: string;
  /** Incidents without a channel of their own post here. */
  defaultChannel: boolean;
  enabled: boolean;
}

/** Every Slack receiver, by name. */
export async function listIncidentChannels(db: Db): Promise<IncidentChannelView[]> {
  return db.receiver.findMany({ where: { kind: 'slack' }, select: { id: true, name: true, defaultChannel: true, enabled: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}
