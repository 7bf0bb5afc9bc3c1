import type { Cause } from '@/lib/finding/types';
import { CAUSE_LABELS } from '@/lib/format/causes';

/**
 * Why the connections are used up: each cause with the figures that show it and, where Lifeguard
 * could work it out, the fix — most likely first. Shown wherever a finding is, and for a past moment.
 */
export function CauseList({ causes }: { causes: Cause[] | undefined }) {
  // Findings saved with a tick before causes were read have none to show.
  if (!causes) return null;
  if (causes.length === 0) {
    return (
      <p className="muted" data-testid="no-causes">
        No cause stands out in this sample.
      </p>
    );
  }
  return (
    <ol className="causes" data-testid="causes">
      {causes.map((cause) => (
        <li key={cause.kind} className="cause" data-testid="cause" data-kind={cause.kind}>
          <p>
            <strong>{CAUSE_LABELS[cause.kind]}</strong> <span className="cause-connections">({cause.connections} connections)</span>
          </p>
          <p>{cause.summary}</p>
          {cause.evidence.length > 0 && (
            <ul className="cause-evidence">
              {cause.evidence.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {cause.fix && (
            <p className="cause-fix" data-testid="cause-fix">
              Fix: <code>{cause.fix}</code>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
