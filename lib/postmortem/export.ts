import 'server-only';
import type { Db } from '../store/db';
import { incidentPeaks } from '../finding/peak';
import { getIncident } from '../incidents/get';
import type { IncidentView } from '../incidents/types';
import { querySeries } from '../samples/series';
import { listActionItems } from '../action-items/action-items';
import { renderChartSvg, type ChartInput } from './chart-svg';
import { buildPostmortemMarkdown, type PostmortemChart } from './draft';
import { getPostmortem } from './store';

/** Enough points for a 640-pixel chart; the buckets are computed in SQL. */
const CHART_POINTS = 200;
/** Context before and after the incident, as a share of its duration (at least a minute). */
const MARGIN_SHARE = 0.1;
const MIN_MARGIN_MS = 60_000;

export const NO_CHART_NOTE = 'No connection data was recorded for this incident.';

export interface PostmortemExport {
  filename: string;
  markdown: string;
}

/**
 * The whole postmortem as Markdown, with who held the connections at the peak. The chart is embedded as a data URI (VS Code, Obsidian,
 * Typora and most viewers show it inside the file) and linked at `chartUrl` for viewers such as
 * GitHub that strip data URIs.
 */
export async function exportPostmortem(db: Db, incidentId: string, options: { now: Date; chartUrl: string }): Promise<PostmortemExport> {
  const incident = await getIncident(db, incidentId);
  const [sections, actionItems, chartInput, peaks] = await Promise.all([
    getPostmortem(db, incident.id),
    listActionItems(db, incident.id),
    loadChart(db, incident, options.now),
    incidentPeaks(db, incident, options.now),
  ]);
  const chart: PostmortemChart = chartInput
    ? { kind: 'image', src: `data:image/svg+xml;base64,${Buffer.from(renderChartSvg(chartInput)).toString('base64')}`, standaloneUrl: options.chartUrl }
    : { kind: 'none', note: NO_CHART_NOTE };
  return {
    filename: `INC-${incident.number}-postmortem.md`,
    markdown: buildPostmortemMarkdown({ incident, sections, actionItems, chart, peaks, now: options.now }),
  };
}

/** The standalone chart, or null when the incident has no linked target or no samples in its window. */
export async function incidentChartSvg(db: Db, incidentId: string, now: Date): Promise<string | null> {
  const chart = await loadChart(db, await getIncident(db, incidentId), now);
  return chart ? renderChartSvg(chart) : null;
}

/** Connections and the usable limit of the first linked target over the incident window plus margins. */
export async function loadChart(db: Db, incident: IncidentView, now: Date): Promise<ChartInput | null> {
  const target = incident.targets[0];
  if (!target) return null;
  const { from, to } = chartWindow(incident, now);
  const query = { targetId: target.id, from, to, points: CHART_POINTS };
  const [total, usable] = await Promise.all([querySeries(db, { ...query, metric: 'total' }), querySeries(db, { ...query, metric: 'usableConnections' })]);
  if (!total.points.some(([, value]) => value !== null)) return null;
  return {
    title: `${target.name} — connections during INC-${incident.number}`,
    from,
    to,
    total,
    usable,
    startedAt: Date.parse(incident.startedAt),
    resolvedAt: incident.resolvedAt ? Date.parse(incident.resolvedAt) : null,
  };
}

/** [start − margin, end + margin], where an ongoing incident ends now and the window never runs past now. */
export function chartWindow(incident: Pick<IncidentView, 'startedAt' | 'resolvedAt'>, now: Date): { from: number; to: number } {
  const start = Date.parse(incident.startedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const margin = Math.max(MIN_MARGIN_MS, (end - start) * MARGIN_SHARE);
  const from = start - margin;
  return { from, to: Math.max(from + MIN_MARGIN_MS, Math.min(end + margin, now.getTime())) };
}
