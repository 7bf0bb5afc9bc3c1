import { formatDuration } from '../format/duration';
import { INCIDENT_SEVERITY_MEANINGS } from '../incidents/schema';
import type { IncidentPeak } from '../finding/peak';
import type { Finding } from '../finding/types';
import type { ChecklistItemView, IncidentView } from '../incidents/types';
import { foldAlertFlaps } from './alert-episodes';
import { blockMarkdown, inlineMarkdown, utcClock, utcDate, utcDateTime, utcTimeOnDay } from './format';
import { userImpactLine, type UserImpact } from './user-impact';
import { peakBlocks } from './peak-section';

/** The sections people edit; an empty string means "draft it from the record". */
export interface PostmortemSections {
  summary: string;
  rootCause: string;
  resolution: string;
  improvements: string;
}

export interface ActionItemLine {
  text: string;
  owner: string;
  done: boolean;
}

/**
 * The chart of the incident window: an image (a URL or data URI, with a standalone URL for
 * viewers that strip data URIs), or a sentence saying why there is none.
 */
export type PostmortemChart = { kind: 'image'; src: string; standaloneUrl?: string } | { kind: 'none'; note: string };

export interface DraftInput {
  incident: IncidentView;
  sections: PostmortemSections;
  actionItems: ActionItemLine[];
  chart?: PostmortemChart;
  /** What the applications' users met, from their pool reports (lib/postmortem/figures.ts). */
  users?: UserImpact | null;
  /** Who held the connections at the peak, per linked target (lib/finding/peak.ts). */
  peaks?: IncidentPeak[];
  /** The end of an ongoing incident's duration; passed in so the output is deterministic. */
  now: Date;
}

export const POSTMORTEM_HEADINGS = {
  summary: '## Issue Summary',
  timeline: '## Timeline',
  chart: '## Connections during the incident',
  peak: '## Who held the connections at the peak',
  rootCause: '## Root Cause and Resolution',
  measures: '## Corrective and Preventative Measures',
  tasks: '### Tasks',
} as const;

const TO_BE_DETERMINED = 'To be determined.';
const NO_MEASURES = 'No corrective or preventative measures written yet.';

/** Usage at or above this share of usable connections is an exhausted pool worth naming as the cause. */
const EXHAUSTED_PERCENT = 90;

