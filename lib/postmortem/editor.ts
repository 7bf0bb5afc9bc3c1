import 'server-only';
import type { Db } from '../store/db';
import { getIncident } from '../incidents/get';
import { draftSections, type PostmortemSections } from './draft';
import type { SavedPostmortem } from './store';

/**
 * GET /api/incidents/{id}/postmortem?format=json and what a save answers: the saved sections and,
 * for each, what the draft writes when it is empty. One shape for both, so the editor can replace
 * its copy with a save's answer.
 */
export interface PostmortemView extends SavedPostmortem {
  draft: PostmortemSections;
}

export async function withDraft(db: Db, saved: SavedPostmortem, now: Date): Promise<PostmortemView> {
  return { ...saved, draft: draftSections(await getIncident(db, saved.incidentId), now) };
}
