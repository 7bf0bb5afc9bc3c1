import { readFile } from 'node:fs/promises';

/**
 * Reading a Grafana dashboard's PromQL the way Grafana would send it to Prometheus, so tests can
 * hand every expression to the real Prometheus tools: variables substituted, then either a rules
 * file for `promtool check rules` or instant queries against a running Prometheus.
 */
export interface PanelQuery {
  panel: string;
  refId: string;
  expr: string;
}

interface GrafanaPanel {
  title?: string;
  type?: string;
  targets?: { expr?: string; refId?: string }[];
  panels?: GrafanaPanel[];
}

export interface GrafanaDashboard {
  __inputs?: { name: string; type: string; pluginId: string }[];
  panels: GrafanaPanel[];
  templating: { list: { name: string; type: string; query?: string | { query: string }; datasource?: unknown }[] };
}

export async function readDashboard(path: string): Promise<GrafanaDashboard> {
  return JSON.parse(await readFile(path, 'utf8')) as GrafanaDashboard;
}

/** Every query of every panel (rows' nested panels included), as written in the JSON. */
export function panelQueries(dashboard: GrafanaDashboard): PanelQuery[] {
  const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  return panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => {
      if (!target.expr) throw new Error(`panel "${panel.title}" has a query without expr`);
      return { panel: panel.title ?? '(untitled)', refId: target.refId ?? '?', expr: target.expr };
    }),
  );
}

/** The series selector inside a `label_values(selector, label)` variable query, as PromQL. */
export function variableSelectors(dashboard: GrafanaDashboard): { name: string; selector: string }[] {
  return dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => {
      const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const match = /^label_values\((.+),\s*[a-zA-Z_]\w*\)$/.exec(query.trim());
      if (!match) throw new Error(`variable ${variable.name}: expected label_values(selector, label), got ${query}`);
      return { name: variable.name, selector: match[1] as string };
    });
}

/**
 * Grafana's substitution: `$name` / `${name}` from `values`, and the interval macros as Grafana
 * would fill them for a short range. An unknown variable is an error, not left in the PromQL.
 */
export function substitute(expr: string, values: Record<string, string>): string {
  const macros: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '1h' };
  return expr.replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
    const value = values[name] ?? macros[name];
    if (value === undefined) throw new Error(`unknown variable $${name} in ${expr}`);
    return value;
  });
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2']);

/**
 * The metric names an expression reads: identifiers that are not functions (followed by "("),
 * keywords, label names (inside {…} or a by/on/… list) or durations (inside […]).
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1] as string;
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

/** A rules file with one recording rule per expression, for `promtool check rules`. */
export function recordingRules(queries: { expr: string }[]): string {
  // JSON is YAML: no quoting rules of our own to get wrong.
  const rules = queries.map((query, index) => ({ record: `dashboard:query_${index}`, expr: query.expr }));
  return JSON.stringify({ groups: [{ name: 'dashboard', rules }] }, null, 2);
}
