import type { ApplicationMetric } from '@/lib/applications/metrics';
import type { AlertListQuery } from '@/lib/alerts/schema';
import type { MetricName } from '@/lib/samples/series-metrics';
import type { IncidentFilters } from './incident-filters';
import type { TimeRange } from './time-range';

/**
 * Every query key in one place, shaped [resource, params]. Keys hold what was asked for (a range
 * like "last 1h"), never the instants it resolved to: the live feed refreshes data by
 * invalidating, not by minting new keys every second.
 */
export const queryKeys = {
  targets: () => ['targets'] as const,
  /** A target with its settings (allowDrills, allowRemediation): GET /api/targets/{id}. */
  target: (id: string) => ['targets', id] as const,
  snapshots: () => ['snapshots'] as const,
  snapshot: (targetId: string) => ['snapshot', targetId] as const,
  /** A past moment of a target (time travel): not under 'snapshot', so pushed samples leave it alone. */
  snapshotAt: (targetId: string, at: number) => ['snapshot-at', targetId, at] as const,
  /** Who held the connections at an incident's peak. */
  incidentPeak: (incidentId: string) => ['incident-peak', incidentId] as const,
  seriesOfTarget: (targetId: string) => ['series', targetId] as const,
  series: (targetId: string, params: { metrics: readonly MetricName[]; range: TimeRange; points: number }) => ['series', targetId, params] as const,
  /** A PgBouncer target's pools: under the target's series prefix, so pushed samples refresh them too. */
  poolSeries: (targetId: string, params: { pools: true; range: TimeRange; points: number }) => ['series', targetId, params] as const,
  /** Every incident list, whatever its filters (a prefix for invalidation). */
  incidentLists: () => ['incidents'] as const,
  incidents: (filters: IncidentFilters) => ['incidents', filters] as const,
  incident: (id: string) => ['incident', id] as const,
  /** The Slack receivers an incident's updates can be posted to (GET /api/incident-channels). */
  incidentChannels: () => ['incident-channels'] as const,
  /** The findings of an incident's linked targets (GET /api/incidents/{id}/pool-evidence). */
  incidentFindings: (incidentId: string) => ['incident-findings', incidentId] as const,
  postmortem: (incidentId: string) => ['postmortem', incidentId] as const,
  postmortemMarkdown: (incidentId: string) => ['postmortem-markdown', incidentId] as const,
  /** Every action-item list: one incident's, or the open ones across incidents. */
  actionItemLists: () => ['action-items'] as const,
  actionItems: (params: { incidentId: string } | { open: true }) => ['action-items', params] as const,
  templateLists: () => ['checklist-templates'] as const,
  templates: (params: { archived: boolean }) => ['checklist-templates', params] as const,
  /** Every alert list, whatever its state filter or target (a prefix for invalidation). */
  alertLists: () => ['alerts'] as const,
  alerts: (params: AlertListQuery) => ['alerts', params] as const,
  alertRules: () => ['alert-rules'] as const,
  silences: () => ['silences'] as const,
  receivers: () => ['receivers'] as const,
  deliveries: (receiverId: string) => ['deliveries', receiverId] as const,
  /** A target's finding (GET /api/targets/{id}/finding). */
  finding: (targetId: string) => ['finding', targetId] as const,
  budget: (targetId: string) => ['budget', targetId] as const,
  drills: (targetId: string) => ['drills', targetId] as const,
  /** Every application list, whatever its range or target (a prefix for invalidation). */
  applicationLists: () => ['applications'] as const,
  applications: (params: { targetId?: string; range: TimeRange }) => ['applications', params] as const,
  /** An application's series, whatever the metric or range: pushed reports of it refresh them. */
  applicationSeriesOf: (name: string) => ['application-series', name] as const,
  applicationSeries: (name: string, params: { metric: ApplicationMetric; range: TimeRange; points: number }) => ['application-series', name, params] as const,
  users: () => ['users'] as const,
  tokens: () => ['tokens'] as const,
  audit: () => ['audit'] as const,
  /** Who this browser is signed in as (GET /api/session): its role decides what the page offers. */
  session: () => ['session'] as const,
};
