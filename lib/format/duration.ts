/**
 * How long something lasted, lasts or will last, written the same way everywhere Lifeguard shows
 * one: the incident list and page, alert sentences and notifications, the postmortem, drills and
 * staleness notes. Pure, so the server and the browser print the same text.
 *
 * The argument is in seconds, the unit the API and the store name their durations in
 * (`durationSeconds`, `forSeconds`, `oldestXactSeconds`); time between two instants is
 * `(later - earlier) / 1000`.
 *
 * One rule from a fraction of a second to days: the two largest units, truncated, never rounded
 * up (an incident 59 s old has not lasted a minute yet), and the smaller unit left out when it is
 * zero. Under 10 s a tenth of a second still matters (a probe, a first refusal), so it is kept:
 *   0.4 s · 9.9 s · 45 s · 5 min · 2 min 07 s · 1 h · 2 h 05 min · 3 d · 3 d 2 h
 * Seconds after minutes and minutes after hours take two digits, as on a clock; hours after days
 * do not.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  // Whole milliseconds first: (later - earlier) / 1000 may carry binary noise such as 2.9999999,
  // which truncation would turn into one tenth less.
  const ms = Math.max(0, Math.round(seconds * 1000));
  if (ms < 10_000) return `${Math.floor(ms / 100) / 10} s`;
  const wholeSeconds = Math.floor(ms / 1000);
  if (wholeSeconds < 60) return `${wholeSeconds} s`;
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) return twoUnits(minutes, 'min', wholeSeconds % 60, 's', pad);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return twoUnits(hours, 'h', minutes % 60, 'min', pad);
  return twoUnits(Math.floor(hours / 24), 'd', hours % 24, 'h', String);
}

function twoUnits(large: number, largeUnit: string, small: number, smallUnit: string, write: (value: number) => string): string {
  return small === 0 ? `${large} ${largeUnit}` : `${large} ${largeUnit} ${write(small)} ${smallUnit}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
