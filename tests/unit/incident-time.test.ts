import { describe, expect, it } from 'vitest';
import { formatClock, formatUtc, incidentDurationSeconds, timeToDetectSeconds, toIsoWithOffset } from '@/lib/browser/incident-time';

const PARIS = { timeZone: 'Europe/Paris', locale: 'en-GB' };
const AT = Date.parse('2026-11-26T09:05:00Z'); // 10:05 in Paris (CET, +01:00)

describe('formatClock', () => {
  it('names the zone, and shows only the time for today', () => {
    expect(formatClock(AT, AT + 3_600_000, PARIS)).toBe('10:05:00 CET');
    expect(formatClock(AT, AT, { timeZone: 'UTC', locale: 'en-GB' })).toBe('09:05:00 UTC');
  });

  it('tells apart moments within one minute (a flood unfolds in seconds)', () => {
    expect(formatClock(AT + 7_000, AT + 60_000, PARIS)).toBe('10:05:07 CET');
    expect(formatClock(AT + 48_000, AT + 60_000, PARIS)).toBe('10:05:48 CET');
  });

  it('adds the day for another day, and the year for another year', () => {
    expect(formatClock(AT, AT + 2 * 86_400_000, PARIS)).toBe('26 Nov 10:05:00 CET');
    expect(formatClock(AT, Date.parse('2027-01-03T12:00:00Z'), PARIS)).toBe('26 Nov 2026 10:05:00 CET');
  });

  it('uses the zone of the day itself (summer time)', () => {
    expect(formatClock(Date.parse('2026-07-01T08:05:00Z'), Date.parse('2026-07-01T09:00:00Z'), PARIS)).toBe('10:05:00 CEST');
  });

  it('shows the date when the current time is not known yet', () => {
    expect(formatClock(AT, 0, PARIS)).toBe('26 Nov 2026 10:05:00 CET');
  });
});

describe('formatUtc', () => {
  it('gives the UTC time to the second', () => {
    expect(formatUtc(AT + 7_000)).toBe('2026-11-26 09:05:07 UTC');
  });
});

describe('incident durations', () => {
  const incident = { startedAt: '2026-11-26T09:05:00Z', detectedAt: '2026-11-26T10:15:00Z', resolvedAt: null as string | null, durationSeconds: 42 };

  it('runs until now while open, and until the resolution once resolved', () => {
    expect(incidentDurationSeconds(incident, AT + 90_000)).toBe(90);
    expect(incidentDurationSeconds({ ...incident, resolvedAt: '2026-11-26T11:05:00Z' }, AT + 999_999_999)).toBe(7200);
  });

  it("uses the server's figure before the browser knows the time", () => {
    expect(incidentDurationSeconds(incident, 0)).toBe(42);
  });

  it('measures time to detect from the start', () => {
    expect(timeToDetectSeconds(incident)).toBe(70 * 60);
  });
});

describe('toIsoWithOffset', () => {
  it("states this machine's offset and means the same instant", () => {
    const iso = toIsoWithOffset(AT);
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(Date.parse(iso)).toBe(AT);
  });
});
