/** Formatting for what people read; all in the viewer's own time zone and locale. */

const DAY_MS = 24 * 3_600_000;

/** Axis ticks: clock time for ranges within a day, date and time beyond. */
export function formatTick(ms: number, rangeMs: number): string {
  const date = new Date(ms);
  if (rangeMs > DAY_MS) return date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  const seconds = rangeMs <= 15 * 60_000;
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: seconds ? '2-digit' : undefined, hour12: false });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatInterval(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Value for an <input type="datetime-local">: local wall-clock time, to the minute, or to the
 * second for an input with step="1" (an incident time, shown to the second, keeps its seconds).
 */
export function toDatetimeLocal(ms: number, { seconds = false }: { seconds?: boolean } = {}): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const minute = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${minute}:${pad(d.getSeconds())}` : minute;
}

/** The instant a datetime-local value means in this browser's time zone; null when empty or invalid. */
export function fromDatetimeLocal(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  // Without an offset, Date parses date-time strings as local time, which is what the input means.
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
