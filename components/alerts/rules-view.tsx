'use client';

import { useAlertRules } from '@/lib/browser/hooks/use-alert-rules';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { RuleCreateForm } from './rule-create-form';
import { RuleRow } from './rule-row';

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
          <div className="table-scroll">
            <table data-testid="rules-table">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Metric</th>
                  <th scope="col">Target</th>
                  <th scope="col" className="num">Threshold</th>
                  <th scope="col" className="num">For</th>
                  <th scope="col" className="num" title="Once firing, it resolves only after the condition has been false this long">
                    Keep firing
                  </th>
                  <th scope="col" className="num">Hysteresis</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Incident</th>
                  <th scope="col">Enabled</th>
                  <th scope="col" className="actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.data.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} targetName={rule.targetId ? (targetName.get(rule.targetId) ?? rule.targetId) : null} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <RuleCreateForm />
    </>
  );
}
