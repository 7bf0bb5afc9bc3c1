import type { ChecklistItemKind } from './schema';

/** Checklist templates as the API returns them (dates as ISO strings). */

export interface ChecklistTemplateItemView {
  id: string;
  position: number;
  text: string;
  kind: ChecklistItemKind;
}

export interface ChecklistTemplateView {
  id: string;
  name: string;
  /** The built-in incident checklist used when no template is chosen; it cannot be archived. */
  isDefault: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  items: ChecklistTemplateItemView[];
}
