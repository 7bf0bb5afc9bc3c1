import 'server-only';
import type { Db } from '../store/db';
import type { MetricName } from './series-metrics';
import { querySeriesTable, type SeriesTable } from './series';

type TableQuery = { targetId: string; metrics: readonly MetricName[]; from: number; to: number; points: number };

/** Per store client (tests run several): the table queries being answered now, by question. */
const inFlight = new WeakMap<Db, Map<string, Promise<SeriesTable>>>();

/**
 * querySeriesTable for the API, where a crowd asks one question: every open page of a target at
 * the same range asks for the same buckets (a relative range ends on a whole bucket, so pages
 * opened within one bucket send identical from/to). A question already being answered is not
 * asked again: the later callers share the answer in flight. Nothing is kept once answered, so
 * an answer is never older than a query that started after the caller asked.
 */
export function sharedSeriesTable(db: Db, query: TableQuery): Promise<SeriesTable> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  const key = JSON.stringify([query.targetId, query.metrics, query.from, query.to, query.points]);
  const asked = running.get(key);
  if (asked) return asked;
  const answer = querySeriesTable(db, query).finally(() => running.delete(key));
  running.set(key, answer);
  return answer;
}
