'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { incidentCreateSchema, INCIDENT_SEVERITIES, INCIDENT_SEVERITY_MEANINGS } from '@/lib/incidents/schema';
import { useCreateIncident } from '@/lib/browser/hooks/use-incidents';
import { useTargets } from '@/lib/browser/hooks/use-targets';
import { useTemplates } from '@/lib/browser/hooks/use-templates';
import { withPerson } from '@/lib/browser/person';

type Field = 'title' | 'severity' | 'impact' | 'targetIds' | 'templateId';

/**
 * Declaring must take seconds: title and severity are all it needs. Validated with the API's own
 * schema; the rest (impact, targets, a template other than the default) is optional.
 */
export function DeclareIncidentForm({ targetId, onDone }: { targetId?: string; onDone: () => void }) {
  const router = useRouter();
  const create = useCreateIncident();
  const targets = useTargets();
  const templates = useTemplates();
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const templateId = String(data.get('templateId') ?? '');
    const impact = String(data.get('impact') ?? '').trim();
    const input = {
      title: String(data.get('title') ?? ''),
      severity: String(data.get('severity') ?? ''),
      impact: impact || undefined,
      targetIds: data.getAll('targetIds').map(String),
      templateId: templateId || undefined,
    };
    // Checked without `by` first, so field errors show before anyone is asked for a name.
    const parsed = incidentCreateSchema.omit({ by: true }).safeParse(input);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field | undefined;
        if (field && !next[field]) next[field] = issue.message;
      }
      return setErrors(next);
    }
    setErrors({});
    withPerson((by) =>
      create.mutate(
        { ...input, severity: parsed.data.severity, by },
        {
          onSuccess: (incident) => {
            onDone();
            router.push(`/incidents/${incident.id}`);
          },
        },
      ),
    );
  };

  // The default is the empty choice; listing it again by name would only confuse.
  const activeTemplates = (templates.data ?? []).filter((t) => !t.archived && !t.isDefault);
  return (
    <form onSubmit={submit} noValidate data-testid="declare-form">
      <h2 id="declare-title">Declare an incident</h2>
      <div className="field">
        <label htmlFor="incident-title">Title</label>
        <input id="incident-title" name="title" placeholder="Checkout errors: database refusing connections" autoFocus aria-invalid={errors.title ? true : undefined} autoComplete="off" />
        {errors.title && <span className="field-error">{errors.title}</span>}
      </div>
      <fieldset className="field severity-picker">
        <legend>Severity</legend>
        {INCIDENT_SEVERITIES.map((sev) => (
          <label key={sev} className="severity-option">
            <input type="radio" name="severity" value={sev} defaultChecked={sev === 'SEV2'} />
            <span className={`badge sev sev-${sev.toLowerCase()}`}>{sev}</span>
            <span className="muted">{INCIDENT_SEVERITY_MEANINGS[sev]}</span>
          </label>
        ))}
        {errors.severity && <span className="field-error">{errors.severity}</span>}
      </fieldset>
      <div className="field">
        <label htmlFor="incident-impact">Impact</label>
        <textarea id="incident-impact" name="impact" rows={3} placeholder="Who is affected and how (optional; can be filled in later)" />
        {errors.impact && <span className="field-error">{errors.impact}</span>}
      </div>
      <fieldset className="field">
        <legend>Linked targets</legend>
        {targets.isPending && <span className="muted">Loading targets…</span>}
        {targets.data?.length === 0 && <span className="muted">No targets registered.</span>}
        <div className="check-list">
          {targets.data?.map((target) => (
            <label key={target.id}>
              <input type="checkbox" name="targetIds" value={target.id} defaultChecked={target.id === targetId} /> {target.name}
            </label>
          ))}
        </div>
        {errors.targetIds && <span className="field-error">{errors.targetIds}</span>}
      </fieldset>
      <div className="field">
        <label htmlFor="incident-template">Checklist</label>
        <select id="incident-template" name="templateId" defaultValue="">
          <option value="">Default checklist</option>
          {activeTemplates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </div>
      {/* Written out rather than through ErrorBanner and FormActions: this form sits in the site header,
          so every module it imports is in every page's first-load JS. */}
      {create.error && (
        <p className="banner banner-critical" role="alert" data-testid="form-error">
          {create.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Declaring…' : 'Declare'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
