import pg from 'pg';
import { reportPool, type GuardOptions, type PoolReporter } from 'pg-lifeguard';
import { boundSocket } from './socket';

/**
 * A simulated application fleet: N instances of one app, each with its own node-postgres
 * `pg.Pool`, serving "requests" that run real queries. With a pool `max` larger than the
 * database's share per instance, a surge makes the pools grow until PostgreSQL refuses new
 * connections — the outage Lifeguard exists for, reproduced with real connections so every
 * figure Lifeguard shows is measured, not invented.
 *
 * The fleet never throws from its request loop: every request's failure is caught and counted.
 */

export interface Load {
  /** Requests each instance starts per second. */
  ratePerInstance: number;
  /** Each request's query sleeps a random time in [min, max] ms, holding its connection like a slow query would. */
  queryMs: readonly [number, number];
}

export interface FleetOptions {
  /** Connection URL for the app's own (non-superuser) role. */
  url: string;
  /** application_name of every instance: one name for the whole app, as real deployments do, so holders group by app. */
  app: string;
  instances: number;
  /** The misconfiguration under test: instances × poolMax above what the server accepts. */
  poolMax: number;
  idleTimeoutMillis: number;
  /** How long a request waits for a pooled connection before failing. Default 5000. */
  connectionTimeoutMillis?: number;
  load: Load;
  /**
   * Source address per instance. All instances run in this one process on loopback; binding each
   * one's sockets to its own 127.x.y.z (Linux routes all of 127/8 to `lo`) makes pg_stat_activity's
   * client_addr tell instances apart, as separate hosts would. The server's pg_hba.conf must admit
   * that range (see prepareDrillDatabase). Undefined: the kernel picks, client_addr is 127.0.0.1.
   */
  clientAddress?: (index: number) => string | undefined;
  /** Requests queued beyond this many per instance are shed (counted, not started), so memory stays bounded. Default 1000. */
  maxInFlightPerInstance?: number;
  /**
   * Where each instance reports its pool (pg-lifeguard), as a real app would: Lifeguard's base
   * URL, token and the target name. Unguarded, reporting never affects requests, so the fleet
   * runs the same whether Lifeguard is up, down or not started yet. Undefined: no reports.
   */
  reportTo?: FleetReporting;
  /**
   * The request's SQL, with $1 a customer id (int) and $2 a sleep in seconds. Default: a lookup in
   * the demo's `orders` table. Drills against a real database pass one that touches no table.
   */
  query?: string;
  /** Called once per finished request (not for shed ones): drills build latency percentiles from it. */
  onResult?: (latencyMs: number, failure: FailureKind | null) => void;
}

export interface FleetReporting {
  url: string;
  token?: string;
  target?: string;
  intervalMs?: number;
  /** Each report and allowance request gives up after this long (pg-lifeguard's default: the smaller of 2000 and intervalMs). */
  timeoutMs?: number;
  /** Told of failed reports and allowance requests (reporting never fails a request). */
  onError?: (error: unknown) => void;
  /** Guarded pools keep to the allowance Lifeguard gives each instance (needs `target`): a surge waits in the pools instead of being refused. */
  guard?: boolean | GuardOptions;
}

export interface InstanceStats {
  id: string;
  clientAddr: string | null;
  poolTotal: number;
  poolIdle: number;
  poolWaiting: number;
  /** The pool's max in force: the configured one, or the allowance a guard holds it to. */
  poolMax: number;
  inFlight: number;
}

/** Counters are cumulative since start; pool figures are the current ones. */
export interface FleetStats {
  at: number;
  app: string;
  started: number;
  ok: number;
  /** Every failed request: the sum of the three kinds below plus anything else. */
  errors: number;
  /** SQLSTATE 53300, "sorry, too many clients already": the server refused a new connection. */
  tooManyClients: number;
  /** Gave up waiting for a pooled connection (connectionTimeoutMillis). */
  timeouts: number;
  /** Not started at all because the instance already had maxInFlightPerInstance requests. */
  shed: number;
  /** Idle pooled connections that died (not a request failure). */
  droppedIdle: number;
  latencyMsSum: number;
  poolTotal: number;
  poolIdle: number;
  poolWaiting: number;
  inFlight: number;
  instances: InstanceStats[];
}

export interface Fleet {
  readonly app: string;
  stats(): FleetStats;
  load(): Load;
  setLoad(load: Load): void;
  /** Stops starting requests, lets those under way finish (bounded), and ends every pool. Idempotent. */
  stop(): Promise<void>;
}

interface Instance {
  id: string;
  clientAddr: string | null;
  pool: pg.Pool;
  reporter: PoolReporter | undefined;
  inFlight: Set<Promise<void>>;
  /** Fractional requests owed: rates below one per tick still add up. */
  credit: number;
}

const TICK_MS = 50;
const ORDERS_QUERY =
  'SELECT o.n, o.total, pg_sleep($2::float8) FROM (SELECT count(*)::int AS n, coalesce(sum(amount), 0) AS total FROM orders WHERE customer_id = $1) o';

