import 'server-only';
import type { Db } from '../store/db';
import { getIncident } from '../incidents/get';
import { listActionItems } from '../action-items/action-items';
import { renderChartSvg } from './chart-svg';
import { buildPostmortemMarkdown, type PostmortemChart } from './draft';
import { postmortemFigures } from './figures';
import { getPostmortem } from './store';

export const NO_CHART_NOTE = 'No connection data was recorded for this incident.';

export interface PostmortemExport {
  filename: string;
  markdown: string;
}

/**
 * The whole postmortem as Markdown. The chart is embedded as a data URI (VS Code, Obsidian,
 * Typora and most viewers show it inside the file) and linked at `chartUrl` for viewers such as
 * GitHub that strip data URIs.
 */
export async function exportPostmortem(db: Db, incidentId: string, options: { now: Date; chartUrl: string }): Promise<PostmortemExport> {
  const incident = await getIncident(db, incidentId);
  const [sections, actionItems, figures] = await Promise.all([getPostmortem(db, incident.id), listActionItems(db, incident.id), postmortemFigures(db, incident, options.now)]);
  const chart: PostmortemChart = figures.chart
    ? { kind: 'image', src: `data:image/svg+xml;base64,${Buffer.from(renderChartSvg(figures.chart)).toString('base64')}`, standaloneUrl: options.chartUrl }
    : { kind: 'none', note: NO_CHART_NOTE };
  return {
    filename: `INC-${incident.number}-postmortem.md`,
    markdown: buildPostmortemMarkdown({ incident, sections, actionItems, chart, users: figures.users, now: options.now }),
  };
}

/** The standalone chart, or null when the incident has no linked target or no samples in its window. */
export async function incidentChartSvg(db: Db, incidentId: string, now: Date): Promise<string | null> {
  const { chart } = await postmortemFigures(db, await getIncident(db, incidentId), now);
  return chart ? renderChartSvg(chart) : null;
}
