import 'server-only';
import type { Db } from '../store/db';
import type { AlertRule } from '../generated/prisma/client';
import { badRequest, notFound } from '../http/errors';
import { transaction, type Tx } from '../store/transaction';
import { isUuid } from '../store/values';
import type { Actor } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { announceAlerts } from '../events/channels';
import { metricScope, type AlertMetric } from './rule-metrics';
import { BUILT_IN_EDITABLE, type AlertRuleCreateInput, type AlertRuleUpdateInput, type AlertSeverity } from './schema';

/** An alert rule as the API returns it. */
export interface AlertRuleView {
  id: string;
  name: string;
  builtIn: boolean;
  enabled: boolean;
  metric: AlertMetric;
  scope: 'target' | 'application';
  /** null: every target. */
  targetId: string | null;
  comparator: 'above' | 'below';
  threshold: number;
  forSeconds: number;
  /** Once firing, it resolves only after the condition has been false this long. */
  keepFiringForSeconds: number;
  hysteresis: number;
  severity: AlertSeverity;
  autoIncident: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Only the API and the seed write these columns, each through a validated enum. */
export function toRuleView(row: AlertRule): AlertRuleView {
  return {
    id: row.id,
    name: row.name,
    builtIn: row.builtIn,
    enabled: row.enabled,
    metric: row.metric as AlertMetric,
    scope: row.scope === 'application' ? 'application' : 'target',
    targetId: row.targetId,
    comparator: row.comparator === 'below' ? 'below' : 'above',
    threshold: row.threshold,
    forSeconds: row.forSeconds,
    keepFiringForSeconds: row.keepFiringForSeconds,
    hysteresis: row.hysteresis,
    severity: row.severity === 'critical' ? 'critical' : 'warning',
    autoIncident: row.autoIncident,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const noRule = (id: string) => notFound(`no alert rule with id ${id}`);

export async function listRules(db: Db): Promise<AlertRuleView[]> {
  const rows = await db.alertRule.findMany({ orderBy: [{ builtIn: 'desc' }, { name: 'asc' }, { id: 'asc' }] });
  return rows.map(toRuleView);
}

export async function getRule(db: Db, id: string): Promise<AlertRuleView> {
  const row = isUuid(id) ? await db.alertRule.findUnique({ where: { id } }) : null;
  if (!row) throw noRule(id);
  return toRuleView(row);
}

/** Every change is recorded in the audit log, in the change's own transaction. */
export async function createRule(db: Db, actor: Actor, input: AlertRuleCreateInput): Promise<AlertRuleView> {
  const scope = checkScope(input.metric, input.scope);
  return transaction(db, async (tx) => {
    await assertTarget(tx, input.targetId ?? null);
    const row = await tx.alertRule.create({ data: { ...input, scope, targetId: input.targetId ?? null, builtIn: false } });
    await recordAudit(tx, actor, { action: 'rule.create', subjectType: 'alert_rule', subjectId: row.id, details: { name: row.name, metric: row.metric, threshold: row.threshold } });
    return toRuleView(row);
  });
}

/**
 * Changes a rule. A built-in keeps what makes it the built-in (metric, comparator, name, …);
 * only its tuning may change. A change of what a custom rule watches starts its alerts over,
 * and disabling a rule ends its alerts (quietly: nobody asked to be told about a rule turned off).
 */
export async function updateRule(db: Db, actor: Actor, id: string, input: AlertRuleUpdateInput): Promise<AlertRuleView> {
  return transaction(db, async (tx) => {
    const current = isUuid(id) ? await tx.alertRule.findUnique({ where: { id } }) : null;
    if (!current) throw noRule(id);
    if (current.builtIn) {
      const locked = Object.keys(input).filter((key) => !(BUILT_IN_EDITABLE as readonly string[]).includes(key));
      if (locked.length > 0) throw badRequest(`${locked.join(', ')}: a built-in rule only lets ${BUILT_IN_EDITABLE.join(', ')} change`);
    }
    const metric = input.metric ?? (current.metric as AlertMetric);
    const scope = checkScope(metric, input.scope ?? (input.metric ? undefined : (current.scope as 'target' | 'application')));
    if (input.targetId !== undefined) await assertTarget(tx, input.targetId);
    const row = await tx.alertRule.update({ where: { id }, data: { ...input, scope } });

    const watchesOther = row.metric !== current.metric || row.targetId !== current.targetId || row.comparator !== current.comparator;
    if (watchesOther) await tx.alert.deleteMany({ where: { ruleId: id } });
    else if (!row.enabled && current.enabled) await endAlerts(tx, id);
    if (watchesOther || row.enabled !== current.enabled) await announceAlerts(tx);
    await recordAudit(tx, actor, { action: 'rule.update', subjectType: 'alert_rule', subjectId: id, details: { name: row.name, changed: Object.keys(input) } });
    return toRuleView(row);
  });
}

export async function deleteRule(db: Db, actor: Actor, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const current = isUuid(id) ? await tx.alertRule.findUnique({ where: { id }, select: { builtIn: true, name: true } }) : null;
    if (!current) throw noRule(id);
    if (current.builtIn) throw badRequest(`“${current.name}” is a built-in rule: disable it instead of deleting it`);
    await tx.alertRule.delete({ where: { id } });
    await recordAudit(tx, actor, { action: 'rule.delete', subjectType: 'alert_rule', subjectId: id, details: { name: current.name } });
    await announceAlerts(tx);
  });
}

async function endAlerts(tx: Tx, ruleId: string): Promise<void> {
  const now = new Date();
  await tx.alert.updateMany({ where: { ruleId, state: 'firing' }, data: { state: 'resolved', since: now, resolvedAt: now, falseSince: null, acknowledgedBy: null, acknowledgedAt: null } });
  await tx.alert.updateMany({ where: { ruleId, state: 'pending' }, data: { state: 'inactive', since: now, activeAt: null } });
}

function checkScope(metric: AlertMetric, given: 'target' | 'application' | undefined): 'target' | 'application' {
  const scope = metricScope(metric);
  if (given !== undefined && given !== scope) throw badRequest(`scope: ${metric} is a ${scope}-scope metric, not ${given}`);
  return scope;
}

async function assertTarget(tx: Tx, targetId: string | null): Promise<void> {
  if (targetId === null) return;
  if ((await tx.target.count({ where: { id: targetId } })) === 0) throw badRequest(`targetId: no target with id ${targetId}`);
}
