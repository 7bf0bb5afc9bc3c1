/*
 * What a chart draws, without Recharts: pages describe their series with these while Recharts
 * itself arrives in its own chunk once a chart is drawn (lazy-time-chart.tsx).
 */

/** A CSS custom property from globals.css, e.g. "active" → var(--chart-active): the theme owns colours. */
export type ChartColor =
  | 'active' | 'idle' | 'idle-tx' | 'idle-tx-aborted' | 'waiting' | 'total' | 'limit' | 'max' | 'latency' | 'connect' | 'rollbacks' | 'deadlocks' | 'errors'
  | 'p50' | 'p95' | 'p99'
  /** One per application where several share a chart (APPLICATION_COLORS). */
  | 'app-1' | 'app-2' | 'app-3' | 'app-4' | 'app-5' | 'app-6';

/** Colours for applications side by side, in order; the seventh reuses the first. */
export const APPLICATION_COLORS: ChartColor[] = ['app-1', 'app-2', 'app-3', 'app-4', 'app-5', 'app-6'];

export interface ChartSeries {
  key: string;
  label: string;
  color: ChartColor;
  kind: 'area' | 'line' | 'bar';
  /** Areas with the same stack id pile up (connections by state add up to the total). */
  stackId?: string;
  axis?: 'left' | 'right';
  dashed?: boolean;
  /** Step lines for figures that change in jumps, like max_connections. */
  step?: boolean;
}

export interface ChartReference {
  y: number;
  label: string;
  color: ChartColor;
}
