/**
 * Incident times as people read and type them: in the viewer's own time zone, to the second, with
 * the zone named ("10:05:07 CET"), because a timeline read across offices must not be ambiguous. Every
 * function takes the zone as an option so tests can pin it; browsers use their own.
 */

interface ZoneOption {
  timeZone?: string;
  locale?: string;
}

function parts(ms: number, options: Intl.DateTimeFormatOptions, { timeZone, locale }: ZoneOption): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat(locale, { ...options, timeZone }).formatToParts(ms)) out[part.type] = part.value;
  return out;
}

function dayKey(ms: number, zone: ZoneOption): string {
  const p = parts(ms, { year: 'numeric', month: '2-digit', day: '2-digit' }, zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * "10:05:07 CET" for a time today, "26 Nov 10:05:07 CET" for another day (and the year when it is
 * not this year's). Seconds, because a flood unfolds within a minute: the alert, the page and the
 * first tick must not all read "10:05". `now` decides what "today" is; 0 means unknown (server
 * render), so the date shows.
 */
export function formatClock(ms: number, now: number, zone: ZoneOption = {}): string {
  const p = parts(ms, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }, zone);
  const clock = `${p.hour}:${p.minute}:${p.second} ${p.timeZoneName}`;
  if (now > 0 && dayKey(ms, zone) === dayKey(now, zone)) return clock;
  const sameYear = now > 0 && parts(ms, { year: 'numeric' }, zone).year === parts(now, { year: 'numeric' }, zone).year;
  const date = new Intl.DateTimeFormat(zone.locale, { day: 'numeric', month: 'short', year: sameYear ? undefined : 'numeric', timeZone: zone.timeZone }).format(ms);
  return `${date} ${clock}`;
}

/** The same instant in UTC, to the second, for the hover title. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * How long the incident has lasted: until it was resolved, or until now while it is open.
 * Before the browser knows the time (now = 0) the server's own figure is used.
 */
export function incidentDurationSeconds(incident: { startedAt: string; resolvedAt: string | null; durationSeconds: number }, now: number): number {
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  if (end === 0) return incident.durationSeconds;
  return Math.max(0, (end - Date.parse(incident.startedAt)) / 1000);
}

/** From the start of the trouble until someone noticed it. */
export function timeToDetectSeconds(incident: { startedAt: string; detectedAt: string }): number {
  return Math.max(0, (Date.parse(incident.detectedAt) - Date.parse(incident.startedAt)) / 1000);
}

/**
 * An ISO 8601 time carrying this browser's UTC offset ("2026-11-26T10:05:00+01:00"): what a
 * datetime-local value meant to the person who typed it, stated so the server need not guess.
 */
export function toIsoWithOffset(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
