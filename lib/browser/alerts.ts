import type { AlertMetric } from '@/lib/alerts/rule-metrics';
import type { AlertView } from '@/lib/alerts/views';
import type { ApplicationBudget } from '@/lib/budget/budget';
import { formatDuration } from '@/lib/format/duration';
import type { Finding, PoolInstance } from '@/lib/finding/types';
import { USAGE_CRITICAL } from './status';

/** Pure helpers over alerts and findings, kept out of components so they are tested alone. */

const SEVERITY_RANK: Record<AlertView['severity'], number> = { critical: 0, warning: 1 };

/**
 * What the banner shouts about: firing and not silenced (a silence is someone saying "we know,
 * quiet"), critical first, then the longest-running first (the cause tends to fire first).
 */
export function bannerAlerts(alerts: readonly AlertView[]): AlertView[] {
  return alerts
    .filter((alert) => alert.state === 'firing' && !alert.silenced)
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Date.parse(a.since) - Date.parse(b.since));
}

/** Alerts about the target's connections: these are answered by the pool finding. */
const POOL_METRICS: ReadonlySet<AlertMetric> = new Set<AlertMetric>(['usagePercent', 'refusing', 'timeToExhaustionSeconds', 'poolWaiting']);

export function hasFinding(alert: Pick<AlertView, 'metric'>): boolean {
  return POOL_METRICS.has(alert.metric);
}

/** The open incident's pool check when the alert joined one, else the target page's finding panel. */
export function findingHref(alert: Pick<AlertView, 'incidentId' | 'targetId'>): string {
  if (alert.incidentId) return `/incidents/${encodeURIComponent(alert.incidentId)}#pool-check`;
  return `/targets/${encodeURIComponent(alert.targetId)}#finding`;
}

/** Worst severity and count of firing, unsilenced alerts per target (overview badges). */
export function firingByTarget(alerts: readonly AlertView[]): Map<string, { count: number; severity: AlertView['severity'] }> {
  const byTarget = new Map<string, { count: number; severity: AlertView['severity'] }>();
  for (const alert of bannerAlerts(alerts)) {
    const seen = byTarget.get(alert.targetId);
    if (!seen) byTarget.set(alert.targetId, { count: 1, severity: alert.severity });
    else byTarget.set(alert.targetId, { count: seen.count + 1, severity: SEVERITY_RANK[alert.severity] < SEVERITY_RANK[seen.severity] ? alert.severity : seen.severity });
  }
  return byTarget;
}

/** Refused connections with figures still read: the server answers Lifeguard but turns others away. */
const REFUSAL_TEXT = /too many clients|remaining connection slots/i;

/** Saturated (≥ 95 % of usable) or refusing: the moment the finding matters. */
export function isSaturated(finding: Pick<Finding, 'usagePercent' | 'error' | 'total'>): boolean {
  if (finding.usagePercent !== null && finding.usagePercent >= USAGE_CRITICAL) return true;
  return finding.error !== null && (finding.total !== null || REFUSAL_TEXT.test(finding.error));
}

/** "14:03:12": the local wall clock to the second, since a climb is minutes long. */
export function formatClockSeconds(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** "climb started at 14:03:12 (7 min ago)"; null when no climb was found. `now` 0: not yet known. */
export function climbSentence(climbStartedAt: string | null | undefined, now: number): string | null {
  if (!climbStartedAt) return null;
  const at = Date.parse(climbStartedAt);
  if (Number.isNaN(at)) return null;
  const ago = now > 0 ? ` (${formatDuration((now - at) / 1000)} ago)` : '';
  return `climb started at ${formatClockSeconds(at)}${ago}`;
}

export function formatPoolMax(poolMax: ApplicationBudget['poolMax']): string {
  return typeof poolMax === 'number' ? String(poolMax) : `${poolMax.min}–${poolMax.max}`;
}

/** "worksmart-web: 6 instances × pool max 50 = 300 > 97 usable". */
export function budgetLine(app: Pick<ApplicationBudget, 'application' | 'explanation'>): string {
  return `${app.application}: ${app.explanation}`;
}

export interface HoldingApplication {
  application: string;
  /** Connections pg_stat_activity shows under this application_name (all client addresses). */
  observed: number;
  /** Its reporting instances, largest holders first. */
  instances: PoolInstance[];
}

/**
 * Who holds the connections: the server's view (application_name) joined with what instances
 * report of their pools, largest first. An application that only reports (not yet seen by the
 * server under that name) still appears: its pool limits are part of the answer.
 */
export function holdingApplications(finding: Pick<Finding, 'topHolders' | 'instances'>): HoldingApplication[] {
  const byName = new Map<string, HoldingApplication>();
  const entry = (application: string) => {
    let found = byName.get(application);
    if (!found) byName.set(application, (found = { application, observed: 0, instances: [] }));
    return found;
  };
  for (const holder of finding.topHolders) entry(holder.name).observed += holder.total;
  for (const instance of finding.instances ?? []) entry(instance.application).instances.push(instance);
  const reported = (app: HoldingApplication) => app.instances.reduce((sum, i) => sum + i.total, 0);
  return [...byName.values()].sort((a, b) => Math.max(b.observed, reported(b)) - Math.max(a.observed, reported(a)) || a.application.localeCompare(b.application));
}

export const SILENCE_DURATIONS = [
  { minutes: 30, label: '30 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
  { minutes: 1440, label: '24 h' },
] as const;

/** An alert's value in its metric's unit. */
export function formatAlertValue(metric: AlertMetric, value: number | null): string {
  if (value === null) return '–';
  const n = Math.round(value * 10) / 10;
  switch (metric) {
    case 'usagePercent':
    case 'errorRate':
      return `${n}%`;
    case 'refusing':
    case 'unreachable':
      return value >= 1 ? 'yes' : 'no';
    case 'timeToExhaustionSeconds':
    case 'oldestXactSeconds':
    case 'poolerMaxWaitSeconds':
      return formatDuration(value);
    case 'p95LatencyMs':
      return `${n} ms`;
    default:
      return String(n);
  }
}

export function formatThreshold(alert: Pick<AlertView, 'metric' | 'threshold' | 'comparator'>): string {
  // A yes/no metric has no threshold worth reading: it fires on "yes".
  if (alert.metric === 'refusing' || alert.metric === 'unreachable') return 'yes';
  return `${alert.comparator === 'below' ? '≤' : '≥'} ${formatAlertValue(alert.metric, alert.threshold)}`;
}
