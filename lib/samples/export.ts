import 'server-only';
import type { Db } from '../store/db';
import type { MetricName } from './series-metrics';
import type { ExportQuery } from './series-params';
import { querySeriesTable } from './series';

/** The export's columns after `time`, each the series metric it is bucketed as. */
export const EXPORT_COLUMNS = {
  total: 'total',
  active: 'active',
  idle: 'idle',
  idle_in_transaction: 'idleInTransaction',
  idle_in_transaction_aborted: 'idleInTransactionAborted',
  waiting: 'waiting',
  max_connections: 'maxConnections',
  usable: 'usableConnections',
  probe_latency_ms: 'probeLatencyMs',
  errors: 'errors',
} as const satisfies Record<string, MetricName>;

export type ExportColumn = keyof typeof EXPORT_COLUMNS;
const COLUMNS = Object.keys(EXPORT_COLUMNS) as ExportColumn[];

/** One bucket: its start (ISO 8601) and every column; null where the samples had no figure. */
export type ExportRow = { time: string } & Record<ExportColumn, number | null>;

export interface SeriesExport {
  target: { id: string; name: string };
  from: string;
  to: string;
  stepMs: number;
  columns: ['time', ...ExportColumn[]];
  rows: ExportRow[];
}

/**
 * A target's connection series over a range, every column bucketed as the charts bucket them
 * (the bucket's maximum for counts and latency, the count of error samples for `errors`), in
 * one query. A bucket without samples is absent, as in the series.
 */
export async function exportSeries(db: Db, target: { id: string; name: string }, query: Omit<ExportQuery, 'format'>): Promise<SeriesExport> {
  const table = await querySeriesTable(db, { targetId: target.id, metrics: COLUMNS.map((column) => EXPORT_COLUMNS[column]), ...query });
  return {
    target: { id: target.id, name: target.name },
    from: new Date(table.from).toISOString(),
    to: new Date(table.to).toISOString(),
    stepMs: table.stepMs,
    columns: ['time', ...COLUMNS],
    rows: table.rows.map(([at, ...values]) => {
      const row = { time: new Date(at).toISOString() } as ExportRow;
      COLUMNS.forEach((column, i) => (row[column] = values[i] ?? null));
      return row;
    }),
  };
}

/** RFC 4180: a header line, then one line per bucket; an empty field for null. Every field is a number or a time, so none needs quoting. */
export function toCsv(data: SeriesExport): string {
  const lines = [data.columns.join(',')];
  for (const row of data.rows) lines.push(data.columns.map((column) => (row[column] === null ? '' : String(row[column]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A download name that is safe in a Content-Disposition header whatever the target is called. */
export function exportFilename(data: SeriesExport, format: 'csv' | 'json'): string {
  const name = data.target.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  const stamp = (iso: string) => iso.replace(/[:.]/g, '').replace(/-/g, '');
  return `lifeguard-${name}-${stamp(data.from)}-${stamp(data.to)}.${format}`;
}
