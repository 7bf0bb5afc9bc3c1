import 'server-only';
import type { AllowanceAnswer } from 'pg-lifeguard';
import type { Db } from '@/lib/store/db';
import { loadTargetFigures, targetByName } from './figures';
import { allowancesOf } from './query';
import type { AllowanceQuery } from './schema';

/** What GET /api/applications/{name}/allowance answers: the package's AllowanceAnswer, with the available connections beside the reserve. */
export type InstanceAllowance = AllowanceAnswer & { available: number | null; headroomPercent: number };

/**
 * One instance's allowance on a target (what a guarded pool keeps to). The asking instance counts
 * among the live ones even before its first report has landed, with the pool max it gives; a
 * pool max it gives overrides the one of its last report (the application was reconfigured).
 */
export async function instanceAllowance(db: Db, query: AllowanceQuery, now = new Date()): Promise<InstanceAllowance> {
  const target = await targetByName(db, query.target);
  const figures = await loadTargetFigures(db, target, now);
  const reported = figures.reports.find((report) => report.application === query.application && report.instance === query.instance);
  const poolMax = query.poolMax ?? reported?.poolMax;
  const allowances = allowancesOf(figures, poolMax === undefined ? undefined : { application: query.application, instance: query.instance, poolMax });
  const mine = allowances.applications.find((app) => app.application === query.application);
  const base = {
    application: query.application,
    instance: query.instance,
    target: target.name,
    usable: allowances.usable,
    reserve: allowances.reserve?.total ?? 0,
    available: allowances.available,
    headroomPercent: figures.policy.headroomPercent,
  };
  if (!mine) {
    return {
      ...base,
      maxPerInstance: null,
      instances: 0,
      arithmetic: `no report of ${query.application} instance ${query.instance} for ${target.name} in the last 2 minutes, and no poolMax given: no allowance`,
    };
  }
  return {
    ...base,
    maxPerInstance: mine.maxPerInstance,
    instances: mine.instances,
    arithmetic: mine.maxPerInstance === null ? allowances.arithmetic : `${allowances.arithmetic}; ${mine.arithmetic}`,
  };
}
