'use client';

import { useState } from 'react';
import type { LastingFix } from '@/lib/remediation/schema';

/**
 * What keeps the flood from coming back, to copy into a migration or a deploy. Lifeguard never
 * runs these: a role's limit or timeout is for the database's owners to decide.
 */
export function LastingFixes({ fixes }: { fixes: readonly LastingFix[] }) {
  if (fixes.length === 0) return null;
  return (
    <div className="stop-it-fixes" data-testid="lasting-fixes">
      <h3>Lasting fixes (shown, never run)</h3>
      <ul>
        {fixes.map((fix) => (
          <li key={`${fix.kind}:${fix.title}`} data-testid="lasting-fix" data-kind={fix.kind}>
            <p>
              <strong>{fix.title}</strong> <CopyButton text={fix.code} />
            </p>
            <pre className="mono">{fix.code}</pre>
            <p className="muted">{fix.why}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => setCopied(false),
    );
  };
  return (
    <button type="button" className="link-button" onClick={copy}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
