import { z } from 'zod';
import { loadConfig } from '../../lib/config';

/**
 * The demo's few knobs, read from the environment once and validated here. PORT and
 * LIFEGUARD_DATA_DIR mean what they mean to Lifeguard itself, so they come from its config.
 */
const seconds = (fallback: number) => z.coerce.number().min(1).max(3600).default(fallback);

const demoEnvSchema = z.object({
  DEMO_INSTANCES: z.coerce.number().int().min(1).max(50).default(6),
  DEMO_POOL_MAX: z.coerce.number().int().min(1).max(500).default(50),
  DEMO_CALM_SECONDS: seconds(60),
  DEMO_SURGE_SECONDS: seconds(75),
  /** "off": only the production database and the fleet, for a Lifeguard you run yourself (e.g. `npm run dev`). */
  DEMO_LIFEGUARD: z.enum(['on', 'off']).default('on'),
  /** "on": the same fleet with guarded pools (pg-lifeguard's guardPool): the surge waits in the pools instead of being refused. */
  DEMO_GUARD: z.enum(['on', 'off']).default('off'),
});

export interface DemoOptions {
  port: number;
  dataDir: string;
  instances: number;
  poolMax: number;
  calmMs: number;
  surgeMs: number;
  startLifeguard: boolean;
  /** The fleet's pools keep to the allowance Lifeguard gives each instance. */
  guard: boolean;
  /** What the fleet presents to POST /api/ingest: the ingest token, else the admin token, else none. */
  ingestToken: string | undefined;
}

export function loadDemoOptions(env: Record<string, string | undefined>): DemoOptions {
  const config = loadConfig(env);
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = demoEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid demo setting ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: config.port,
    dataDir: config.dataDir,
    ingestToken: config.ingestToken ?? config.adminToken,
    instances: e.DEMO_INSTANCES,
    poolMax: e.DEMO_POOL_MAX,
    calmMs: e.DEMO_CALM_SECONDS * 1000,
    surgeMs: e.DEMO_SURGE_SECONDS * 1000,
    startLifeguard: e.DEMO_LIFEGUARD === 'on',
    guard: e.DEMO_GUARD === 'on',
  };
}
