import { z } from 'zod';
import type { Actor } from '../accounts/actor';
import { parseBody, parseWith, type BodyOptions } from './route';

/**
 * Reads a body whose `by` names the person acting. A signed-in user is that person whatever the
 * body says (a typed name cannot impersonate anyone), so their `by` is filled in before the schema
 * checks it; token and anonymous callers must still send `by`, and the schema's own "by is
 * required" answers when they do not. The write then records personActing(actor, by), the same rule.
 */
export async function parseActingBody<Schema extends z.ZodType>(request: Request, schema: Schema, actor: Actor, options: BodyOptions = {}): Promise<z.infer<Schema>> {
  const body = await parseBody(request, z.unknown(), options);
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return parseWith(schema, actor.user && isObject ? { ...body, by: actor.user.displayName } : body);
}
