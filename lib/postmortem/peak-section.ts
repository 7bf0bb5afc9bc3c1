import type { IncidentPeak } from '../finding/peak';
import { CAUSE_LABELS } from '../format/causes';
import { inlineMarkdown, utcTimeOnDay } from './format';

/** Holders listed per target: the largest, which are the answer. */
const HOLDERS_SHOWN = 10;

/**
 * "Who held the connections at the peak": for each linked target, the sample with the most
 * connections inside the incident window — its holders as a table, and the causes of that moment.
 * Application names and query text come from the monitored server, so every cell is made safe.
 */
export function peakBlocks(heading: string, peaks: readonly IncidentPeak[] | undefined, startedAt: Date): string[] {
  if (!peaks || peaks.length === 0) return [];
  return [heading, ...peaks.flatMap((peak) => targetBlocks(peak, startedAt))];
}

function targetBlocks(peak: IncidentPeak, startedAt: Date): string[] {
  const name = `**${inlineMarkdown(peak.targetName)}**`;
  const snapshot = peak.snapshot;
  if (!snapshot) return [`${name}: _no sample with figures is kept for the incident window._`];
  const when = utcTimeOnDay(new Date(snapshot.at), startedAt, { seconds: true });
  const limits = snapshot.usableConnections === null ? '' : ` of ${snapshot.usableConnections} usable (max_connections ${snapshot.maxConnections})`;
  const refusing = snapshot.error ? `; ${inlineMarkdown(snapshot.error)}` : '';
  const blocks = [`${name} at ${when}: ${snapshot.total} connections${limits}${refusing}.`];
  if (snapshot.applications.length > 0) blocks.push(holdersTable(snapshot.applications));
  if (snapshot.causes.length === 0) return [...blocks, '_No cause stood out in that sample._'];
  const causes = snapshot.causes.map((cause, index) => {
    const lines = [`${index + 1}. **${CAUSE_LABELS[cause.kind]}** — ${inlineMarkdown(cause.summary)}`];
    for (const evidence of cause.evidence) lines.push(`   - ${inlineMarkdown(evidence)}`);
    if (cause.fix) lines.push(`   - Fix: ${inlineMarkdown(cause.fix)}`);
    return lines.join('\n');
  });
  return [...blocks, 'Causes then, most likely first:', causes.join('\n')];
}

function holdersTable(holders: NonNullable<IncidentPeak['snapshot']>['applications']): string {
  const rows = [...holders]
    .sort((a, b) => b.total - a.total)
    .slice(0, HOLDERS_SHOWN)
    .map((h) => `| ${cell(h.name || '(no application_name)')} | ${cell(h.clientAddr ?? 'local socket')} | ${h.total} | ${h.active} | ${h.idle} | ${h.idleInTransaction} |`);
  const more = holders.length > HOLDERS_SHOWN ? [`| and ${holders.length - HOLDERS_SHOWN} more | | | | | |`] : [];
  return ['| Application | Client address | Total | Active | Idle | Idle in transaction |', '| --- | --- | ---: | ---: | ---: | ---: |', ...rows, ...more].join('\n');
}

/** One table cell: one line, HTML defused, and a `|` that cannot end the cell early. */
function cell(text: string): string {
  return inlineMarkdown(text).replace(/\|/g, '\\|');
}
