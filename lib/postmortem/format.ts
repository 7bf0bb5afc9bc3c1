/**
 * Small, pure text helpers for the postmortem: UTC times and Markdown that stays on one line.
 * A postmortem is read by people in many zones, so every time is written in UTC. Durations are
 * written by lib/format/duration.ts, like everywhere else.
 */

/** "2026-11-26" */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** "10:05" */
export function utcClock(at: Date): string {
  return at.toISOString().slice(11, 16);
}

/** "2026-11-26 10:05 UTC" */
export function utcDateTime(at: Date): string {
  return `${utcDate(at)} ${utcClock(at)} UTC`;
}

/** "10:05:12": a connection flood unfolds in seconds, so the timeline keeps them. */
export function utcClockSeconds(at: Date): string {
  return at.toISOString().slice(11, 19);
}

/** "10:05 UTC" on the reference day, the full "2026-11-27 10:05 UTC" on any other; to the second if asked. */
export function utcTimeOnDay(at: Date, referenceDay: Date, options: { seconds?: boolean } = {}): string {
  const clock = options.seconds ? utcClockSeconds(at) : utcClock(at);
  return utcDate(at) === utcDate(referenceDay) ? `${clock} UTC` : `${utcDate(at)} ${clock} UTC`;
}

/**
 * Text people typed, made safe to place inside one Markdown line (a list item, a heading):
 * newlines collapse to spaces so a note cannot start a new heading or list, and `<` outside
 * inline code becomes `&lt;` so viewers that render raw HTML show `<script>` as text, and a
 * `javascript:` link target is made dead.
 */
export function inlineMarkdown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? part : defuse(part)))
    .join('');
}

/** A multi-line section people wrote: kept as Markdown, raw HTML tags shown as text. */
export function blockMarkdown(text: string): string {
  return text
    .trim()
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part) => (part.startsWith('`') ? part : defuse(part)))
    .join('');
}

/** Raw HTML shown as text; links to script URLs made dead, for viewers that would follow them. */
function defuse(text: string): string {
  return text.replace(/</g, '&lt;').replace(/\]\(\s*(?:javascript|vbscript|data):/gi, '](#unsafe-link:');
}
