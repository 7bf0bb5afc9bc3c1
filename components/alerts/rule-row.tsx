'use client';

import { useState, type FormEvent } from 'react';
import { FieldError } from '@/components/ui/field-error';
import type { AlertSeverity } from '@/lib/alerts/choices';
import type { AlertRuleView } from '@/lib/alerts/rules';
import { useDeleteRule, useUpdateRule } from '@/lib/browser/hooks/use-alert-rules';
import { formatDuration } from '@/lib/format/duration';
import { useMayAct } from '@/lib/browser/hooks/use-session';
import { SeveritySelect } from './severity-select';

/** One rule: read at a glance, switched on or off in one click, edited in place. */
export function RuleRow({ rule, targetName }: { rule: AlertRuleView; targetName: string | null }) {
  const update = useUpdateRule();
  const remove = useDeleteRule();
  const [editing, setEditing] = useState(false);
  // Rules are for admins: anyone else sees them without the controls the API would refuse.
  const isAdmin = useMayAct('admin');
  const error = update.error ?? remove.error;
  const relation = rule.comparator === 'below' ? '≤' : '≥';

  return (
    <>
      <tr data-testid="rule-row" data-rule-id={rule.id} data-enabled={String(rule.enabled)} className={rule.enabled ? '' : 'rule-disabled'}>
        <td>
          {rule.name} {rule.builtIn && <span className="chip">built-in</span>}
        </td>
        <td className="mono">{rule.metric}</td>
        <td>{targetName ?? <span className="muted">every target</span>}</td>
        <td className="num">
          {relation} {rule.threshold}
        </td>
        <td className="num">{rule.forSeconds === 0 ? 'at once' : formatDuration(rule.forSeconds)}</td>
        <td className="num">{rule.keepFiringForSeconds === 0 ? <span className="muted">–</span> : formatDuration(rule.keepFiringForSeconds)}</td>
        <td className="num">{rule.hysteresis}</td>
        <td>
          <span className={`badge sev-alert-${rule.severity}`}>{rule.severity}</span>
        </td>
        <td>{rule.autoIncident ? 'opens incident' : <span className="muted">–</span>}</td>
        <td>
          <label className="inline-field">
            <input type="checkbox" checked={rule.enabled} disabled={!isAdmin || update.isPending} onChange={() => update.mutate({ id: rule.id, enabled: !rule.enabled })} aria-label={`${rule.name} enabled`} />
            {rule.enabled ? 'on' : 'off'}
          </label>
        </td>
        <td className="actions">
          {isAdmin && (
            <button type="button" className="small" onClick={() => setEditing(!editing)} aria-expanded={editing}>
              Edit
            </button>
          )}
          {isAdmin && !rule.builtIn && (
            <button type="button" className="small danger" disabled={remove.isPending} onClick={() => window.confirm(`Delete the rule “${rule.name}”?`) && remove.mutate(rule.id)}>
              Delete
            </button>
          )}
        </td>
      </tr>
      {(editing || error) && (
        <tr className="rule-edit-row">
          <td colSpan={11}>
            <FieldError testId="rule-error" block>{error?.message}</FieldError>
            {editing && <RuleEditor rule={rule} pending={update.isPending} onSave={(patch) => update.mutate({ id: rule.id, ...patch }, { onSuccess: () => setEditing(false) })} />}
          </td>
        </tr>
      )}
    </>
  );
}

type Patch = { threshold?: number; forSeconds?: number; keepFiringForSeconds?: number; hysteresis?: number; severity?: AlertSeverity; autoIncident: boolean };

/**
 * Sends what was typed, even when it is wrong: the API's 400 message is the one that says why
 * (a negative duration, say), and it shows above.
 */
function RuleEditor({ rule, pending, onSave }: { rule: AlertRuleView; pending: boolean; onSave: (patch: Patch) => void }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const number = (field: string) => Number(data.get(field));
    const patch: Patch = {
      threshold: number('threshold'),
      forSeconds: number('forSeconds'),
      keepFiringForSeconds: number('keepFiringForSeconds'),
      hysteresis: number('hysteresis'),
      autoIncident: data.get('autoIncident') === 'on',
    };
    // A built-in rule's severity is part of what makes it the built-in; the API refuses a change.
    if (!rule.builtIn) patch.severity = String(data.get('severity')) as Patch['severity'];
    onSave(patch);
  };
  return (
    <form className="inline-edit rule-editor" onSubmit={submit} noValidate data-testid="rule-editor">
      <label className="inline-field">
        Threshold <input name="threshold" type="number" step="any" defaultValue={rule.threshold} />
      </label>
      <label className="inline-field">
        For (s) <input name="forSeconds" type="number" step={1} defaultValue={rule.forSeconds} />
      </label>
      <label className="inline-field" title="Once firing, it resolves only after the condition has been false this long">
        Keep firing for (s) <input name="keepFiringForSeconds" type="number" step={1} defaultValue={rule.keepFiringForSeconds} />
      </label>
      <label className="inline-field">
        Hysteresis <input name="hysteresis" type="number" step="any" defaultValue={rule.hysteresis} />
      </label>
      <label className="inline-field">
        Severity
        <SeveritySelect defaultValue={rule.severity} disabled={rule.builtIn} />
      </label>
      <label className="inline-field">
        <input type="checkbox" name="autoIncident" defaultChecked={rule.autoIncident} /> opens an incident
      </label>
      <button type="submit" className="small primary" disabled={pending}>
        Save
      </button>
    </form>
  );
}
