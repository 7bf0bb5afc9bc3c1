import type { SessionAction, SessionFilter } from './schema';

/**
 * The sentence the incident timeline and the audit log record:
 * "terminated 42 idle sessions of worksmart-web older than 30 s on production — by Ada".
 * `count` is what PostgreSQL reported signalled, not what the dry run showed.
 */
export function describeRemediation(action: SessionAction, filter: SessionFilter, count: number, targetName: string, by: string): string {
  const verb = action === 'terminate' ? 'terminated' : 'cancelled the queries of';
  const sessions = `${count}${filter.state ? ` ${filter.state}` : ''} ${count === 1 ? 'session' : 'sessions'}`;
  const parts = [`${verb} ${sessions}`];
  if (filter.application !== undefined) parts.push(`of ${filter.application === '' ? '(no application_name)' : filter.application}`);
  if (filter.clientAddr !== undefined) parts.push(`from ${filter.clientAddr}`);
  if (filter.minAgeSeconds !== undefined && filter.minAgeSeconds > 0) parts.push(`older than ${formatSeconds(filter.minAgeSeconds)}`);
  parts.push(`on ${targetName} — by ${by}`);
  return parts.join(' ');
}

function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
