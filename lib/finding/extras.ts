import 'server-only';
import { reportsForTarget } from '../budget/budget';
import { targetBudget } from '../budget/query';
import type { Db } from '../store/db';
import { querySeries } from '../samples/series';
import type { Snapshot } from '../samples/types';
import { classifyCauses } from './causes/classify';
import { climbStartedAt } from './climb';
import { instanceReports, normalNewBackendsPerSec } from './reports';
import type { Finding, PoolInstance } from './types';

/** The window in which the climb is looked for, and its resolution (1 s buckets of max(total)). */
const CLIMB_WINDOW_MS = 30 * 60 * 1000;
const CLIMB_POINTS = 1800;

/**
 * The parts of the finding beyond the latest sample: the budget arithmetic, when the climb
 * began, each reporting instance's pool, and the causes. All read from what is already stored.
 */
export async function findingExtras(
  db: Db,
  target: { id: string; name: string },
  snapshot: Snapshot | null,
  now = new Date(),
): Promise<Pick<Finding, 'budget' | 'climbStartedAt' | 'instances' | 'causes'>> {
  const [budget, series, reports, normal] = await Promise.all([
    targetBudget(db, target.id, now),
    querySeries(db, { targetId: target.id, metric: 'total', from: now.getTime() - CLIMB_WINDOW_MS, to: now.getTime() + 1, points: CLIMB_POINTS }),
    instanceReports(db, target.name, now, true),
    snapshot ? normalNewBackendsPerSec(db, target.id, new Date(snapshot.at)) : null,
  ]);
  const holders = (snapshot?.applications ?? []).map((holder) => ({ name: holder.name, total: holder.total }));
  const mine = new Set(reportsForTarget({ targetName: target.name, holders, reports }).map((row) => `${row.application}\u0000${row.instance}`));
  const instances: PoolInstance[] = reports
    .filter((row) => mine.has(`${row.application}\u0000${row.instance}`))
    .map((row) => ({ application: row.application, instance: row.instance, poolMax: row.poolMax, total: row.total, idle: row.idle, waiting: row.waiting, at: row.at.toISOString() }))
    .sort((a, b) => b.total - a.total || a.application.localeCompare(b.application) || a.instance.localeCompare(b.instance, 'en', { numeric: true }));
  const points = series.points.flatMap(([at, value]) => (value === null ? [] : [{ at, value }]));
  const climb = climbStartedAt(points);
  return {
    budget: {
      usable: budget.usable,
      limitLabel: budget.limitLabel,
      committed: budget.committed,
      overCommitted: budget.overCommitted,
      applications: budget.applications,
      explanation: budget.explanation,
      poolers: budget.poolers,
    },
    climbStartedAt: climb === null ? null : new Date(climb).toISOString(),
    instances,
    causes: snapshot ? classifyCauses({ targetName: target.name, sample: snapshot, reports, normalNewBackendsPerSec: normal }) : [],
  };
}
