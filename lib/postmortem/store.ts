import 'server-only';
import { personActing, type Actor } from '../accounts/actor';
import type { Db } from '../store/db';
import { announceIncident } from '../events/channels';
import { lockIncident } from '../incidents/get';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import { notFound } from '../http/errors';
import type { PostmortemSections } from './draft';
import type { PostmortemUpdateInput } from './schema';

/** The saved sections of an incident's postmortem; all empty (and no updatedAt) until first saved. */
export interface SavedPostmortem extends PostmortemSections {
  incidentId: string;
  updatedBy: string;
  updatedAt: string | null;
}

type PostmortemRow = PostmortemSections & { incidentId: string; updatedBy: string; updatedAt: Date };

export async function getPostmortem(db: Db, incidentId: string): Promise<SavedPostmortem> {
  const row = isUuid(incidentId) ? await db.incident.findUnique({ where: { id: incidentId }, select: { postmortem: true } }) : null;
  if (!row) throw notFound(`no incident with id ${incidentId}`);
  return toSavedPostmortem(incidentId, row.postmortem);
}

/**
 * Saves the sections given (others keep their text) and announces the change. The incident row
 * is locked first so two editors saving at once are applied one after the other, and the
 * upsert never races itself into a duplicate key.
 */
export async function updatePostmortem(db: Db, actor: Actor, incidentId: string, input: PostmortemUpdateInput): Promise<SavedPostmortem> {
  return transaction(db, async (tx) => {
    await lockIncident(tx, incidentId);
    const { by: named, ...sections } = input;
    const by = personActing(actor, named);
    const row = await tx.postmortem.upsert({
      where: { incidentId },
      create: { incidentId, ...sections, updatedBy: by },
      update: { ...sections, updatedBy: by },
    });
    await announceIncident(tx, incidentId);
    return toSavedPostmortem(incidentId, row);
  });
}

/** Saved sections, or empty ones; used by the export as well as the editor. */
export function toSavedPostmortem(incidentId: string, row: PostmortemRow | null): SavedPostmortem {
  return {
    incidentId,
    summary: row?.summary ?? '',
    rootCause: row?.rootCause ?? '',
    resolution: row?.resolution ?? '',
    improvements: row?.improvements ?? '',
    updatedBy: row?.updatedBy ?? '',
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