export function startFleet(options: FleetOptions): Fleet {
  const maxInFlight = options.maxInFlightPerInstance ?? 1000;
  let load = options.load;
  const totals = { started: 0, ok: 0, errors: 0, tooManyClients: 0, timeouts: 0, shed: 0, droppedIdle: 0, latencyMsSum: 0 };

  const instances: Instance[] = Array.from({ length: options.instances }, (_, index) => {
    const clientAddr = options.clientAddress?.(index) ?? null;
    const pool = new pg.Pool({
      connectionString: options.url,
      application_name: options.app,
      max: options.poolMax,
      idleTimeoutMillis: options.idleTimeoutMillis,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
      ...(clientAddr ? { stream: boundSocket(clientAddr) } : {}),
    });
    // An idle client's connection can die (server restart, admin kill): pg.Pool emits 'error'
    // and drops the client; without a listener that would crash the process.
    pool.on('error', () => {
      totals.droppedIdle += 1;
    });
    const id = `${options.app}-${index + 1}`;
    const reportTo = options.reportTo;
    const reporter = reportTo && reportPool(pool, { ...reportTo, application: options.app, instance: id });
    return { id, clientAddr, pool, reporter, inFlight: new Set(), credit: 0 };
  });

  const request = (instance: Instance): void => {
    if (instance.inFlight.size >= maxInFlight) {
      totals.shed += 1;
      totals.errors += 1;
      return;
    }
    totals.started += 1;
    const [min, max] = load.queryMs;
    const sleepSeconds = (min + Math.random() * Math.max(0, max - min)) / 1000;
    const customer = 1 + Math.floor(Math.random() * 500);
    const began = performance.now();
    const done = instance.pool.query(options.query ?? ORDERS_QUERY, [customer, sleepSeconds]).then(
      () => {
        const latency = performance.now() - began;
        totals.ok += 1;
        totals.latencyMsSum += latency;
        options.onResult?.(latency, null);
      },
      (error: unknown) => {
        totals.errors += 1;
        const kind = classify(error);
        if (kind === 'too-many-clients') totals.tooManyClients += 1;
        else if (kind === 'timeout') totals.timeouts += 1;
        options.onResult?.(performance.now() - began, kind);
      },
    );
    instance.inFlight.add(done);
    void done.finally(() => instance.inFlight.delete(done));
  };

  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const elapsed = (now - last) / 1000;
    last = now;
    for (const instance of instances) {
      instance.credit += load.ratePerInstance * elapsed;
      // Cap the backlog: a stalled event loop must not turn into a burst of thousands of requests.
      instance.credit = Math.min(instance.credit, load.ratePerInstance + 1);
      while (instance.credit >= 1) {
        instance.credit -= 1;
        request(instance);
      }
    }
  }, TICK_MS);

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    clearInterval(timer);
    for (const instance of instances) instance.reporter?.stop();
    const pending = instances.flatMap((instance) => [...instance.inFlight]);
    // Requests under way end within a query's sleep or the connection timeout; don't wait longer than that.
    const bound = (options.connectionTimeoutMillis ?? 5000) + Math.max(...load.queryMs) + 1000;
    await Promise.race([Promise.allSettled(pending), new Promise((resolve) => setTimeout(resolve, bound).unref())]);
    await Promise.allSettled(instances.map((instance) => instance.pool.end()));
  };

  return {
    app: options.app,
    load: () => load,
    setLoad: (next) => {
      load = next;
    },
    stats: () => {
      const perInstance = instances.map(
        (instance): InstanceStats => ({
          id: instance.id,
          clientAddr: instance.clientAddr,
          poolTotal: instance.pool.totalCount,
          poolIdle: instance.pool.idleCount,
          poolWaiting: instance.pool.waitingCount,
          poolMax: instance.pool.options.max,
          inFlight: instance.inFlight.size,
        }),
      );
      const sum = (pick: (stats: InstanceStats) => number) => perInstance.reduce((total, stats) => total + pick(stats), 0);
      return {
        at: Date.now(),
        app: options.app,
        ...totals,
        poolTotal: sum((s) => s.poolTotal),
        poolIdle: sum((s) => s.poolIdle),
        poolWaiting: sum((s) => s.poolWaiting),
        inFlight: sum((s) => s.inFlight),
        instances: perInstance,
      };
    },
    stop: () => (stopping ??= stop()),
  };
}

export type FailureKind = 'too-many-clients' | 'timeout' | 'other';

export function classify(error: unknown): FailureKind {
  if (typeof error !== 'object' || error === null) return 'other';
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '53300') return 'too-many-clients';
  if (typeof message === 'string' && /timeout exceeded when trying to connect|connection timeout/i.test(message)) return 'timeout';
  return 'other';
}

/** One loopback address per instance, `<prefix>.1`, `<prefix>.2`, …, as if each ran on its own host. */
export function loopbackAddresses(prefix: string): (index: number) => string {
  return (index) => `${prefix}.${index + 1}`;
}
