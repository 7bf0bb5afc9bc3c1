import type { Point } from '../samples/series';

/**
 * The incident-window chart as a self-contained SVG: no fonts, scripts or styles from outside,
 * so it renders the same as a file, an <img>, or a data URI inside a Markdown export.
 */

export interface ChartSeries {
  /** Bucket width of the series; absent buckets further apart than a few steps are a gap. */
  stepMs: number;
  points: Point[];
}

export interface ChartInput {
  title: string;
  from: number;
  to: number;
  total: ChartSeries;
  usable: ChartSeries;
  /** The worst p95 (ms) the applications reported, on its own axis at the right; absent without reports. */
  latency?: ChartSeries;
  startedAt: number;
  resolvedAt: number | null;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 240;
const PLOT = { left: 44, right: CHART_WIDTH - 64, top: 38, bottom: CHART_HEIGHT - 38 };
const COLOURS = { total: '#2563eb', usable: '#dc2626', latency: '#d97706', marker: '#6b7280', grid: '#e5e7eb', text: '#374151' };
/** A second legend row for the latency line. */
const LATENCY_LEGEND_HEIGHT = 16;
/** A collector paused for a few seconds is not worth a break at a fine step; a longer silence is. */
const MIN_GAP_MS = 15_000;
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * 60_000);

export function renderChartSvg(chart: ChartInput): string {
  // Points outside the window would be drawn over the axis labels.
  const clip = (series: ChartSeries) => ({ ...series, points: series.points.filter(([at]) => at >= chart.from && at <= chart.to) });
  const latency = chart.latency && values(clip(chart.latency)).length > 0 ? clip(chart.latency) : null;
  const input = { ...chart, total: clip(chart.total), usable: clip(chart.usable) };
  const yMax = niceMax(Math.max(1, ...values(input.total), ...values(input.usable)));
  const x = (ms: number) => round(PLOT.left + ((ms - input.from) / Math.max(1, input.to - input.from)) * (PLOT.right - PLOT.left));
  const y = (value: number) => round(PLOT.bottom - (value / yMax) * (PLOT.bottom - PLOT.top));
  const msMax = latency ? niceMax(Math.max(1, ...values(latency))) : 1;
  const yMs = (value: number) => round(PLOT.bottom - (value / msMax) * (PLOT.bottom - PLOT.top));
  const height = CHART_HEIGHT + (latency ? LATENCY_LEGEND_HEIGHT : 0);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>${escapeXml(input.title)}</title>`,
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(PLOT.left, 18, input.title, { size: 13, weight: 'bold' }),
    ...yAxis(yMax, y),
    ...xAxis(input.from, input.to, x),
    ...markers(input, x),
    ...runs(input.usable, x, y, COLOURS.usable, '6 4'),
    ...(latency ? [...latencyAxis(msMax, yMs), ...runs(latency, x, yMs, COLOURS.latency, null)] : []),
    ...runs(input.total, x, y, COLOURS.total, null),
    ...legend(input.usable, y, latency !== null),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

/**
 * Consecutive points drawn as one line: a null value (the target could not be read) or a
 * silence longer than a few buckets starts a new run, so a gap is never drawn as a slope.
 */
export function splitRuns(series: ChartSeries): [number, number][][] {
  const maxGap = Math.max(3 * series.stepMs, MIN_GAP_MS);
  const result: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [at, value] of series.points) {
    const previous = current[current.length - 1];
    if (value === null || (previous && at - previous[0] > maxGap)) {
      if (current.length > 0) result.push(current);
      current = [];
    }
    if (value !== null) current.push([at, value]);
  }
  if (current.length > 0) result.push(current);
  return result;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function runs(series: ChartSeries, x: (ms: number) => number, y: (v: number) => number, colour: string, dash: string | null): string[] {
  const dashAttr = dash ? ` stroke-dasharray="${dash}"` : '';
  return splitRuns(series).map((run) => {
    if (run.length === 1) {
      const [at, value] = run[0] as [number, number];
      return `<circle cx="${x(at)}" cy="${y(value)}" r="2" fill="${colour}"/>`;
    }
    const points = run.map(([at, value]) => `${x(at)},${y(value)}`).join(' ');
    return `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.75" stroke-linejoin="round"${dashAttr}/>`;
  });
}

function yAxis(yMax: number, y: (v: number) => number): string[] {
  const step = yMax / 4;
  const lines: string[] = [];
  for (let value = 0; value <= yMax + step / 2; value += step) {
    lines.push(`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y(value)}" y2="${y(value)}" stroke="${COLOURS.grid}"/>`);
    lines.push(text(PLOT.left - 6, y(value) + 4, formatCount(value), { anchor: 'end' }));
  }
  return lines;
}

