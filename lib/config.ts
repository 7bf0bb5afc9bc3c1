import path from 'node:path';
import { z } from 'zod';
import { parseReminderMinutes, type ReminderMinutes } from './incidents/channel/reminders';
import { targetNameSchema, targetUrlSchema } from './targets/schema';

/**
 * All of Lifeguard's configuration, read from the environment once and validated here:
 * no other module reads process.env.
 */
const envSchema = z.object({
  DATABASE_URL: targetUrlSchema.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LIFEGUARD_DATA_DIR: z.string().min(1).default('./.lifeguard'),
  LIFEGUARD_ADMIN_TOKEN: z.string().min(1).optional(),
  /** Bearer token for POST /api/ingest only, so applications need not hold the admin token. */
  LIFEGUARD_INGEST_TOKEN: z.string().min(1).optional(),
  LIFEGUARD_TARGETS: z.string().default(''),
  /** "off" keeps this process from sampling targets (a web-only replica, or tests). */
  LIFEGUARD_COLLECTOR: z.enum(['on', 'off']).default('on'),
  /** Lifeguard's address as people reach it, for links in alert notifications. */
  LIFEGUARD_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  /** The first admin, created at start-up when no user exists yet. */
  LIFEGUARD_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  LIFEGUARD_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(200).optional(),
  /** AES-256 key (base64 of 32 bytes) encrypting target passwords at rest. */
  LIFEGUARD_SECRET_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be the base64 of 32 random bytes (openssl rand -base64 32)')
    .optional(),
  /** Raw samples are kept this long (once rolled up into minutes), then pruned. */
  LIFEGUARD_RAW_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(48),
  /** One-minute rollups are kept this long. */
  LIFEGUARD_ROLLUP_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** Raw application pool reports (once rolled up into minutes), then their minute rollups. */
  LIFEGUARD_REPORT_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(48),
  LIFEGUARD_REPORT_ROLLUP_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Raw PgBouncer pool samples (once rolled up into minutes), then their minute rollups. */
  LIFEGUARD_POOLER_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(48),
  LIFEGUARD_POOLER_ROLLUP_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** Alert transitions (firing, resolved) are kept this long. */
  LIFEGUARD_ALERT_HISTORY_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(180),
  /** Sent or failed notifications (pending ones are never pruned). */
  LIFEGUARD_DELIVERY_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** Finished drill reports. */
  LIFEGUARD_DRILL_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(365),
  /** Minutes an open incident may go without a status update, per severity (`SEV1=15,SEV2=30,SEV3=60,SEV4=0`). */
  LIFEGUARD_STATUS_UPDATE_MINUTES: z.string().default(''),
  /** The audit log: evidence of who changed what, so kept longest. */
  LIFEGUARD_AUDIT_RETENTION_DAYS: z.coerce.number().positive().max(36500).default(730),
});

export interface BootTarget {
  name: string;
  url: string;
}

export interface Config {
  databaseUrl: string | undefined;
  port: number;
  dataDir: string;
  adminToken: string | undefined;
  ingestToken: string | undefined;
  bootTargets: BootTarget[];
  collectorEnabled: boolean;
  /** Default http://localhost:PORT. */
  publicUrl: string;
  /** Both or neither (checked at load). */
  firstAdmin: { email: string; password: string } | undefined;
  secretKey: Buffer | undefined;
  rawRetentionHours: number;
  rollupRetentionDays: number;
  reportRetentionHours: number;
  reportRollupRetentionDays: number;
  poolerRetentionHours: number;
  poolerRollupRetentionDays: number;
  alertHistoryRetentionDays: number;
  deliveryRetentionDays: number;
  drillRetentionDays: number;
  auditRetentionDays: number;
  /** Per severity; 0: no reminders (lib/incidents/channel/reminders.ts). */
  statusUpdateMinutes: ReminderMinutes;
}

/** `name=postgres://…` pairs separated by commas. Commas cannot appear in a PostgreSQL URL's host part. */
export function parseBootTargets(spec: string): BootTarget[] {
  return spec
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`LIFEGUARD_TARGETS: "${pair}" is not name=postgres://…`);
      const name = targetNameSchema.safeParse(pair.slice(0, eq));
      const url = targetUrlSchema.safeParse(pair.slice(eq + 1));
      if (!name.success) throw new Error(`LIFEGUARD_TARGETS: ${name.error.issues[0]?.message}`);
      if (!url.success) throw new Error(`LIFEGUARD_TARGETS: target ${name.data}: ${url.error.issues[0]?.message}`);
      return { name: name.data, url: url.data };
    });
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  if ((e.LIFEGUARD_ADMIN_EMAIL === undefined) !== (e.LIFEGUARD_ADMIN_PASSWORD === undefined)) {
    throw new Error('Invalid configuration: LIFEGUARD_ADMIN_EMAIL and LIFEGUARD_ADMIN_PASSWORD go together: set both or neither');
  }
  let statusUpdateMinutes: ReminderMinutes;
  try {
    statusUpdateMinutes = parseReminderMinutes(e.LIFEGUARD_STATUS_UPDATE_MINUTES);
  } catch (error) {
    throw new Error(`Invalid configuration: LIFEGUARD_STATUS_UPDATE_MINUTES: ${(error as Error).message}`);
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    dataDir: path.resolve(e.LIFEGUARD_DATA_DIR),
    adminToken: e.LIFEGUARD_ADMIN_TOKEN,
    ingestToken: e.LIFEGUARD_INGEST_TOKEN,
    bootTargets: parseBootTargets(e.LIFEGUARD_TARGETS),
    collectorEnabled: e.LIFEGUARD_COLLECTOR === 'on',
    publicUrl: e.LIFEGUARD_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    firstAdmin: e.LIFEGUARD_ADMIN_EMAIL && e.LIFEGUARD_ADMIN_PASSWORD ? { email: e.LIFEGUARD_ADMIN_EMAIL.toLowerCase(), password: e.LIFEGUARD_ADMIN_PASSWORD } : undefined,
    secretKey: e.LIFEGUARD_SECRET_KEY ? Buffer.from(e.LIFEGUARD_SECRET_KEY, 'base64') : undefined,
    rawRetentionHours: e.LIFEGUARD_RAW_RETENTION_HOURS,
    rollupRetentionDays: e.LIFEGUARD_ROLLUP_RETENTION_DAYS,
    reportRetentionHours: e.LIFEGUARD_REPORT_RETENTION_HOURS,
    reportRollupRetentionDays: e.LIFEGUARD_REPORT_ROLLUP_RETENTION_DAYS,
    poolerRetentionHours: e.LIFEGUARD_POOLER_RETENTION_HOURS,
    poolerRollupRetentionDays: e.LIFEGUARD_POOLER_ROLLUP_RETENTION_DAYS,
    alertHistoryRetentionDays: e.LIFEGUARD_ALERT_HISTORY_RETENTION_DAYS,
    deliveryRetentionDays: e.LIFEGUARD_DELIVERY_RETENTION_DAYS,
    drillRetentionDays: e.LIFEGUARD_DRILL_RETENTION_DAYS,
    auditRetentionDays: e.LIFEGUARD_AUDIT_RETENTION_DAYS,
    statusUpdateMinutes,
  };
}

const globalForConfig = globalThis as unknown as { lifeguardConfig?: Config };

/** The process's configuration, read on first use. */
export function config(): Config {
  globalForConfig.lifeguardConfig ??= loadConfig();
  return globalForConfig.lifeguardConfig;
}
