import { z } from 'zod';
import { PERSON_MAX, PERSON_REQUIRED, PERSON_TOO_LONG } from './person-name';
import { ROLES, TOKEN_SCOPES } from './choices';

/** Account resources (and who is acting) as people send them; each schema is shared by its form and its route handler. */

export { ROLES, TOKEN_SCOPES, type TokenScope, type UserRole } from './choices';

export const emailSchema = z
  .string({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'email is at most 254 characters')
  .pipe(z.email({ error: 'email must be an email address' }));

/**
 * `by`: the person acting on an incident or alert, as a display name. A signed-in user is named by
 * their account whatever they send (lib/http/acting.ts); token and anonymous callers must name someone.
 */
export const personSchema = z.string({ error: PERSON_REQUIRED }).trim().min(1, PERSON_REQUIRED).max(PERSON_MAX, PERSON_TOO_LONG);

const newPassword = z.string({ error: 'password is required' }).min(12, 'password must be at least 12 characters').max(200, 'password is at most 200 characters');
const displayName = z.string({ error: 'displayName is required' }).trim().min(1, 'displayName is required').max(80, 'displayName is at most 80 characters');
const role = z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` });

/** POST /api/session: an account, or the admin token (automation, or a Lifeguard without accounts). */
export const signInSchema = z.union(
  [
    z.strictObject({ email: emailSchema, password: z.string({ error: 'password is required' }).min(1, 'password is required').max(200) }),
    z.strictObject({ token: z.string({ error: 'token is required' }).min(1, 'token is required').max(512, 'token is at most 512 characters') }),
  ],
  { error: 'send {email, password} or {token}' },
);

export const userCreateSchema = z.strictObject({ email: emailSchema, displayName, role: role.default('viewer'), password: newPassword });
export type UserCreateInput = z.infer<typeof userCreateSchema>;

/** PATCH /api/users/{id}: any subset; `password` resets it (and signs the user out everywhere). */
export const userUpdateSchema = z.strictObject({
  displayName: displayName.optional(),
  role: role.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  password: newPassword.optional(),
});
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

/** /setup: the first admin, when no user exists yet. */
export const setupSchema = z.strictObject({
  email: emailSchema,
  displayName,
  password: newPassword,
  code: z.string({ error: 'code is required: it is in the server log' }).min(1, 'code is required: it is in the server log').max(64),
});

export const tokenCreateSchema = z.strictObject({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(80, 'name is at most 80 characters'),
  scope: z.enum(TOKEN_SCOPES, { error: `scope must be one of ${TOKEN_SCOPES.join(', ')}` }),
});
export type TokenCreateInput = z.infer<typeof tokenCreateSchema>;
