import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as alertmanagerRoute from '@/app/api/integrations/alertmanager/route';
import * as metricsRoute from '@/app/metrics/route';
import { createToken } from '@/lib/accounts/api-tokens';
import { startCollector, type Collector } from '@/lib/collector/collector';
import { TEST_ACTOR } from '../support/accounts';
import { startTestApp } from '../support/app';
import { serveRoutes } from '../support/http-server';
import { metricNames, panelQueries, readDashboard, recordingRules, substitute, variableSelectors, type GrafanaDashboard } from '../support/grafana-dashboard';
import { startTestPgBouncer, type TestPgBouncer } from '../support/pgbouncer';
import { connectUnlessFull, startFloodTarget, type FloodTarget } from '../support/flood-target';
import { parseExposition, type PromFamily } from '../support/prometheus';
import { COMMUNITY_DASHBOARDS } from '../prometheus/community-dashboards';
import { freePort, startAlertmanager, startPrometheus, type RunningProgram } from '../support/prometheus-stack';
import { testWait } from '../support/wait';

/**
 * Lifeguard in the on-call stack teams already run, with Debian's real programs: Prometheus
 * scrapes /metrics during a real connection flood, the postgres mixin's connection alerts fire on
 * Lifeguard's series, Alertmanager routes them to POST /api/integrations/alertmanager, and the
 * incident opens. postgres_exporter (Debian's) on the same server is the reference for names.
 */
const MAX_CONNECTIONS = 40; // 37 for ordinary roles
const MIXIN_RULES = 'tests/prometheus/postgres-mixin-connections.rules.yml';
const ADMIN = 'stack-admin-token';

let app: Awaited<ReturnType<typeof startTestApp>>;
let target: FloodTarget;
let collector: Collector;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let prometheus: RunningProgram;
let alertmanager: RunningProgram;
let exporter: RunningProgram | null = null;
let bouncer: TestPgBouncer | undefined;
const clients: pg.Client[] = [];
const logs: string[] = [];

const waitFor = testWait({ timeoutMs: 60_000, everyMs: 100, explain: () => [...logs.slice(-20), ...(prometheus?.log.slice(-10) ?? []), ...(alertmanager?.log.slice(-10) ?? [])].join('\n') });

async function promQuery(query: string): Promise<{ metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data: { result: [] } };
  return body.data.result;
}

