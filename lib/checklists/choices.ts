/**
 * The kinds of checklist item, without zod:
 * pickers and badges in the browser read them, and zod would weigh on those pages' first load
 * (issue 12). The schema builds its enums from these same lists and re-exports them.
 */

export const CHECKLIST_ITEM_KINDS = ['plain', 'pool_check'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];
