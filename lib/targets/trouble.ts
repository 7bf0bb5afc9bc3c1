import 'server-only';
import type { Db } from '../store/db';
import { isUuid } from '../store/values';

/**
 * Whether something is wrong on a target right now: an alert pending or firing on it, or an open
 * incident naming it. The target page then opens on a short range that shows the climb, where an
 * hour would leave the flood a sliver at the right edge.
 */
export async function isTargetInTrouble(db: Db, targetId: string): Promise<boolean> {
  if (!isUuid(targetId)) return false;
  const [alert, incident] = await Promise.all([
    db.alert.findFirst({ where: { targetId, state: { in: ['pending', 'firing'] } }, select: { id: true } }),
    db.incidentTarget.findFirst({ where: { targetId, incident: { status: { not: 'resolved' } } }, select: { targetId: true } }),
  ]);
  return alert !== null || incident !== null;
}
