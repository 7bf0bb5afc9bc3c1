/**
 * What widely used community dashboards read, panel by panel: the metric names and the labels
 * each panel filters or groups on (written down from the dashboards' JSON, not copied), with
 * what docs/operations.md says of each panel on Lifeguard's /metrics. The Prometheus-stack test
 * holds every claim against a real scrape of Lifeguard: a panel said to draw must find all its
 * metrics and labels there, a panel said to stay empty must miss one. When Lifeguard exports
 * more, the test says which line of docs/operations.md to change.
 */
export interface CommunityPanel {
  title: string;
  metrics: string[];
  /** Labels the panel's queries select or group on, besides Prometheus' own `instance` and `job`. */
  labels?: string[];
  /** `draws`: every query has data; `partly`: some queries do; `empty`: none does. */
  onLifeguard: 'draws' | 'partly' | 'empty';
}

export interface CommunityDashboard {
  name: string;
  source: string;
  panels: CommunityPanel[];
}

const empty = (title: string, ...metrics: string[]): CommunityPanel => ({ title, metrics, onLifeguard: 'empty' });

export const COMMUNITY_DASHBOARDS: CommunityDashboard[] = [
  {
    name: 'PostgreSQL Database (grafana.com 9628)',
    // As exported by Grafana 11 (schemaVersion 39) from the grafana.com download, in a Grafana
    // database dump: iqbalaydrus/youtube, 20240530-prometheus-demo/docker-volume/postgres/init/dump.sql.
    source: 'https://grafana.com/grafana/dashboards/9628',
    panels: [
      empty('Version', 'pg_static'),
      empty('Start Time', 'pg_postmaster_start_time_seconds'),
      empty('Current fetch data', 'pg_stat_database_tup_fetched'),
      empty('Current insert data', 'pg_stat_database_tup_inserted'),
      empty('Current update data', 'pg_stat_database_tup_updated'),
      { title: 'Max Connections', metrics: ['pg_settings_max_connections'], onLifeguard: 'draws' },
      empty('Average CPU Usage', 'process_cpu_seconds_total'),
      empty('Average Memory Usage', 'process_resident_memory_bytes', 'process_virtual_memory_bytes'),
      empty('Open File Descriptors', 'process_open_fds'),
      empty('Shared Buffers', 'pg_settings_shared_buffers_bytes'),
      empty('Effective Cache', 'pg_settings_effective_cache_size_bytes'),
      empty('Maintenance Work Mem', 'pg_settings_maintenance_work_mem_bytes'),
      empty('Work Mem', 'pg_settings_work_mem_bytes'),
      empty('Max WAL Size', 'pg_settings_max_wal_size_bytes'),
      empty('Random Page Cost', 'pg_settings_random_page_cost'),
      empty('Seq Page Cost', 'pg_settings_seq_page_cost'),
      empty('Max Worker Processes', 'pg_settings_max_worker_processes'),
      empty('Max Parallel Workers', 'pg_settings_max_parallel_workers'),
      { title: 'Active sessions', metrics: ['pg_stat_activity_count'], labels: ['datname', 'state'], onLifeguard: 'draws' },
      { title: 'Transactions', metrics: ['pg_stat_database_xact_commit', 'pg_stat_database_xact_rollback'], labels: ['datname'], onLifeguard: 'draws' },
      empty('Update data', 'pg_stat_database_tup_updated'),
      empty('Fetch data (SELECT)', 'pg_stat_database_tup_fetched'),
      empty('Insert data', 'pg_stat_database_tup_inserted'),
      { title: 'Lock tables', metrics: ['pg_locks_count'], labels: ['datname', 'mode'], onLifeguard: 'draws' },
      empty('Return data', 'pg_stat_database_tup_returned'),
      { title: 'Idle sessions', metrics: ['pg_stat_activity_count'], labels: ['datname', 'state'], onLifeguard: 'draws' },
      empty('Delete data', 'pg_stat_database_tup_deleted'),
      empty('Cache Hit Rate', 'pg_stat_database_blks_hit', 'pg_stat_database_blks_read'),
      empty('Buffers (bgwriter)', 'pg_stat_bgwriter_buffers_backend', 'pg_stat_bgwriter_buffers_alloc', 'pg_stat_bgwriter_buffers_checkpoint'),
      { title: 'Conflicts/Deadlocks', metrics: ['pg_stat_database_conflicts', 'pg_stat_database_deadlocks'], labels: ['datname'], onLifeguard: 'partly' },
      empty('Temp File (Bytes)', 'pg_stat_database_temp_bytes'),
      empty('Checkpoint Stats', 'pg_stat_bgwriter_checkpoint_write_time', 'pg_stat_bgwriter_checkpoint_sync_time'),
      // Variables: instance from pg_up, datname from any series, mode from pg_locks_count's modes.
      { title: '(variable instance)', metrics: ['pg_up'], onLifeguard: 'draws' },
      { title: '(variables datname, mode)', metrics: ['pg_locks_count'], labels: ['datname', 'mode'], onLifeguard: 'draws' },
      // namespace and release come from the exporter's own scrape gauge: "None" here, which
      // Grafana sends as release="", and that matches Lifeguard's series (they have no release).
      empty('(variables namespace, release)', 'pg_exporter_last_scrape_duration_seconds'),
    ],
  },
  {
    name: 'Postgres Overview (grafana.com 455; the postgres mixin’s dashboard)',
    source: 'https://github.com/prometheus-community/postgres_exporter/blob/master/postgres_mixin/dashboards/postgres-overview.json',
    panels: [
      empty('Rows', 'pg_stat_database_tup_fetched', 'pg_stat_database_tup_returned', 'pg_stat_database_tup_inserted', 'pg_stat_database_tup_updated', 'pg_stat_database_tup_deleted'),
      { title: 'QPS', metrics: ['pg_stat_database_xact_commit', 'pg_stat_database_xact_rollback'], labels: ['datname'], onLifeguard: 'draws' },
      empty('Buffers', 'pg_stat_bgwriter_buffers_alloc_total', 'pg_stat_bgwriter_buffers_backend_fsync_total', 'pg_stat_bgwriter_buffers_backend_total'),
      { title: 'Conflicts/Deadlocks', metrics: ['pg_stat_database_deadlocks', 'pg_stat_database_conflicts'], labels: ['datname'], onLifeguard: 'partly' },
      empty('Cache hit ratio', 'pg_stat_database_blks_hit', 'pg_stat_database_blks_read'),
      { title: 'Number of active connections', metrics: ['pg_stat_database_numbackends'], labels: ['datname'], onLifeguard: 'draws' },
      { title: '(variable job)', metrics: ['pg_up'], onLifeguard: 'draws' },
      // db lists datname from tup_fetched: empty, and its "All" (.*) still matches every database.
      empty('(variable db)', 'pg_stat_database_tup_fetched'),
    ],
  },
  {
    name: 'PgBouncer overview (Grafana Labs’ pgbouncer-mixin)',
    source: 'https://github.com/grafana/jsonnet-libs/tree/master/pgbouncer-mixin (signals/connections.libsonnet)',
    panels: [
      // Every variable is discovered from this series, so the whole dashboard stays empty as it is.
      empty('(variables job, pgbouncer_cluster, instance, database)', 'pgbouncer_databases_current_connections'),
      { title: 'Client waiting connections', metrics: ['pgbouncer_pools_client_waiting_connections'], labels: ['database'], onLifeguard: 'draws' },
      { title: 'Active client connections', metrics: ['pgbouncer_pools_client_active_connections'], labels: ['database'], onLifeguard: 'draws' },
      { title: 'Max client wait time', metrics: ['pgbouncer_pools_client_maxwait_seconds'], labels: ['database'], onLifeguard: 'draws' },
      {
        title: 'Server connections',
        metrics: ['pgbouncer_pools_server_active_connections', 'pgbouncer_pools_server_idle_connections', 'pgbouncer_pools_server_used_connections', 'pgbouncer_pools_server_login_connections', 'pgbouncer_pools_server_testing_connections'],
        labels: ['database'],
        onLifeguard: 'partly',
      },
      empty('Max database connections', 'pgbouncer_databases_max_connections'),
      empty('Queries and transactions pooled', 'pgbouncer_stats_queries_pooled_total', 'pgbouncer_stats_sql_transactions_pooled_total'),
    ],
  },
];
