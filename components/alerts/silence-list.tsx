'use client';

import { DataTable, type Column } from '@/components/ui/data-table';
import { Instant } from '@/components/ui/instant';
import { useAlertRules } from '@/lib/browser/hooks/use-alert-rules';
import { useDeleteSilence, useSilences } from '@/lib/browser/hooks/use-alerts';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { useMayAct } from '@/lib/browser/hooks/use-session';

const COLUMNS: Column[] = [{ label: 'Rule' }, { label: 'Target' }, { label: 'Until' }, { label: 'By' }, { label: 'Reason' }, { label: 'Actions', actions: true }];

/** Silences in force: what is being kept quiet, by whom, why and until when; ending one is one click. */
export function SilenceList() {
  const silences = useSilences();
  const rules = useAlertRules();
  const targets = useTargets();
  const remove = useDeleteSilence();
  const mayEnd = useMayAct('responder');
  const ruleName = new Map((rules.data ?? []).map((r) => [r.id, r.name]));
  const targetName = new Map((targets.data ?? []).map((t) => [t.id, t.name]));

  return (
    <section className="panel" aria-labelledby="silences-title">
      <h2 id="silences-title">Active silences</h2>
      {silences.error && <p className="banner banner-warning">Silences unavailable: {silences.error.message}</p>}
      {remove.error && <p className="banner banner-critical">{remove.error.message}</p>}
      {silences.data?.length === 0 && <p className="muted">Nothing is silenced.</p>}
      {silences.data && silences.data.length > 0 && (
        <DataTable columns={COLUMNS} testId="silence-list" scroll={false}>
          {silences.data.map((s) => (
            <tr key={s.id} data-testid="silence-row">
              <td>{s.ruleId ? (ruleName.get(s.ruleId) ?? s.ruleId) : <span className="muted">every rule</span>}</td>
              <td>{s.targetId ? (targetName.get(s.targetId) ?? s.targetId) : <span className="muted">every target</span>}</td>
              <td>
                <Instant at={s.endsAt} />
              </td>
              <td>{s.createdBy}</td>
              <td className="prewrap">{s.reason || <span className="muted">–</span>}</td>
              <td className="actions">
                {mayEnd && (
                  <button type="button" className="small danger" disabled={remove.isPending} onClick={() => remove.mutate(s.id)}>
                    End silence
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
