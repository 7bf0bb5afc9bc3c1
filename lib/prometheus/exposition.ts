/**
 * The Prometheus text exposition format 0.0.4, written by hand: a dozen lines, and no client
 * library (whose process-wide registry would fight Next's double module evaluation).
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'gauge' | 'counter';
export type Labels = Record<string, string>;

export interface Family {
  name: string;
  help: string;
  type: MetricType;
  samples: { labels: Labels; value: number }[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A family being filled; a series seen twice (same labels) adds up, see `add`. */
export class FamilyBuilder {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly help: string,
  ) {}

  /** Sets a series; null (no figure) leaves it out rather than inventing a value. */
  set(labels: Labels, value: number | null): this {
    if (value !== null) this.series.set(seriesKey(labels), { labels, value });
    return this;
  }

  /**
   * Adds to a series: labels that are not unique in the data (two alert rules sharing a name,
   * say) must still give one series each, as duplicates make a scrape invalid.
   */
  add(labels: Labels, value: number): this {
    const key = seriesKey(labels);
    const existing = this.series.get(key);
    this.series.set(key, { labels, value: (existing?.value ?? 0) + value });
    return this;
  }

  build(): Family {
    return { name: this.name, help: this.help, type: this.type, samples: [...this.series.values()] };
  }
}

/** A new family; the two kinds the exposition writes. */
export const gauge = (name: string, help: string) => new FamilyBuilder(name, 'gauge', help);
export const counter = (name: string, help: string) => new FamilyBuilder(name, 'counter', help);

function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The whole scrape. Names are checked here, so a typo fails a test rather than a scrape. */
export function renderExposition(families: Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!METRIC_NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(`${family.name}${renderLabels(sample.labels)} ${formatValue(sample.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function renderLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  for (const [name] of entries) if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`invalid label name ${name}`);
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