function xAxis(from: number, to: number, x: (ms: number) => number): string[] {
  const step = TIME_STEPS_MS.find((candidate) => (to - from) / candidate <= 6) ?? 86_400_000 * Math.ceil((to - from) / 86_400_000 / 6);
  const lines = [`<line x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}" stroke="${COLOURS.text}"/>`];
  for (let at = Math.ceil(from / step) * step; at <= to; at += step) {
    lines.push(`<line x1="${x(at)}" x2="${x(at)}" y1="${PLOT.bottom}" y2="${PLOT.bottom + 4}" stroke="${COLOURS.text}"/>`);
    lines.push(text(x(at), PLOT.bottom + 16, timeLabel(at, step), { anchor: 'middle' }));
  }
  lines.push(text(PLOT.right, PLOT.bottom + 30, `UTC, ${new Date(from).toISOString().slice(0, 10)}`, { anchor: 'end' }));
  return lines;
}

function markers(input: ChartInput, x: (ms: number) => number): string[] {
  const marks: [number, string][] = [[input.startedAt, 'start']];
  if (input.resolvedAt !== null) marks.push([input.resolvedAt, 'resolved']);
  // Labels sit above the plot so the lines never cover them; near the right edge they turn left.
  return marks
    .filter(([at]) => at >= input.from && at <= input.to)
    .flatMap(([at, label]) => {
      const nearEdge = x(at) > PLOT.right - 90;
      return [
        `<line x1="${x(at)}" x2="${x(at)}" y1="${PLOT.top - 10}" y2="${PLOT.bottom}" stroke="${COLOURS.marker}" stroke-dasharray="2 3"/>`,
        text(x(at) + (nearEdge ? -3 : 3), PLOT.top - 3, `${label} ${timeLabel(at, 60_000)}`, { colour: COLOURS.marker, anchor: nearEdge ? 'end' : 'start' }),
      ];
    });
}

/**
 * The latency scale on the right, in the line's colour: connections and milliseconds share the
 * time axis, so the climb of one and the climb of the other can be read together.
 */
function latencyAxis(msMax: number, y: (v: number) => number): string[] {
  const step = msMax / 4;
  const labels: string[] = [];
  for (let value = 0; value <= msMax + step / 2; value += step) labels.push(text(PLOT.right + 4, y(value) + 4, `${formatCount(value)} ms`, { colour: COLOURS.latency }));
  return labels;
}

function legend(usable: ChartSeries, y: (v: number) => number, withLatency: boolean): string[] {
  const last = [...usable.points].reverse().find((point) => point[1] !== null)?.[1] ?? null;
  // Under the axis, left, where neither a long target name nor the lines can run into it.
  const row = PLOT.bottom + 30;
  const lines = [
    `<line x1="${PLOT.left}" x2="${PLOT.left + 16}" y1="${row - 4}" y2="${row - 4}" stroke="${COLOURS.total}" stroke-width="2"/>`,
    text(PLOT.left + 20, row, 'connections'),
    `<line x1="${PLOT.left + 100}" x2="${PLOT.left + 116}" y1="${row - 4}" y2="${row - 4}" stroke="${COLOURS.usable}" stroke-width="2" stroke-dasharray="6 4"/>`,
    text(PLOT.left + 120, row, 'usable connections (max_connections − reserved)'),
  ];
  if (withLatency) {
    const second = row + LATENCY_LEGEND_HEIGHT;
    lines.push(`<line x1="${PLOT.left}" x2="${PLOT.left + 16}" y1="${second - 4}" y2="${second - 4}" stroke="${COLOURS.latency}" stroke-width="2"/>`);
    lines.push(text(PLOT.left + 20, second, 'worst application p95 query latency (ms, right axis)'));
  }
  // With the latency scale on the right, the limit's label goes inside the plot, above its line.
  if (last !== null) {
    lines.push(
      withLatency
        ? text(PLOT.right - 4, y(last) - 4, `usable ${formatCount(last)}`, { colour: COLOURS.usable, anchor: 'end' })
        : text(PLOT.right + 4, y(last) + 4, `usable ${formatCount(last)}`, { colour: COLOURS.usable }),
    );
  }
  return lines;
}

function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'middle' | 'end'; size?: number; weight?: string; colour?: string } = {}): string {
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const size = options.size ? ` font-size="${options.size}"` : '';
  const weight = options.weight ? ` font-weight="${options.weight}"` : '';
  return `<text x="${round(x)}" y="${round(y)}" fill="${options.colour ?? COLOURS.text}"${anchor}${size}${weight}>${escapeXml(content)}</text>`;
}

function timeLabel(at: number, step: number): string {
  const iso = new Date(at).toISOString();
  return step >= 86_400_000 ? iso.slice(5, 10) : iso.slice(11, 16);
}

function values(series: ChartSeries): number[] {
  return series.points.flatMap(([, value]) => (value === null ? [] : [value]));
}

/** The smallest of 1, 2, 2.5, 5 × 10ⁿ, times 4 grid steps, at or above the largest value. */
function niceMax(max: number): number {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  return Math.max(4, step * 4);
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
