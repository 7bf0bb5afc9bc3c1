import type { Db } from '../store/db';
import { getIncident } from '../incidents/get';
import { draftSections, type PostmortemSections } from './draft';
import type { PostmortemView } from './store';

/**
 * What the editor reads and what a save answers: the saved sections and, for each, what the draft
 * writes when it is empty. One shape for both, so the editor can replace its copy with a save's answer.
 */
export interface PostmortemEditorView extends PostmortemView {
  draft: PostmortemSections;
}

export async function withDraft(db: Db, saved: PostmortemView, now: Date): Promise<PostmortemEditorView> {
  return { ...saved, draft: draftSections(await getIncident(db, saved.incidentId), now) };
}
