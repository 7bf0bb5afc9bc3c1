import 'server-only';
import type { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { badRequest, notFound } from '../http/errors';
import { type Tx } from '../store/transaction';
import { isUuid } from '../store/values';
import type { ChecklistTemplateItemView, ChecklistTemplateView } from './types';

export const templateInclude = {
  items: { orderBy: [{ position: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.ChecklistTemplateInclude;

type TemplateRow = Prisma.ChecklistTemplateGetPayload<{ include: typeof templateInclude }>;

export function toTemplateView(row: TemplateRow): ChecklistTemplateView {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    archived: row.archived,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    items: row.items.map((item) => ({ id: item.id, position: item.position, text: item.text, kind: itemKind(item.kind) })),
  };
}

/** Only this library writes `kind`, and only these two values (CHECKLIST_ITEM_KINDS). */
const itemKind = (kind: string): ChecklistTemplateItemView['kind'] => (kind === 'pool_check' ? 'pool_check' : 'plain');

/** Active templates, the default first; archived ones too when asked (the template editor). */
export async function listTemplates(db: Db, options: { archived?: boolean } = {}): Promise<ChecklistTemplateView[]> {
  const rows = await db.checklistTemplate.findMany({
    where: options.archived ? {} : { archived: false },
    include: templateInclude,
    orderBy: [{ isDefault: 'desc' }, { name: 'asc' }],
  });
  return rows.map(toTemplateView);
}

export async function getTemplate(db: Db, id: string): Promise<ChecklistTemplateView> {
  const row = isUuid(id) ? await db.checklistTemplate.findUnique({ where: { id }, include: templateInclude }) : null;
  if (!row) throw notFound(`no checklist template with id ${id}`);
  return toTemplateView(row);
}

/**
 * The items a new incident's checklist is copied from: the chosen template's, or the default's.
 * The template is named in the request body, so an unknown or archived one is a 400, not a 404.
 */
export async function templateItemsForIncident(tx: Tx, templateId: string | undefined): Promise<ChecklistTemplateItemView[]> {
  const row = await tx.checklistTemplate.findFirst({
    where: templateId === undefined ? { isDefault: true } : { id: templateId },
    include: templateInclude,
  });
  if (!row) {
    // No default at all would mean the seed migration was undone; an incident still deserves to be declared.
    if (templateId === undefined) return [];
    throw badRequest(`templateId: no checklist template with id ${templateId}`);
  }
  if (row.archived) throw badRequest(`templateId: checklist template "${row.name}" is archived`);
  return toTemplateView(row).items;
}
