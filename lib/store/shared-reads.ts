import 'server-only';
import type { Db } from './db';

/** Per store client (tests run several): the reads being answered now, by question. */
const inFlight = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * A read that a crowd asks at once is asked of the store once: every open page of a target asks
 * the same questions at the same moments (on a pushed sample, on the same polling period), and a
 * question already being answered is not asked again — later callers share the answer in flight.
 * Nothing is kept once answered, so an answer is never older than a read that started after the
 * caller asked. `key` must name everything the answer depends on.
 */
export function sharedRead<T>(db: Db, key: string, read: () => Promise<T>): Promise<T> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  const asked = running.get(key);
  if (asked) return asked as Promise<T>;
  const answer = read().finally(() => running.delete(key));
  running.set(key, answer);
  return answer;
}
