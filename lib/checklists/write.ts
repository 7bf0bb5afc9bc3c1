import 'server-only';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { Prisma } from '../generated/prisma/client';
import type { Db } from '../store/db';
import { badRequest, conflict, notFound } from '../http/errors';
import { transaction } from '../store/transaction';
import { isUuid } from '../store/values';
import type { TemplateCreateInput, TemplateUpdateInput } from './schema';
import { templateInclude, toTemplateView } from './templates';
import type { ChecklistTemplateView } from './types';

/** Positions follow the order given: editing and reordering are both "send the list as it should be". */
const itemRows = (items: TemplateCreateInput['items']) => items.map((item, index) => ({ position: index + 1, text: item.text, kind: item.kind }));

/** Every change is recorded in the audit log, in the change's own transaction. */
export async function createTemplate(db: Db, actor: Actor, input: TemplateCreateInput): Promise<ChecklistTemplateView> {
  return withUniqueName(input.name, () =>
    transaction(db, async (tx) => {
      const row = await tx.checklistTemplate.create({
        data: { name: input.name, items: { create: itemRows(input.items) } },
        include: templateInclude,
      });
      await recordAudit(tx, actor, { action: 'template.create', subjectType: 'checklist_template', subjectId: row.id, details: { name: row.name, items: row.items.length } });
      return toTemplateView(row);
    }),
  );
}

/**
 * Renames, replaces the items (edit, add, remove, reorder) and archives or unarchives, in one
 * transaction. Incidents keep their own copies of the items, so replacing them here changes no
 * running incident.
 */
export async function updateTemplate(db: Db, actor: Actor, id: string, input: TemplateUpdateInput): Promise<ChecklistTemplateView> {
  if (!isUuid(id)) throw notFound(`no checklist template with id ${id}`);
  return withUniqueName(input.name, () =>
    transaction(db, async (tx) => {
      const locked = await tx.$queryRaw<{ is_default: boolean }[]>`SELECT is_default FROM checklist_templates WHERE id = ${id}::uuid FOR UPDATE`;
      const current = locked[0];
      if (!current) throw notFound(`no checklist template with id ${id}`);
      if (current.is_default && input.archived === true) throw badRequest('archived: the default checklist template cannot be archived');
      if (input.items) await tx.checklistTemplateItem.deleteMany({ where: { templateId: id } });
      const row = await tx.checklistTemplate.update({
        where: { id },
        data: {
          ...(input.name === undefined ? {} : { name: input.name }),
          ...(input.archived === undefined ? {} : { archived: input.archived }),
          ...(input.items === undefined ? {} : { items: { create: itemRows(input.items) } }),
          // Bumps updatedAt even when only the items changed.
          updatedAt: new Date(),
        },
        include: templateInclude,
      });
      await recordAudit(tx, actor, { action: 'template.update', subjectType: 'checklist_template', subjectId: id, details: { name: row.name, changed: Object.keys(input) } });
      return toTemplateView(row);
    }),
  );
}

async function withUniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw conflict(`a checklist template named ${name ?? '(unchanged)'} already exists`);
    }
    throw error;
  }
}
