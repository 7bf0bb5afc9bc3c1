import type { CHECKLIST_ITEM_KINDS } from '@/lib/incidents/schema';
import type { PostmortemSections } from '@/lib/postmortem/draft';
import type { PostmortemView as SavedPostmortem } from '@/lib/postmortem/store';

/**
 * Shapes of the postmortem and template endpoints as the browser reads them, from the server's
 * own view types (type-only imports: nothing of the server reaches the bundle).
 */
export type { ChecklistTemplateView as TemplateView } from '@/lib/checklists/types';
export type { ActionItemView, ActionItemWithIncident } from '@/lib/postmortem/action-items';
export type { PostmortemSections };

export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

/** GET /api/incidents/{id}/postmortem?format=json: what was saved, and what the draft would say. */
export interface PostmortemView extends SavedPostmortem {
  draft: PostmortemSections;
}
