'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { FormActions } from '@/components/ui/form-actions';
import { TextField } from '@/components/ui/text-field';
import { ALERT_METRICS, metricScope, type AlertMetric } from '@/lib/alerts/rule-metrics';
import { COMPARATORS } from '@/lib/alerts/choices';
import { useCreateRule } from '@/lib/browser/hooks/use-alert-rules';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { checkWith } from '@/lib/browser/lazy-schema';
import { SeveritySelect } from './severity-select';

/** What the metric counts, so the threshold field means something to whoever fills it in. */
export const METRIC_UNITS: Record<AlertMetric, string> = {
  usagePercent: '% of usable connections',
  refusing: '1 = refusing new connections',
  unreachable: '1 = unreachable',
  timeToExhaustionSeconds: 'seconds until the limit',
  waiting: 'sessions waiting on locks',
  oldestXactSeconds: 'seconds the oldest transaction is open',
  poolWaiting: 'clients waiting in an application pool',
  p95LatencyMs: 'ms, p95 query latency of an application',
  errorRate: '% of an application’s queries failing',
  poolerWaiting: 'clients waiting in PgBouncer (pgbouncer targets)',
  poolerMaxWaitSeconds: 'seconds the oldest PgBouncer client waits (pgbouncer targets)',
};

/** A custom rule: checked with the API's own schema first, then the API's answer shown as it is. */
export function RuleCreateForm() {
  const mayAct = useMayAct('admin');
  const create = useCreateRule();
  const targets = useTargets();
  const [metric, setMetric] = useState<AlertMetric>('usagePercent');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const number = (field: string) => (String(data.get(field) ?? '').trim() === '' ? undefined : Number(data.get(field)));
    const targetId = String(data.get('targetId') ?? '');
    const parsed = await checkWith(() => import('@/lib/alerts/schema').then((m) => m.alertRuleCreateSchema), {
      name: String(data.get('name') ?? ''),
      metric,
      targetId: targetId === '' ? null : targetId,
      comparator: String(data.get('comparator')),
      threshold: number('threshold'),
      forSeconds: number('forSeconds'),
      keepFiringForSeconds: number('keepFiringForSeconds'),
      hysteresis: number('hysteresis'),
      severity: String(data.get('severity')),
      autoIncident: data.get('autoIncident') === 'on',
    });
    if (parsed.error !== undefined) return setError(parsed.issues.map((i) => i.message).join('; '));
    setError(null);
    create.mutate(parsed.data, { onSuccess: () => form.reset(), onError: (e) => setError(e.message) });
  };

  // Rules are for admins; anyone else would be refused.
  if (!mayAct) return null;
  return (
    <section className="panel add-target" aria-labelledby="new-rule-title">
      <h2 id="new-rule-title">New rule</h2>
      <form onSubmit={submit} noValidate data-testid="rule-create-form" className="rule-form">
        <TextField id="rule-name" label="Name" name="name" autoComplete="off" maxLength={120} />
        <div className="field">
          <label htmlFor="rule-metric">Metric</label>
          <select id="rule-metric" name="metric" value={metric} onChange={(e) => setMetric(e.target.value as AlertMetric)}>
            {ALERT_METRICS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <span className="field-hint">
            {METRIC_UNITS[metric]} · {metricScope(metric) === 'application' ? 'per application' : 'per target'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="rule-target">Target</label>
          <select id="rule-target" name="targetId" defaultValue="">
            <option value="">Every target</option>
            {targets.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div className="rule-form-row">
          <label className="field">
            Fires when
            <select name="comparator" defaultValue="above">
              {COMPARATORS.map((c) => (
                <option key={c} value={c}>
                  {c === 'above' ? '≥ (above)' : '≤ (below)'}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            Threshold
            <input name="threshold" type="number" step="any" inputMode="decimal" />
          </label>
          <label className="field">
            For (seconds)
            <input name="forSeconds" type="number" min={0} step={1} defaultValue={0} />
          </label>
          <label className="field" title="Once firing, it resolves only after the condition has been false this long">
            Keep firing for (seconds)
            <input name="keepFiringForSeconds" type="number" min={0} step={1} defaultValue={0} />
          </label>
          <label className="field">
            Hysteresis
            <input name="hysteresis" type="number" min={0} step="any" defaultValue={0} />
          </label>
          <label className="field">
            Severity
            <SeveritySelect defaultValue="warning" />
          </label>
        </div>
        <label className="inline-field">
          <input type="checkbox" name="autoIncident" /> Open an incident when it fires
        </label>
        <FormActions submit="Create rule" pending={create.isPending}>
          <FieldError testId="rule-error">{error}</FieldError>
        </FormActions>
      </form>
    </section>
  );
}
