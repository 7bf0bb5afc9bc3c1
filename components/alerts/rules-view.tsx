'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { useAlertRules } from '@/lib/browser/hooks/use-alert-rules';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { RuleCreateForm } from './rule-create-form';
import { RuleRow } from './rule-row';

const COLUMNS: Column[] = [
  { label: 'Rule' },
  { label: 'Metric' },
  { label: 'Target' },
  { label: 'Threshold', num: true },
  { label: 'For', num: true },
  { label: 'Keep firing', num: true, title: 'Once firing, it resolves only after the condition has been false this long' },
  { label: 'Hysteresis', num: true },
  { label: 'Severity' },
  { label: 'Incident' },
  { label: 'Enabled' },
  { label: 'Actions', actions: true },
];

/** Every rule, built-in first (as the API lists them), and the form for a custom one. */
export function RulesView() {
  const rules = useAlertRules();
  const targets = useTargets();
  const targetName = new Map((targets.data ?? []).map((t) => [t.id, t.name]));
  return (
    <>
      <section className="panel panel-wide">
        {rules.isPending && <p className="muted">Loading rules…</p>}
        {rules.error && <p className="banner banner-critical">Cannot load rules: {rules.error.message}</p>}
        {rules.data && (
          <DataTable columns={COLUMNS} testId="rules-table">
            {rules.data.map((rule) => (
              <RuleRow key={rule.id} rule={rule} targetName={rule.targetId ? (targetName.get(rule.targetId) ?? rule.targetId) : null} />
            ))}
          </DataTable>
        )}
      </section>
      <RuleCreateForm />
    </>
  );
}