/** The Markdown of a classic postmortem, from the incident record and the saved sections. */
export function buildPostmortemMarkdown(input: DraftInput): string {
  const { incident } = input;
  const drafted = draftSections(incident, input.now);
  const blocks = [
    `# Postmortem: INC-${incident.number} ${inlineMarkdown(incident.title)}`,
    metaLine(incident),
    POSTMORTEM_HEADINGS.summary,
    [summaryList(incident, input.sections, drafted, input.now), ...usersLine(input)].join('\n'),
    ...(input.sections.summary.trim() ? [blockMarkdown(input.sections.summary)] : []),
    POSTMORTEM_HEADINGS.timeline,
    timelineList(incident),
    ...chartBlocks(input.chart),
    ...peakBlocks(POSTMORTEM_HEADINGS.peak, input.peaks, new Date(incident.startedAt)),
    POSTMORTEM_HEADINGS.rootCause,
    '**Root cause**',
    savedOrItalic(input.sections.rootCause, drafted.rootCause),
    '**Resolution**',
    savedOrItalic(input.sections.resolution, drafted.resolution),
    POSTMORTEM_HEADINGS.measures,
    savedOrItalic(input.sections.improvements, drafted.improvements),
    POSTMORTEM_HEADINGS.tasks,
    taskList(input.actionItems),
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** What the draft writes into each section left empty (plain text, for an editor's placeholders). */
export function draftSections(incident: IncidentView, now: Date): PostmortemSections {
  const resolvedAt = incident.resolvedAt ? new Date(incident.resolvedAt) : null;
  return {
    summary: '',
    rootCause: poolRootCause(incident.checklist) ?? TO_BE_DETERMINED,
    resolution: resolvedAt
      ? `Resolved at ${utcDateTime(resolvedAt)}, after ${lasted(new Date(incident.startedAt), resolvedAt)}; how it was resolved is not written yet.`
      : `Not resolved yet: ongoing for ${lasted(new Date(incident.startedAt), now)}.`,
    improvements: NO_MEASURES,
  };
}

function usersLine({ users, incident }: DraftInput): string[] {
  const line = userImpactLine(users, inlineMarkdown, (at) => utcTimeOnDay(new Date(at), new Date(incident.startedAt)));
  return line ? [line] : [];
}

function metaLine(incident: IncidentView): string {
  return [
    `**Severity:** ${incident.severity} (${INCIDENT_SEVERITY_MEANINGS[incident.severity]})`,
    `**Status:** ${incident.status}`,
    `**Commander:** ${incident.commander.trim() ? inlineMarkdown(incident.commander) : 'not assigned'}`,
    // The other roles are newer and often left empty: named when someone held them.
    ...(incident.scribe.trim() ? [`**Scribe:** ${inlineMarkdown(incident.scribe)}`] : []),
    ...(incident.communicationsLead.trim() ? [`**Communications lead:** ${inlineMarkdown(incident.communicationsLead)}`] : []),
    `**Date:** ${utcDate(new Date(incident.startedAt))}`,
  ].join(' · ');
}

function summaryList(incident: IncidentView, sections: PostmortemSections, drafted: PostmortemSections, now: Date): string {
  const startedAt = new Date(incident.startedAt);
  const detectedAt = new Date(incident.detectedAt);
  const targets = incident.targets.map((target) => inlineMarkdown(target.name)).join(', ');
  return [
    `- **Duration:** ${durationText(startedAt, incident.resolvedAt ? new Date(incident.resolvedAt) : null, now)}`,
    `- **Time to detect:** ${lasted(startedAt, detectedAt)} (detected at ${utcTimeOnDay(detectedAt, startedAt)})`,
    `- **Impact:** ${incident.impact.trim() ? inlineMarkdown(incident.impact) : 'Not recorded.'}`,
    `- **Root cause:** ${inlineMarkdown(sections.rootCause.trim() || drafted.rootCause)}`,
    ...(targets ? [`- **Affected targets:** ${targets}`] : []),
  ].join('\n');
}

/** "2 h 05 min": the time from one instant to a later one. */
function lasted(from: Date, to: Date): string {
  return formatDuration((to.getTime() - from.getTime()) / 1000);
}

/** "2 h 05 min, from 2026-11-26 10:00 UTC to 12:05 UTC", or "ongoing: … so far" without a resolve time. */
function durationText(startedAt: Date, resolvedAt: Date | null, now: Date): string {
  if (!resolvedAt) return `ongoing: ${lasted(startedAt, now)} so far, since ${utcDateTime(startedAt)}`;
  return `${lasted(startedAt, resolvedAt)}, from ${utcDateTime(startedAt)} to ${utcTimeOnDay(resolvedAt, startedAt)}`;
}

function timelineList(incident: IncidentView): string {
  const startedAt = new Date(incident.startedAt);
  // Back-dated entries are written down late: order by when things happened, then by when written.
  const entries = foldAlertFlaps([...incident.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || Date.parse(a.createdAt) - Date.parse(b.createdAt)));
  if (entries.length === 0) return '_No timeline entries were recorded._';
  return entries
    .map((entry) => `- **${utcTimeOnDay(new Date(entry.at), startedAt, { seconds: true })}** — ${inlineMarkdown(entry.body)} (${inlineMarkdown(entry.author)})`)
    .join('\n');
}

function chartBlocks(chart: PostmortemChart | undefined): string[] {
  if (!chart) return [];
  if (chart.kind === 'none') return [`_${chart.note}_`];
  const image = `![Connections during the incident](${chart.src})`;
  if (!chart.standaloneUrl) return [POSTMORTEM_HEADINGS.chart, image];
  return [POSTMORTEM_HEADINGS.chart, image, `If the chart does not show (some viewers, GitHub among them, strip inline images), open it at <${chart.standaloneUrl}>.`];
}

function savedOrItalic(saved: string, drafted: string): string {
  return saved.trim() ? blockMarkdown(saved) : `_${inlineMarkdown(drafted)}_`;
}

function taskList(items: ActionItemLine[]): string {
  if (items.length === 0) return '_No action items yet._';
  return items
    .map((item) => `- [${item.done ? 'x' : ' '}] ${inlineMarkdown(item.text)} (owner: ${item.owner.trim() ? inlineMarkdown(item.owner) : 'unassigned'})`)
    .join('\n');
}

/**
 * The pool check saved with its tick is the best evidence the record holds: when it showed a
 * nearly full pool, that is drafted as the root cause, naming the largest holders.
 */
function poolRootCause(checklist: ChecklistItemView[]): string | null {
  const ticked = checklist
    .filter((item) => item.kind === 'pool_check' && item.checked && item.evidence && item.evidence.length > 0)
    .sort((a, b) => Date.parse(b.checkedAt ?? '') - Date.parse(a.checkedAt ?? ''));
  const item = ticked[0];
  if (!item?.evidence) return null;
  const full = item.evidence.filter(isNearlyFull);
  if (full.length === 0) return null;
  const when = item.checkedAt ? ` when it was checked at ${utcClock(new Date(item.checkedAt))} UTC` : '';
  return `The connection pool was exhausted${when}: ${full.map(poolClause).join('; ')}.`;
}

function isNearlyFull(evidence: Finding): boolean {
  if (evidence.total === null || !evidence.usableConnections) return false;
  return (100 * evidence.total) / evidence.usableConnections >= EXHAUSTED_PERCENT;
}

function poolClause(evidence: Finding): string {
  const holders = evidence.topHolders
    .slice(0, 3)
    .map((holder) => `${holder.name || holder.clientAddr || 'unnamed'} ${holder.total}`)
    .join(', ');
  const base = `${evidence.targetName} held ${evidence.total} of ${evidence.usableConnections} usable connections`;
  return holders ? `${base} (${holders})` : base;
}
