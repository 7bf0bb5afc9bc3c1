import { z } from 'zod';

/** Sign-in with the admin token; shared by the sign-in form and POST /api/session. */
export const signInSchema = z.strictObject({
  token: z.string({ error: 'token is required' }).min(1, 'token is required').max(512, 'token is at most 512 characters'),
});
