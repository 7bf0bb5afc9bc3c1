import { formatDuration } from '../../format/duration';
import { SLOW_QUERY_SECONDS } from '../../collector/sample-query';
import { appLabel, byApplication, plural, sum } from './holders';
import type { Cause, CauseInput } from './types';

/** From this many queries running SLOW_QUERY_SECONDS or longer, slow queries are named. */
const SLOW_QUERIES_MIN = 3;
/** Query text shown per line: enough to recognise it. */
const QUERY_SHOWN_CHARS = 120;

/** Slow queries: connections held by queries that run long, so a pool under load runs out of them. */
export function slowQueries(input: CauseInput): Cause | null {
  const apps = byApplication(input.sample.applications).filter((app) => app.activeLong > 0);
  const count = sum(apps.map((app) => app.activeLong));
  if (count < SLOW_QUERIES_MIN) return null;
  const longest = Math.max(...apps.map((app) => app.activeMaxSeconds ?? 0));
  return {
    kind: 'slow-queries',
    summary: `${count} queries have been running ${SLOW_QUERY_SECONDS} s or more (the longest ${formatDuration(longest)}), each holding its connection.`,
    evidence: [
      ...apps.map((app) => `${appLabel(app.name)}: ${plural(app.activeLong, 'query', 'queries')} running ${SLOW_QUERY_SECONDS} s or more, the longest ${formatDuration(app.activeMaxSeconds ?? 0)}`),
      ...(input.sample.slowQueries ?? []).map(
        (query) => `${formatDuration(query.seconds)} pid ${query.pid} ${appLabel(query.application)}: ${query.query === null ? '(query text hidden from the monitoring role)' : shorten(query.query)}`,
      ),
    ],
    fix: `Find why these queries are slow (EXPLAIN ANALYZE), and bound them: statement_timeout for the application's role.`,
    connections: count,
  };
}

function shorten(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length > QUERY_SHOWN_CHARS ? `${oneLine.slice(0, QUERY_SHOWN_CHARS)}…` : oneLine;
}
