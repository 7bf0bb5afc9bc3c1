import pg from 'pg';
import { curvePoint } from './curve';
import type { CurvePoint, DrillParams } from './schema';
import { startFleet, type Fleet, type FleetStats, type Load } from './fleet';
import { runScenario, type Scenario } from './scenario';

/**
 * The demo's flood (calm → surge → pools closed) run once against a real database, bounded by
 * its duration. Nothing here touches Lifeguard's store: the caller (lib/drills/drills.ts) keeps
 * the report. Every failure is caught and ends the drill as 'failed'; nothing escapes to crash
 * the server that runs it.
 */
export interface DrillProgress {
  curve: CurvePoint[];
  peakConnections: number;
  firstRefusalAt: Date | null;
}

export interface DrillOutcome extends DrillProgress {
  status: 'finished' | 'failed' | 'cancelled';
  error: string | null;
}

export interface RunningDrill {
  progress(): DrillProgress;
  /** Ends the drill early; `done` then resolves with status 'cancelled'. Idempotent. */
  cancel(reason?: string): void;
  readonly done: Promise<DrillOutcome>;
}

export interface DrillRunOptions {
  /** The target's own URL, password included: the drill connects as the target's role. */
  url: string;
  params: DrillParams;
  /** Called once a second with the new point of the curve. Must not throw. */
  onPoint?: (point: CurvePoint, progress: DrillProgress) => void;
}

// A request that touches no table, so a drill works on any database: it holds its connection
// like a slow query would, which is what makes pools grow.
const DRILL_QUERY = 'SELECT $1::int AS customer, pg_sleep($2::float8)';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function runDrill(options: DrillRunOptions): RunningDrill {
  const { params } = options;
  const progress: DrillProgress = { curve: [], peakConnections: 0, firstRefusalAt: null };
  let cancelled: string | null = null;
  let wake: () => void = () => undefined;
  const cancelledSignal = new Promise<void>((resolve) => (wake = resolve));

  const done = (async (): Promise<DrillOutcome> => {
    let observer: Observer | null = null;
    let fleet: Fleet | null = null;
    let scenario: Scenario | null = null;
    let sampler: NodeJS.Timeout | undefined;
    try {
      // Opened before the flood: it checks the URL and role can connect at all (a wrong password
      // fails the drill at once, clearly), and it still has its slot when the server is full.
      observer = await openObserver(options.url, params.applicationName);
      let latencies: number[] = [];
      const calm: Load = { ratePerInstance: Math.min(5, params.peakRatePerInstance), queryMs: [2, 5] };
      const surge: Load = { ratePerInstance: params.peakRatePerInstance, queryMs: [200, 400] };
      fleet = startFleet({
        url: options.url,
        app: params.applicationName,
        instances: params.instances,
        poolMax: params.poolMax,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 5000,
        load: calm,
        query: DRILL_QUERY,
        maxInFlightPerInstance: 500,
        onResult: (latencyMs, failure) => {
          if (failure === null) latencies.push(latencyMs);
          else if (failure === 'too-many-clients') progress.firstRefusalAt ??= new Date();
        },
      });
      const durationMs = params.durationSeconds * 1000;
      const calmMs = Math.max(2000, durationMs * 0.2);
      // One pass: calm, then the surge until the end. Recovery is the pools closing afterwards.
      scenario = runScenario({ parts: [{ fleet, calm, surge }], calmMs, surgeMs: durationMs - calmMs, recoveryMs: durationMs });

      let previous: FleetStats = fleet.stats();
      const running = fleet;
      const sample = () => {
        try {
          const current = running.stats();
          const connections = observer?.latest ?? current.poolTotal;
          observer?.refresh();
          const point = curvePoint(previous, current, latencies, connections);
          previous = current;
          latencies = [];
          progress.curve.push(point);
          progress.peakConnections = Math.max(progress.peakConnections, connections);
          options.onPoint?.(point, progress);
        } catch (error) {
          console.error('lifeguard: drill sampling failed:', error);
        }
      };
      sampler = setInterval(sample, 1000);

      await Promise.race([sleep(durationMs), cancelledSignal]);
      // The last, partial second: a 15 s drill keeps 15 points.
      if (Date.now() - previous.at >= 200) sample();
      return { ...progress, status: cancelled === null ? 'finished' : 'cancelled', error: cancelled };
    } catch (error) {
      return { ...progress, status: 'failed', error: describe(error) };
    } finally {
      clearInterval(sampler);
      scenario?.stop();
      // Bounded: requests under way get their connection timeout plus a query's sleep, then every pool ends.
      await fleet?.stop().catch(() => undefined);
      await observer?.close();
    }
  })();

  return {
    progress: () => progress,
    cancel: (reason = 'cancelled') => {
      cancelled ??= reason;
      wake();
    },
    done,
  };
}

interface Observer {
  /** The drill's connections on the server at the last count (the observer's own excluded). */
  latest: number | null;
  refresh(): void;
  close(): Promise<void>;
}

/**
 * Counts the drill's backends in pg_stat_activity once a second: the server's own figure, not
 * the pools' (which include connections still being attempted and about to be refused).
 */
async function openObserver(url: string, app: string): Promise<Observer> {
  const client = new pg.Client({ connectionString: url, application_name: `${app.slice(0, 50)} observer`, connectionTimeoutMillis: 5000 });
  // A connection that dies mid-drill must not crash the process; the pools' figures take over.
  client.on('error', () => undefined);
  await client.connect();
  let busy = false;
  let alive = true;
  const observer: Observer = {
    latest: null,
    refresh: () => {
      if (busy || !alive) return;
      busy = true;
      client
        .query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND backend_type = 'client backend'", [app])
        .then((result) => (observer.latest = result.rows[0]?.n ?? observer.latest))
        .catch(() => {
          alive = false;
          observer.latest = null;
        })
        .finally(() => (busy = false));
    },
    close: () => client.end().catch(() => undefined),
  };
  return observer;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `could not run the drill: ${message}`;
}
