import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportsPayload } from '@/lib/events/channels';
import { coalesceReports, parseReportsPayload } from '@/lib/events/coalesce';

describe('coalesceReports', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes the first batch on at once and merges the rest of the second into one', () => {
    const sent: (string[] | '*')[] = [];
    const reports = coalesceReports((applications) => sent.push(applications), 1000);
    reports.add(['web']);
    expect(sent).toEqual([['web']]);
    reports.add(['worker']);
    reports.add(['web', 'api']);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['web'], ['api', 'web', 'worker']]);
    // Quiet for a while: the next one goes out at once again.
    vi.advanceTimersByTime(5000);
    reports.add(['web']);
    expect(sent).toHaveLength(3);
  });

  it('turns into "everything" once one batch was too long to list, and drops what is pending on cancel', () => {
    const sent: (string[] | '*')[] = [];
    const reports = coalesceReports((applications) => sent.push(applications), 1000);
    reports.add(['web']);
    reports.add('*');
    reports.add(['api']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([['web'], '*']);
    reports.add(['late']);
    reports.cancel();
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(2);
  });
});

describe('the reports payload', () => {
  it('lists each application once, or says "*" when the list would not fit in a NOTIFY', () => {
    expect(parseReportsPayload(reportsPayload(['web', 'web', 'api']))).toEqual(['web', 'api']);
    expect(reportsPayload(Array.from({ length: 500 }, (_, i) => `application-${i}-${'x'.repeat(80)}`))).toBe('*');
    expect(parseReportsPayload('*')).toBe('*');
    expect(parseReportsPayload('{"targetId":"x"}')).toBeNull();
    expect(parseReportsPayload('[1]')).toBeNull();
  });
});
