'use client';

import type { ReactNode } from 'react';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDateTime, formatNumber, formatTick } from '@/lib/browser/format';
import type { ChartRow } from '@/lib/browser/series';
import type { ChartColor, ChartReference, ChartSeries } from './chart-series';

interface TimeChartProps {
  rows: ChartRow[];
  series: ChartSeries[];
  /** The x domain: the range asked for, so an empty stretch shows as empty, not as a zoom. */
  from: number;
  to: number;
  height?: number;
  /** Sparkline: no axes, grid or legend. */
  compact?: boolean;
  unit?: string;
  rightUnit?: string;
  references?: ChartReference[];
  caption?: ReactNode;
  testId?: string;
  label: string;
  /** Clicking the chart picks the instant under the pointer (the x value of the nearest point). */
  onPick?: (ms: number) => void;
  /** An instant marked by a vertical line: the moment being looked at. */
  marker?: number | null;
}

const cssColor = (color: ChartColor) => `var(--chart-${color})`;

/**
 * The one wrapper around Recharts. Animation is off (data changes every second and an animated
 * redraw would always be mid-flight), and nulls are never connected: a gap means no samples.
 */
export function TimeChart({ rows, series, from, to, height = 240, compact = false, unit = '', rightUnit = '', references = [], caption, testId, label, onPick, marker = null }: TimeChartProps) {
  const rangeMs = to - from;
  const hasRight = series.some((s) => s.axis === 'right');
  const unitOf = (key: string) => (series.find((s) => s.key === key)?.axis === 'right' ? rightUnit : unit);
  return (
    // data-last-bucket: the newest bucket drawn, so tests and the bench can see the chart follow the feed.
    <figure className={[compact ? 'chart chart-compact' : 'chart', onPick ? 'chart-pickable' : ''].join(' ').trim()} data-testid={testId} data-last-bucket={rows.at(-1)?.t} aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          onClick={onPick ? (state) => pickedAt(state.activeLabel, onPick) : undefined}
          data={rows}
          margin={compact ? { top: 2, right: 0, bottom: 2, left: 0 } : { top: 8, right: hasRight ? 4 : 16, bottom: 0, left: 0 }}>
          {!compact && <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" vertical={false} />}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            hide={compact}
            tickFormatter={(ms: number) => formatTick(ms, rangeMs)}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            minTickGap={40}
            allowDataOverflow
          />
          <YAxis
            yAxisId="left"
            hide={compact}
            width={48}
            stroke="var(--chart-axis)"
            tick={{ fill: 'var(--muted)', fontSize: 12 }}
            tickFormatter={(v: number) => formatNumber(v, 1)}
            allowDecimals={false}
          />
          {hasRight && (
            <YAxis
              yAxisId="right"
              orientation="right"
              width={40}
              stroke="var(--chart-axis)"
              tick={{ fill: 'var(--muted)', fontSize: 12 }}
              allowDecimals={false}
            />
          )}
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: 'var(--panel-raised)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--fg)' }}
            labelStyle={{ color: 'var(--muted)' }}
            labelFormatter={(ms) => (typeof ms === 'number' ? formatDateTime(ms) : '')}
            formatter={(value, name) => {
              const spec = series.find((s) => s.key === name);
              const text = typeof value === 'number' ? `${formatNumber(value, 2)}${unitOf(String(name)) ? ` ${unitOf(String(name))}` : ''}` : 'no data';
              return [text, spec?.label ?? name];
            }}
          />
          {references.map((ref) => (
            <ReferenceLine
              key={ref.label}
              yAxisId="left"
              y={ref.y}
              stroke={cssColor(ref.color)}
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={compact ? undefined : { value: ref.label, position: 'insideTopLeft', fill: cssColor(ref.color), fontSize: 12 }}
            />
          ))}
          {marker !== null && marker >= from && marker <= to && (
            <ReferenceLine yAxisId="left" x={marker} stroke="var(--warning)" strokeWidth={2} ifOverflow="hidden" />
          )}
          {series.map((s) => renderSeries(s))}
        </ComposedChart>
      </ResponsiveContainer>
      {!compact && (
        <figcaption className="chart-legend">
          {series.map((s) => (
            <span key={s.key} className="legend-item">
              <i className={s.dashed ? 'swatch swatch-dashed' : 'swatch'} style={{ borderColor: cssColor(s.color), background: s.dashed ? 'transparent' : cssColor(s.color) }} />
              {s.label}
            </span>
          ))}
          {caption !== undefined && <span className="chart-caption">{caption}</span>}
        </figcaption>
      )}
    </figure>
  );
}

/** The x value under the pointer (the active tooltip point), when there is one. */
function pickedAt(label: string | number | undefined, onPick: (ms: number) => void): void {
  const ms = Number(label);
  if (label !== undefined && label !== '' && Number.isFinite(ms)) onPick(ms);
}

function renderSeries(s: ChartSeries) {
  const common = { dataKey: s.key, name: s.key, yAxisId: s.axis ?? 'left', isAnimationActive: false } as const;
  if (s.kind === 'area') {
    return (
      <Area
        key={s.key}
        {...common}
        type="linear"
        stackId={s.stackId}
        stroke={cssColor(s.color)}
        fill={cssColor(s.color)}
        fillOpacity={0.35}
        connectNulls={false}
        dot={false}
        activeDot={false}
      />
    );
  }
  if (s.kind === 'bar') return <Bar key={s.key} {...common} fill={cssColor(s.color)} maxBarSize={12} />;
  return (
    <Line
      key={s.key}
      {...common}
      type={s.step ? 'stepAfter' : 'linear'}
      stroke={cssColor(s.color)}
      strokeWidth={s.dashed ? 1.5 : 2}
      strokeDasharray={s.dashed ? '6 4' : undefined}
      connectNulls={false}
      dot={false}
      activeDot={{ r: 3 }}
    />
  );
}
