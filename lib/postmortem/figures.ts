import 'server-only';
import type { Db } from '../store/db';
import { listApplications } from '../applications/list';
import { queryApplicationSeries } from '../applications/series';
import { getIncident } from '../incidents/get';
import type { IncidentView } from '../incidents/types';
import { querySeries } from '../samples/series';
import type { ChartInput } from './chart-svg';
import { userImpact, worstSeries, type ApplicationSeriesSet, type UserImpact } from './user-impact';
import { chartWindow } from './window';

/** Enough points for a 640-pixel chart; the buckets are computed in SQL. */
const CHART_POINTS = 200;
/** Incidents copied per maintenance turn, so a first run over years of incidents is spread out. */
const FREEZE_BATCH = 20;

/** What the postmortem shows from the time series: the chart of the incident window and what users met. */
export interface PostmortemFigures {
  chart: ChartInput | null;
  users: UserImpact | null;
}

/**
 * The postmortem's figures: its own copy when one was taken for the incident's current times
 * (retention may have pruned the series since), otherwise computed from the series now.
 */
export async function postmortemFigures(db: Db, incident: IncidentView, now: Date): Promise<PostmortemFigures> {
  const copy = await db.postmortemFigures.findUnique({ where: { incidentId: incident.id } });
  if (copy && incident.resolvedAt && copy.startedAt.toISOString() === incident.startedAt && copy.resolvedAt.toISOString() === incident.resolvedAt) {
    return copy.figures as unknown as PostmortemFigures;
  }
  return computeFigures(db, incident, now);
}

/**
 * Connections and the usable limit of the first linked target over the incident window plus
 * margins, beside the worst p95 of the applications reporting for the incident's targets; and
 * the peaks those applications' users met between the incident's start and its end.
 */
export async function computeFigures(db: Db, incident: IncidentView, now: Date): Promise<PostmortemFigures> {
  const { from, to } = chartWindow(incident, now);
  const start = Date.parse(incident.startedAt);
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const applications = await applicationsOf(db, incident, from, to);
  const series = await Promise.all(applications.map((application) => applicationSeries(db, application, from, to)));
  const users = userImpact(series, start, end);
  const target = incident.targets[0];
  if (!target) return { chart: null, users };
  const query = { targetId: target.id, from, to, points: CHART_POINTS };
  const [total, usable] = await Promise.all([querySeries(db, { ...query, metric: 'total' }), querySeries(db, { ...query, metric: 'usableConnections' })]);
  if (!total.points.some(([, value]) => value !== null)) return { chart: null, users };
  const worst = worstSeries(series.map((set) => set.p95Ms));
  const chart: ChartInput = {
    title: `${target.name} — connections during INC-${incident.number}`,
    from,
    to,
    total: { stepMs: total.stepMs, points: total.points },
    usable: { stepMs: usable.stepMs, points: usable.points },
    ...(worst.some(([, value]) => value !== null) ? { latency: { stepMs: series[0]?.stepMs ?? total.stepMs, points: worst } } : {}),
    startedAt: start,
    resolvedAt: incident.resolvedAt ? Date.parse(incident.resolvedAt) : null,
  };
  return { chart, users };
}

/**
 * Copies the figures of resolved incidents whose chart window has closed and that have no copy
 * for their current times. Run by the maintenance job before it prunes: retention keeps those
 * incidents' windows until this has run (lib/retention/keep.ts). Returns the incidents copied.
 */
export async function freezeClosedIncidents(db: Db, now: Date, limit = FREEZE_BATCH): Promise<number> {
  // The margin after the resolve time is chartWindow's: 10 % of the duration, at least a minute.
  const due = await db.$queryRaw<{ id: string }[]>`
    SELECT i.id FROM incidents i LEFT JOIN postmortem_figures f ON f.incident_id = i.id
    WHERE i.resolved_at IS NOT NULL
      AND i.resolved_at + greatest(interval '1 minute', (i.resolved_at - i.started_at) * 0.1) <= ${now}::timestamptz
      AND (f.incident_id IS NULL OR f.started_at <> i.started_at OR f.resolved_at <> i.resolved_at)
    ORDER BY i.resolved_at LIMIT ${limit}::int`;
  for (const { id } of due) {
    const incident = await getIncident(db, id);
    if (!incident.resolvedAt) continue;
    const figures = JSON.stringify(await computeFigures(db, incident, now));
    // One statement, so two replicas copying the same incident at once both succeed.
    await db.$executeRaw`
      INSERT INTO postmortem_figures (incident_id, started_at, resolved_at, figures, created_at)
      VALUES (${id}::uuid, ${new Date(incident.startedAt)}, ${new Date(incident.resolvedAt)}, ${figures}::jsonb, ${now})
      ON CONFLICT (incident_id) DO UPDATE SET started_at = EXCLUDED.started_at, resolved_at = EXCLUDED.resolved_at, figures = EXCLUDED.figures, created_at = EXCLUDED.created_at`;
  }
  return due.length;
}

/** The applications that reported for any of the incident's targets in the window. */
async function applicationsOf(db: Db, incident: IncidentView, from: number, to: number): Promise<string[]> {
  const lists = await Promise.all(incident.targets.map((target) => listApplications(db, { from, to, targetId: target.id })));
  return [...new Set(lists.flat().map((app) => app.name))].sort();
}

async function applicationSeries(db: Db, application: string, from: number, to: number): Promise<ApplicationSeriesSet> {
  const query = { application, from, to, points: CHART_POINTS };
  const [p95Ms, errorRate, refusals] = await Promise.all([
    queryApplicationSeries(db, { ...query, metric: 'p95Ms' }),
    queryApplicationSeries(db, { ...query, metric: 'errorRate' }),
    queryApplicationSeries(db, { ...query, metric: 'refusals' }),
  ]);
  return { application, stepMs: p95Ms.stepMs, p95Ms: p95Ms.points, errorRate: errorRate.points, refusals: refusals.points };
}
