import type { PostmortemSections } from '@/lib/postmortem/draft';
import type { PostmortemView as SavedPostmortem } from '@/lib/postmortem/store';

/**
 * Shapes of the postmortem and template endpoints as the browser reads them, from the server's
 * own view types (type-only imports: nothing of the server reaches the bundle).
 */
export type { ChecklistTemplateView as TemplateView } from '@/lib/checklists/types';
export type { ActionItemView, ActionItemWithIncident } from '@/lib/action-items/action-items';
export type { ChecklistItemKind } from '@/lib/checklists/schema';
export type { PostmortemSections };

/** GET /api/incidents/{id}/postmortem?format=json: what was saved, and what the draft would say. */
export interface PostmortemView extends SavedPostmortem {
  draft: PostmortemSections;
}