function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync('/usr/bin/promtool', args, { input, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** One more connection as `role` and `application`; false when the server refused it. */
async function open(role: string, application: string): Promise<boolean> {
  const client = await connectUnlessFull(target.roleUrl(role), application);
  if (client) clients.push(client);
  return client !== null;
}

beforeAll(async () => {
  app = await startTestApp({ LIFEGUARD_ADMIN_TOKEN: ADMIN });
  const { db } = app.store;
  target = await startFloodTarget({ maxConnections: MAX_CONNECTIONS });
  // Only the roles were needed: closed now, so it holds none of the connections the flood counts.
  await target.admin.end();
  await db.target.create({ data: { name: 'production', url: target.roleUrl('monitor'), intervalMs: 500 } });
  collector = startCollector({ db, storeUrl: app.store.url, log: (message) => logs.push(message) });

  server = await serveRoutes({ 'GET /metrics': metricsRoute.GET, 'POST /api/integrations/alertmanager': alertmanagerRoute.POST });
  const alertsToken = (await createToken(db, TEST_ACTOR, { name: 'alertmanager', scope: 'alerts' })).token;
  const readToken = (await createToken(db, TEST_ACTOR, { name: 'prometheus', scope: 'read' })).token;

  alertmanager = await startAlertmanager(`
route: {receiver: lifeguard, group_by: [alertname, instance], group_wait: 0s, group_interval: 1s, repeat_interval: 1h}
receivers:
  - name: lifeguard
    webhook_configs:
      - url: ${server.url}/api/integrations/alertmanager
        send_resolved: true
        http_config: {authorization: {credentials: ${alertsToken}}}
`);
  // The mixin's expressions as they are; only `for` is cut to 3 s so the chain runs in seconds
  // (promtool below runs the file with its real 1m / 10m).
  const mixin = await readFile(MIXIN_RULES, 'utf8');
  prometheus = await startPrometheus(
    `
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [fast.rules.yml]
alerting: {alertmanagers: [{static_configs: [{targets: ['${new URL(alertmanager.url).host}']}]}]}
scrape_configs:
  - job_name: lifeguard
    static_configs: [{targets: ['${new URL(server.url).host}']}]
    authorization: {credentials: ${readToken}}
    metric_relabel_configs:
      - {source_labels: [target], regex: '(.+)', target_label: instance}
`,
    { 'fast.rules.yml': mixin.replace(/for: (1m|10m)/g, 'for: 3s') },
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await prometheus?.stop();
  await alertmanager?.stop();
  await exporter?.stop();
  await bouncer?.stop();
  await server?.close();
  await collector?.stop();
  await target?.stop();
  await app?.stop();
});

describe('Lifeguard with Prometheus, the postgres mixin and Alertmanager', () => {
  it('exports what postgres_exporter exports under the same names, types and labels, and promtool finds nothing the exporter does not get too', async () => {
    await waitFor('a sample with server stats', async () => (await app.store.db.sample.count({ where: { serverStats: { not: { equals: null } } } })) > 0 || null, 20_000).catch(() => null);
    await waitFor('pg_up in Prometheus', async () => (await promQuery('pg_up{instance="production"} == 1')).length > 0);
    const scrape = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text();
    const ours = parseExposition(scrape);

    const port = await freePort();
    exporter = await startExporter(port);
    const theirsText = await (await fetch(`${exporter.url}/metrics`)).text();
    const theirs = parseExposition(theirsText);
    const shared = [...ours.keys()].filter((name) => name.startsWith('pg_'));
    expect(shared.sort()).toEqual([
      'pg_locks_count', 'pg_settings_max_connections', 'pg_settings_superuser_reserved_connections', 'pg_stat_activity_count',
      'pg_stat_activity_max_tx_duration', 'pg_stat_database_deadlocks', 'pg_stat_database_numbackends', 'pg_stat_database_xact_commit',
      'pg_stat_database_xact_rollback', 'pg_up',
    ]);
    for (const name of shared) {
      const reference = theirs.get(name);
      expect(reference, `${name} in postgres_exporter`).toBeDefined();
      expect(ours.get(name)?.type, name).toBe(reference?.type);
      // The exporter's `server` is Lifeguard's `target`; every exporter label is there.
      const labels = (family: typeof reference) => new Set(family?.samples.flatMap((s) => Object.keys(s.labels)) ?? []);
      const mine = labels(ours.get(name));
      for (const label of labels(reference)) if (label !== 'server') expect(mine.has(label), `${name}{${label}}`).toBe(true);
    }

    const warningsOf = (text: string) => new Set(promtool(['check', 'metrics'], text).output.split('\n').filter((line) => /^\S+ /.test(line)));
    const exporterWarnings = warningsOf(theirsText);
    const ourWarnings = [...warningsOf(scrape)];
    expect(ourWarnings.filter((line) => !exporterWarnings.has(line))).toEqual([]);
  }, 90_000);

  it('fires PostgreSQLMaxConnectionsReached on Lifeguard’s series during a flood, and Alertmanager opens a Lifeguard incident', async () => {
    const { db } = app.store;
    for (let i = 0; i < MAX_CONNECTIONS && (await open('app', 'flood-web')); i++);
    const fired = await waitFor('the mixin alert firing in Prometheus', async () => {
      const response = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string; activeAt: string }[] } };
      return response.data.alerts.find((alert) => alert.labels.alertname === 'PostgreSQLMaxConnectionsReached' && alert.state === 'firing');
    });
    const firingSeen = Date.now();
    const max = await waitFor('the alert in Lifeguard', () =>
      db.externalAlert.findFirst({ where: { alertname: 'PostgreSQLMaxConnectionsReached', incidentId: { not: null } }, include: { incident: { include: { targets: { include: { target: true } } } } } }),
    );
    const incidentSeen = Date.now();
    // Whichever mixin alert fired first opened the incident (HighConnections, at 80 %, usually);
    // the other joined it: one incident for the target.
    const alert = max;
    const opener = await db.externalAlert.findFirstOrThrow({ where: { incidentId: max.incidentId }, orderBy: { receivedAt: 'asc' } });
    const openerFired = await firstFiring(opener.alertname);
    const incidentCreated = alert.incident!.createdAt.getTime();
    const maxEntry = await db.timelineEntry.findFirstOrThrow({ where: { incidentId: max.incidentId!, kind: 'alert', body: { contains: 'PostgreSQLMaxConnectionsReached firing' } } });
    const maxFired = await firstFiring('PostgreSQLMaxConnectionsReached');
    expect(fired.state).toBe('firing');
    console.log(
      `[prometheus-stack] Prometheus alert firing → Lifeguard: ${opener.alertname} → incident opened ${((incidentCreated - openerFired) / 1000).toFixed(2)} s; ` +
        `PostgreSQLMaxConnectionsReached → on the timeline ${((maxEntry.createdAt.getTime() - maxFired) / 1000).toFixed(2)} s (polling saw them ${((incidentSeen - firingSeen) / 1000).toFixed(2)} s apart)`,
    );

    expect(alert.incident?.targets.map((link) => link.target.name)).toEqual(['production']);
    expect(alert.incident?.title).toMatch(/^PostgreSQL(High|Max)Connection.*: Postgres connections count is over /);
    expect(await db.incident.count()).toBe(1);
    const data = maxEntry.data as { labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string };
    expect(data.labels).toMatchObject({ alertname: 'PostgreSQLMaxConnectionsReached', instance: 'production', severity: 'warning' });
    expect(data.annotations.summary).toBe('Postgres connections count is over the maximum amount.');
    expect(data.generatorURL).toMatch(/\/graph\?g0\.expr=/);

    // The flood ends: Alertmanager sends the resolution, recorded on the same incident.
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
    await waitFor('the resolutions', async () => (await db.externalAlert.count({ where: { status: 'firing' } })) === 0, 60_000);
    const resolved = await db.timelineEntry.findFirst({ where: { incidentId: alert.incidentId!, kind: 'alert', body: 'Alertmanager: PostgreSQLMaxConnectionsReached resolved' } });
    expect(resolved).not.toBeNull();
  }, 150_000);

  it('promtool test rules: the mixin’s connection alerts, with their real `for`, fire on the series Prometheus scraped from Lifeguard', async () => {
    const series = await promQuery('{__name__=~"pg_stat_activity_count|pg_settings_max_connections|pg_settings_superuser_reserved_connections", instance="production"}[15m]');
    const start = Math.min(...series.flatMap((s) => (s.values ?? []).map(([t]) => t)));
    const end = Math.max(...series.flatMap((s) => (s.values ?? []).map(([t]) => t)));
    const steps = Math.floor(end - start);
    // The flood's peak held for 11 more minutes: each series' values as scraped (one per second),
    // then its peak repeated, so the 1m and 10m `for` of the real rules can elapse.
    const input = series.map((s) => {
      const values: string[] = [];
      for (let i = 0; i <= steps; i++) {
        const at = start + i;
        const last = (s.values ?? []).filter(([t]) => t <= at + 0.5).at(-1);
        values.push(last ? last[1] : '_');
      }
      const peak = Math.max(...(s.values ?? []).map(([, v]) => Number(v)));
      const labels = Object.entries(s.metric).filter(([name]) => name !== '__name__').map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ');
      return { series: `${s.metric.__name__}{${labels}}`, values: `${values.join(' ')} ${peak}+0x${11 * 60}` };
    });
    const evalAt = `${steps + 11 * 60}s`;
    const test = {
      rule_files: [`${process.cwd()}/${MIXIN_RULES}`],
      evaluation_interval: '1s',
      tests: [
        {
          interval: '1s',
          input_series: input,
          promql_expr_test: ['PostgreSQLMaxConnectionsReached', 'PostgreSQLHighConnections'].map((alertname) => ({
            expr: `ALERTS{alertname="${alertname}", alertstate="firing"}`,
            eval_time: evalAt,
            exp_samples: [{ labels: `ALERTS{alertname="${alertname}", alertstate="firing", instance="production", severity="warning"}`, value: 1 }],
          })),
        },
      ],
    };
    const file = `${prometheus.url.replace(/\W/g, '')}.test.json`;
    const path = `${await import('node:os').then((os) => os.tmpdir())}/${file}`;
    await import('node:fs/promises').then((fs) => fs.writeFile(path, JSON.stringify(test)));
    const result = promtool(['test', 'rules', path]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  }, 120_000);
});

describe('Grafana dashboards on Lifeguard’s series', () => {
  const DASHBOARD = 'docs/grafana/lifeguard.json';
  const VALUES = { target: 'production', pooler: 'pooler', DS_PROMETHEUS: 'prometheus' };
  let dashboard: GrafanaDashboard;
  let scraped: Map<string, PromFamily>;

  beforeAll(async () => {
    const { db } = app.store;
    dashboard = await readDashboard(DASHBOARD);
    // A PgBouncer in front of the same server, with a client through it, so the pgbouncer_*
    // series are in the scrape too.
    bouncer = await startTestPgBouncer({ backend: { port: target.port, user: 'app', password: 'app-secret', dbname: 'postgres' } });
    const production = await db.target.findFirstOrThrow({ where: { name: 'production' } });
    await db.target.create({ data: { name: 'pooler', kind: 'pgbouncer', url: bouncer.adminUrl, intervalMs: 500, backendTargetId: production.id } });
    await collector.refresh();
    const client = new pg.Client({ connectionString: bouncer.clientUrl, application_name: 'through-pgbouncer' });
    client.on('error', () => {});
    await client.connect();
    clients.push(client);
    await client.query('SELECT 1');
    // Three scrapes of the pools, so rates and Prometheus' instant queries have data.
    await waitFor('the pooler in Prometheus', async () => (await promQuery('count_over_time(pgbouncer_pools_client_active_connections{target="pooler"}[1m]) >= 3')).length > 0);
    // A scrape with both targets fresh: on a loaded machine a sample can be late, and a stale
    // target's figures are left out of the exposition (by design, see lib/prometheus/families.ts).
    scraped = await waitFor('a scrape with both targets up', async () => {
      const families = parseExposition(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text());
      const up = (name: string, target: string) => families.get(name)?.samples.some((s) => s.labels.target === target && s.value === 1);
      return up('pg_up', 'production') && up('pgbouncer_up', 'pooler') && families;
    });
  }, 90_000);

  it('docs/grafana/lifeguard.json imports anywhere: a DS_PROMETHEUS input every panel uses, and target and pooler variables', () => {
    expect(dashboard.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(15);
    for (const panel of panels) expect(JSON.stringify(panel), panel.title).not.toMatch(/"uid":"(?!\$\{DS_PROMETHEUS\})/);
    expect(variableSelectors(dashboard)).toEqual([
      { name: 'target', selector: 'pg_up' },
      { name: 'pooler', selector: 'pgbouncer_up' },
    ]);
  });

  it('promtool check rules accepts every PromQL expression of the dashboard (and refuses a broken one)', async () => {
    const queries = [...panelQueries(dashboard), ...variableSelectors(dashboard).map(({ selector }) => ({ expr: selector }))];
    const path = `${tmpdir()}/lifeguard-dashboard-${process.pid}.rules.json`;
    await writeFile(path, recordingRules(queries.map((query) => ({ expr: substitute(query.expr, VALUES) }))));
    const result = promtool(['check', 'rules', path]);
    expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(result.status).toBe(0);
    // The same check catches a mistake, so the pass above means something.
    await writeFile(path, recordingRules([{ expr: 'sum by (state (pg_stat_activity_count)' }]));
    expect(promtool(['check', 'rules', path]).status).not.toBe(0);
  });

  it('every metric the dashboard reads has samples in a real scrape of Lifeguard', () => {
    const used = new Set([...panelQueries(dashboard), ...variableSelectors(dashboard).map(({ selector }) => ({ expr: selector }))].flatMap((query) => metricNames(query.expr)));
    expect(used.size).toBeGreaterThanOrEqual(20);
    const missing = [...used].filter((name) => (scraped.get(name)?.samples.length ?? 0) === 0);
    expect(missing).toEqual([]);
  });

  it('every panel query answers with series from the Prometheus that scraped Lifeguard: no panel stays empty', async () => {
    // As Grafana asks: a range query over the last minute (one late sample is a gap, not an empty panel).
    const end = Date.now() / 1000;
    const empty: string[] = [];
    for (const query of panelQueries(dashboard)) {
      const range = `query=${encodeURIComponent(substitute(query.expr, VALUES))}&start=${end - 60}&end=${end}&step=1`;
      const answer = (await (await fetch(`${prometheus.url}/api/v1/query_range?${range}`)).json()) as { data: { result: unknown[] } };
      if (answer.data.result.length === 0) empty.push(`${query.panel} ${query.refId}: ${query.expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('what docs/operations.md says of community dashboards holds on a real scrape', () => {
    const has = (metric: string, labels: string[] = []) =>
      (scraped.get(metric)?.samples ?? []).some((sample) => labels.every((label) => label in sample.labels));
    const wrong: string[] = [];
    for (const board of COMMUNITY_DASHBOARDS) {
      for (const panel of board.panels) {
        const found = panel.metrics.filter((metric) => has(metric, panel.labels));
        const actual = found.length === panel.metrics.length ? 'draws' : found.length === 0 ? 'empty' : 'partly';
        if (actual !== panel.onLifeguard) wrong.push(`${board.name} / ${panel.title}: documented ${panel.onLifeguard}, is ${actual}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** The evaluation at which Prometheus first had the alert firing: the first sample of its ALERTS series. */
async function firstFiring(alertname: string): Promise<number> {
  const [series] = await promQuery(`ALERTS{alertname="${alertname}", alertstate="firing"}[15m]`);
  return (series?.values?.[0]?.[0] ?? NaN) * 1000;
}

function startExporter(port: number): Promise<RunningProgram> {
  return startProgram('/usr/bin/prometheus-postgres-exporter', [`--web.listen-address=127.0.0.1:${port}`], { DATA_SOURCE_NAME: `${target.server.url()}?sslmode=disable` }, port);
}

async function startProgram(binary: string, args: string[], env: Record<string, string>, port: number): Promise<RunningProgram> {
  const { spawn } = await import('node:child_process');
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(binary, () => fetch(`${url}/metrics`).then((r) => r.ok, () => false), 20_000);
  return {
    url,
    log,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
