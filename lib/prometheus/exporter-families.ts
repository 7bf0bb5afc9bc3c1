import { counter, gauge, type Family, type Labels } from './exposition';
import type { PoolerRow, TargetRow } from './query';

/**
 * The series postgres_exporter and pgbouncer_exporter publish, with their names, types, HELP and
 * labels (checked against Debian's prometheus-postgres-exporter 0.11.1), so dashboards and the
 * postgres mixin's alerts written for the exporters read Lifeguard unchanged. The exporters' own
 * `server` label is Lifeguard's `target`. Only targets that are up contribute.
 */

/** The states postgres_exporter always lists, per database, even at 0. */
const ACTIVITY_STATES = ['active', 'disabled', 'fastpath function call', 'idle', 'idle in transaction', 'idle in transaction (aborted)'];
/** The lock modes postgres_exporter always lists, per database, even at 0. */
const LOCK_MODES = [
  'accessexclusivelock', 'accesssharelock', 'exclusivelock', 'rowexclusivelock', 'rowsharelock',
  'sharelock', 'sharerowexclusivelock', 'shareupdateexclusivelock', 'sireadlock',
];

export function postgresExporterFamilies(rows: readonly TargetRow[], isUp: (row: TargetRow) => boolean): Family[] {
  const superuserReserved = gauge('pg_settings_superuser_reserved_connections', 'Sets the number of connection slots reserved for superusers.');
  const activity = gauge('pg_stat_activity_count', 'number of connections in this state');
  const maxTx = gauge('pg_stat_activity_max_tx_duration', 'max duration in seconds any active transaction has been running');
  const numbackends = gauge('pg_stat_database_numbackends', 'Number of backends currently connected to this database.');
  const commits = counter('pg_stat_database_xact_commit', 'Number of transactions in this database that have been committed');
  const rollbacks = counter('pg_stat_database_xact_rollback', 'Number of transactions in this database that have been rolled back');
  const deadlocks = counter('pg_stat_database_deadlocks', 'Number of deadlocks detected in this database');
  const locks = gauge('pg_locks_count', 'Number of locks');

  for (const row of rows) {
    const stats = row.server_stats;
    if (row.kind !== 'postgres' || !stats || !isUp(row)) continue;
    const target = { target: row.name };
    superuserReserved.set(target, stats.superuserReserved);
    const databases = stats.databases.filter((database) => database.datname !== '').map((database) => database.datname);
    // Zero series for every database × state with nobody in it, as the exporter's LEFT JOIN gives.
    const seen = new Set(stats.activity.map((group) => `${group.datname}\u0000${group.state}`));
    for (const datname of databases) {
      for (const state of ACTIVITY_STATES) {
        if (seen.has(`${datname}\u0000${state}`)) continue;
        const labels: Labels = { ...target, datname, state, usename: '', application_name: '' };
        activity.set(labels, 0);
        maxTx.set(labels, 0);
      }
    }
    for (const group of stats.activity) {
      const labels: Labels = { ...target, datname: group.datname, state: group.state, usename: group.usename, application_name: group.applicationName };
      activity.add(labels, group.count);
      maxTx.set(labels, group.maxTxSeconds);
    }
    for (const database of stats.databases) {
      const labels = { ...target, datid: database.datid, datname: database.datname };
      numbackends.set(labels, database.numbackends);
      commits.set(labels, database.xactCommit);
      rollbacks.set(labels, database.xactRollback);
      deadlocks.set(labels, database.deadlocks);
    }
    const held = new Map(stats.locks.map((lock) => [`${lock.datname}\u0000${lock.mode}`, lock.count]));
    for (const datname of databases) {
      for (const mode of LOCK_MODES) locks.set({ ...target, datname, mode }, held.get(`${datname}\u0000${mode}`) ?? 0);
    }
  }
  return [superuserReserved, activity, maxTx, numbackends, commits, rollbacks, deadlocks, locks].map((family) => family.build());
}

/** pgbouncer_exporter's names for PgBouncer targets: its `up` and the SHOW POOLS gauges per database and user. */
export function pgbouncerExporterFamilies(rows: readonly TargetRow[], poolers: readonly PoolerRow[], isUp: (row: TargetRow) => boolean): Family[] {
  const up = gauge('pgbouncer_up', 'The pgbouncer scrape succeeded');
  const maxClient = gauge('pgbouncer_config_max_client_connections', 'Config maximum number of client connections');
  const pools = {
    clientActive: gauge('pgbouncer_pools_client_active_connections', 'Client connections linked to server connection and able to process queries, shown as connection'),
    clientWaiting: gauge('pgbouncer_pools_client_waiting_connections', 'Client connections waiting on a server connection, shown as connection'),
    serverActive: gauge('pgbouncer_pools_server_active_connections', 'Server connections linked to a client connection, shown as connection'),
    serverIdle: gauge('pgbouncer_pools_server_idle_connections', 'Server connections idle and ready for a client query, shown as connection'),
    serverUsed: gauge('pgbouncer_pools_server_used_connections', 'Server connections idle more than server_check_delay, needing server_check_query, shown as connection'),
    maxWait: gauge('pgbouncer_pools_client_maxwait_seconds', 'Age of oldest unserved client connection, shown as second'),
  };
  const upTargets = new Set<string>();
  for (const row of rows) {
    if (row.kind !== 'pgbouncer') continue;
    up.set({ target: row.name }, isUp(row) ? 1 : 0);
    if (!isUp(row)) continue;
    upTargets.add(row.name);
    maxClient.set({ target: row.name }, row.max_connections);
  }
  for (const pool of poolers) {
    if (!upTargets.has(pool.target)) continue;
    const labels = { target: pool.target, database: pool.database, user: pool.user };
    pools.clientActive.set(labels, pool.cl_active);
    pools.clientWaiting.set(labels, pool.cl_waiting);
    pools.serverActive.set(labels, pool.sv_active);
    pools.serverIdle.set(labels, pool.sv_idle);
    pools.serverUsed.set(labels, pool.sv_used);
    pools.maxWait.set(labels, pool.max_wait_seconds);
  }
  return [up, maxClient, ...Object.values(pools)].map((family) => family.build());
}
