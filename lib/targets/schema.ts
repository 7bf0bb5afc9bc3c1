import { z } from 'zod';

/** The shape of a target as people and LIFEGUARD_TARGETS give it; shared by the form and the API. */
export const targetNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(63, 'name is at most 63 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'name may contain letters, digits, ".", "_" and "-", and starts with a letter or digit');

export const targetUrlSchema = z
  .string({ error: 'url is required' })
  .trim()
  .min(1, 'url is required')
  .max(2048, 'url is at most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'url must be a PostgreSQL connection URL: postgres://user:password@host:port/database');

export const MIN_INTERVAL_MS = 250;
export const MAX_INTERVAL_MS = 3_600_000;

/**
 * postgres: a PostgreSQL server. pgbouncer: a PgBouncer, whose URL points at its admin console
 * (database `pgbouncer`, as a user in admin_users or stats_users).
 */
export const TARGET_KINDS = ['postgres', 'pgbouncer'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const targetInputSchema = z.strictObject({
  name: targetNameSchema,
  url: targetUrlSchema,
  intervalMs: z
    .number({ error: 'intervalMs must be a number of milliseconds' })
    .int('intervalMs must be a whole number of milliseconds')
    .min(MIN_INTERVAL_MS, `intervalMs must be at least ${MIN_INTERVAL_MS}`)
    .max(MAX_INTERVAL_MS, `intervalMs must be at most ${MAX_INTERVAL_MS}`)
    .optional(),
  kind: z.enum(TARGET_KINDS, { error: `kind must be one of ${TARGET_KINDS.join(', ')}` }).optional(),
  /** For a pgbouncer target: the PostgreSQL target behind it, charted beside it. */
  backendTargetId: z.uuid({ error: 'backendTargetId must be the id of a target' }).nullable().optional(),
  /**
   * For a pgbouncer target: the pooled database its probe connects to as an ordinary client (a
   * [databases] entry, checked against SHOW DATABASES when the pooler answers). Default: the
   * entry leading to the backend target's database, else the first entry.
   */
  probeDatabase: z
    .string({ error: "probeDatabase must be the name of a database in PgBouncer's [databases]" })
    .trim()
    .min(1, 'probeDatabase must not be empty')
    .max(63, 'probeDatabase is at most 63 characters')
    .refine((name) => name !== 'pgbouncer', 'probeDatabase cannot be the admin console (pgbouncer): it is exempt from max_client_conn, so a probe there never meets a refusal')
    .nullable()
    .optional(),
})
  .refine((input) => input.kind === 'pgbouncer' || !input.backendTargetId, {
    message: 'backendTargetId is only for pgbouncer targets',
    path: ['backendTargetId'],
  })
  .refine((input) => input.kind === 'pgbouncer' || !input.probeDatabase, {
    message: 'probeDatabase is only for pgbouncer targets',
    path: ['probeDatabase'],
  });

export type TargetInput = z.infer<typeof targetInputSchema>;

/** PATCH /api/targets/{id}: the settings a target has beside its connection (for now whether drills may flood it). */
/**
 * The body of PATCH /api/targets/{id}: the settings a target has beside its connection —
 * drills, and remediation (cancelling queries, terminating sessions: lib/remediation).
 */
export const targetSettingsSchema = z
  .strictObject({
    allowDrills: z.boolean({ error: 'allowDrills must be true or false' }).optional(),
    allowRemediation: z.boolean({ error: 'allowRemediation must be true or false' }).optional(),
  })
  .refine((input) => input.allowDrills !== undefined || input.allowRemediation !== undefined, { message: 'give allowDrills or allowRemediation' });
export type TargetSettingsInput = z.infer<typeof targetSettingsSchema>;
