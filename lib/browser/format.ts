/** Formatting for what people read; all in the viewer's own time zone and locale. */

const DAY_MS = 24 * 3_600_000;

/*
 * One Intl formatter per set of options, made once: toLocaleString(undefined, options) builds a
 * new formatter on every call (tens of microseconds), and a chart formats its ticks on every
 * render — the target page spent most of its main thread there, which delayed pushed samples
 * on screen by seconds (npm run bench, freshness stages).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<number, Intl.NumberFormat>();

function dateFormat(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = dateFormats.get(name);
  if (!format) dateFormats.set(name, (format = new Intl.DateTimeFormat(undefined, options)));
  return format;
}

/** Axis ticks: clock time for ranges within a day, date and time beyond. */
export function formatTick(ms: number, rangeMs: number): string {
  if (rangeMs > DAY_MS) return dateFormat('day-time', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
  if (rangeMs <= 15 * 60_000) return dateFormat('time-seconds', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);
  return dateFormat('time', { hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

export function formatDateTime(ms: number): string {
  return dateFormat('date-time', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined) return '–';
  let format = numberFormats.get(digits);
  if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 })));
  return format.format(value);
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
