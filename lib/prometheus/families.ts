import { REFUSAL_CODES } from '../collector/failure';
import { postgresExporterFamilies, pgbouncerExporterFamilies } from './exporter-families';
import { counter, gauge, type Family } from './exposition';
import type { MetricsData, TargetRow } from './query';

/**
 * What Lifeguard measures: exactly as postgres_exporter and pgbouncer_exporter publish it where
 * there is an equivalent (exporter-families.ts: pg_up, pg_settings_*, pg_stat_activity_count, the
 * pg_stat_database counters, pgbouncer_pools_*), and `lifeguard_*` where Lifeguard knows more
 * (usage, refusals, holders, pools, alerts). Every per-target series carries `target` (the
 * target's name), which stays stable when a target's URL changes. A target whose latest sample
 * has no figures (unreachable) keeps pg_up 0 and its refusal counter, and its figures are left
 * out rather than reported as zero.
 */
export function buildFamilies(data: MetricsData): Family[] {
  const up = gauge('pg_up', 'Whether the last scrape of metrics from PostgreSQL was able to connect to the server (1 for yes, 0 for no): the latest sample, within three intervals.');
  const sampleTime = gauge('lifeguard_last_sample_timestamp_seconds', 'Time of the latest sample of the target, in seconds since the epoch.');
  const maxConnections = gauge('pg_settings_max_connections', 'Sets the maximum number of concurrent connections.');
  const reserved = gauge('lifeguard_reserved_connections', 'Slots ordinary roles cannot use: superuser_reserved_connections + reserved_connections.');
  const usable = gauge('lifeguard_usable_connections', 'max_connections minus the reserved slots: what applications can open.');
  const backends = gauge('lifeguard_connections', "Client backends on the server, Lifeguard's own connection included.");
  const usage = gauge('lifeguard_connections_usage_ratio', 'Client backends divided by usable connections (1 = full).');
  const waiting = gauge('lifeguard_lock_waiters', 'Client backends waiting on a lock.');
  const oldestTx = gauge('lifeguard_oldest_transaction_seconds', 'Age of the oldest open transaction of a client backend, in seconds (0 for none).');
  const refusing = gauge('lifeguard_refusing', "1 when the latest sample's probe connection was refused (too many clients, connection limit, starting up; for a PgBouncer its own refusals, e.g. max_client_conn), else 0.");
  const refusals = counter(
    'lifeguard_connection_refusals_total',
    'Samples whose probe connection the server refused (SQLSTATE 53300, 53400 or 57P03, or a PgBouncer refusal), since the first retained sample; counted up to 5 s ago.',
  );
  const probe = gauge('lifeguard_probe_latency_seconds', 'Round trip of a trivial query on the persistent connection.');
  const connect = gauge('lifeguard_connect_latency_seconds', 'Time to open and close a new connection (the probe).');
  const holders = gauge('lifeguard_connections_by_client', 'Client backends by application_name and client address ("" for Unix sockets).');

  for (const row of data.targets) {
    const target = { target: row.name };
    // A PgBouncer target says pgbouncer_up instead: pg_up 1 for a pooler would mislead alerts on PostgreSQL.
    if (row.kind === 'postgres') up.set(target, isUp(row) ? 1 : 0);
    sampleTime.set(target, row.at === null ? null : row.at.getTime() / 1000);
    refusing.set(target, row.at === null ? null : row.error_code !== null && REFUSAL_CODES.has(row.error_code) ? 1 : 0);
    refusals.set(target, data.refusals.get(row.id) ?? 0);
    if (!isUp(row)) continue;
    const usableNow = row.max_connections === null ? null : row.max_connections - (row.reserved_connections ?? 0);
    if (row.kind === 'postgres') maxConnections.set(target, row.max_connections);
    reserved.set(target, row.reserved_connections);
    usable.set(target, usableNow);
    backends.set(target, row.total);
    usage.set(target, row.total !== null && usableNow ? row.total / usableNow : null);
    waiting.set(target, row.waiting);
    // No open transaction reads as 0, as postgres_exporter reports it.
    oldestTx.set(target, row.oldest_xact_seconds ?? 0);
    probe.set(target, seconds(row.probe_latency_ms));
    connect.set(target, seconds(row.connect_latency_ms));
    for (const holder of row.applications ?? []) {
      holders.add({ ...target, application_name: holder.name, client_addr: holder.clientAddr ?? '' }, holder.total);
    }
  }

  const alerts = gauge('lifeguard_alerts', 'Pending and firing alerts, 1 per alert (as Prometheus ALERTS); application is "" for target-wide rules.');
  for (const alert of data.alerts) {
    alerts.add({ rule: alert.rule, severity: alert.severity, state: alert.state, target: alert.target, application: alert.application }, 1);
  }

  const poolHelp = (what: string) => `${what}, from the latest pool report of each application instance (reports of the last 2 minutes).`;
  const pools = {
    max: gauge('lifeguard_pool_max', poolHelp('Configured maximum size of the pool')),
    total: gauge('lifeguard_pool_connections', poolHelp('Connections the pool holds')),
    idle: gauge('lifeguard_pool_idle_connections', poolHelp('Idle connections in the pool')),
    waiting: gauge('lifeguard_pool_waiting_clients', poolHelp('Callers queued for a connection from the pool')),
  };
  for (const report of data.pools) {
    const labels = { application: report.application, instance: report.instance };
    pools.max.set(labels, report.pool_max);
    pools.total.set(labels, report.total);
    pools.idle.set(labels, report.idle);
    pools.waiting.set(labels, report.waiting);
  }

  return [
    ...[up, maxConnections].map((family) => family.build()),
    ...postgresExporterFamilies(data.targets, isUp),
    ...pgbouncerExporterFamilies(data.targets, data.poolers, isUp),
    ...[sampleTime, reserved, usable, backends, usage, waiting, oldestTx, refusing, refusals, probe, connect, holders, alerts]
      .concat([pools.max, pools.total, pools.idle, pools.waiting])
      .map((family) => family.build()),
  ];
}

/** A fresh sample with figures: the persistent connection could read the server. */
function isUp(row: TargetRow): boolean {
  return row.fresh && row.total !== null;
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
