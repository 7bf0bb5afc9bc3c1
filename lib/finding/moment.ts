import 'server-only';
import { snapshotAt } from '../samples/snapshot';
import type { Snapshot } from '../samples/types';
import type { Db } from '../store/db';
import { classifyCauses } from './causes/classify';
import type { Cause } from './causes/types';
import { instanceReports, normalNewBackendsPerSec } from './reports';
import type { SnapshotWithCauses } from './types';

/**
 * Time travel: the sample of a target at or before `at`, with the causes as they stood then —
 * read from that sample and the pool reports of its time, so a past moment reads as it did live.
 * Null when no sample that old is kept.
 */
export async function snapshotWithCauses(db: Db, target: { id: string; name: string }, at: Date): Promise<SnapshotWithCauses | null> {
  const snapshot = await snapshotAt(db, target.id, at);
  if (!snapshot) return null;
  return { ...snapshot, causes: await causesAt(db, target, snapshot) };
}

/** The causes of a stored sample, with the reports that were fresh when it was taken. */
export async function causesAt(db: Db, target: { id: string; name: string }, snapshot: Snapshot): Promise<Cause[]> {
  const sampledAt = new Date(snapshot.at);
  const [reports, normal] = await Promise.all([instanceReports(db, target.name, sampledAt, false), normalNewBackendsPerSec(db, target.id, sampledAt)]);
  return classifyCauses({ targetName: target.name, sample: snapshot, reports, normalNewBackendsPerSec: normal });
}
