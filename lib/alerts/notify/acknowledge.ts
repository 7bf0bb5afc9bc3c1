import 'server-only';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../store/transaction';
import { toJson } from '../../store/values';
import { toAlertView } from '../views';
import type { GroupNotification } from './payload';

/** Delivery.event of a message that acknowledges (only PagerDuty receivers are sent one). */
export const ACKNOWLEDGED = 'acknowledged';

/**
 * An alert acknowledged in Lifeguard is acknowledged in PagerDuty too: every enabled pagerduty
 * receiver whose last message about the alert's group told it of this alert (the group's
 * `notified`) gets a queued delivery, in that group, so it is sent after the trigger and retried
 * like any other. A receiver not yet told (group wait) is not sent an acknowledge PagerDuty would
 * not know what to do with. Runs in the acknowledging transaction.
 */
export async function queueAcknowledgements(tx: Tx, alertId: string): Promise<number> {
  const row = await tx.alert.findUniqueOrThrow({ where: { id: alertId }, include: { rule: true, target: { select: { name: true } } } });
  if (row.state !== 'firing') return 0;
  const groups = await tx.notificationGroup.findMany({ where: { receiver: { kind: 'pagerduty', enabled: true } } });
  const told = groups.filter((group) => toldOf(group.notified).includes(alertId));
  const alert = toAlertView(row, row.rule, row.target.name, null);
  for (const group of told) {
    const message: GroupNotification = { groupKey: group.groupKey, groupLabels: {}, status: 'firing', firing: [alert], resolved: [] };
    await tx.delivery.create({
      data: { receiverId: group.receiverId, groupKey: group.groupKey, alertIds: [alertId], event: ACKNOWLEDGED, payload: toJson(message), nextAttemptAt: new Date() },
    });
  }
  return told.length;
}

function toldOf(notified: Prisma.JsonValue): string[] {
  if (!Array.isArray(notified)) return [];
  return notified.flatMap((episode) => {
    const id = (episode as { alertId?: unknown } | null)?.alertId;
    return typeof id === 'string' ? [id] : [];
  });
}
