import 'server-only';
import type { Db } from '../store/db';
import { sharedRead } from '../store/shared-reads';
import type { MetricName } from './series-metrics';
import { querySeriesTable, type SeriesTable } from './series';

type TableQuery = { targetId: string; metrics: readonly MetricName[]; from: number; to: number; points: number };

/**
 * querySeriesTable for the API, where a crowd asks one question: every open page of a target at
 * the same range asks for the same buckets (a relative range ends on a whole bucket, so pages
 * opened within one bucket send identical from/to), answered by one query (lib/store/shared-reads).
 */
export function sharedSeriesTable(db: Db, query: TableQuery): Promise<SeriesTable> {
  const key = JSON.stringify(['series', query.targetId, query.metrics, query.from, query.to, query.points]);
  return sharedRead(db, key, () => querySeriesTable(db, query));
}
