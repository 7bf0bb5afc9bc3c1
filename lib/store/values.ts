import 'server-only';
import type { Prisma } from '../generated/prisma/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from the URL; a malformed one names nothing, so callers answer 404 without asking the store. */
export const isUuid = (id: string): boolean => UUID.test(id);

/** JSON columns take plain JSON values; this also turns Dates into ISO strings as the API shows them. */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
