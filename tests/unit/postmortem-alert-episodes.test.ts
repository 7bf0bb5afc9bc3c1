import { describe, expect, it } from 'vitest';
import type { TimelineEntryView } from '@/lib/incidents/types';
import { foldAlertFlaps } from '@/lib/postmortem/alert-episodes';

const T0 = Date.parse('2026-11-26T10:00:00Z');

function alertEntry(seconds: number, alertId: string, event: 'firing' | 'resolved'): TimelineEntryView {
  const at = new Date(T0 + seconds * 1000).toISOString();
  const body = `Alert ${event}: ${alertId}`;
  return { id: `${alertId}-${seconds}`, at, kind: 'alert', author: 'Lifeguard', body, data: { alertId, event, rule: alertId }, createdAt: at };
}

describe('alert episodes in the postmortem timeline', () => {
  it('folds a flapping alert (issue 15: resolved and fired again every 6 s) into one episode, saying how often it flapped', () => {
    const flapping = Array.from({ length: 10 }, (_, i) => [alertEntry(i * 6, 'usage', 'firing'), alertEntry(i * 6 + 3, 'usage', 'resolved')]).flat();
    const folded = foldAlertFlaps(flapping);
    expect(folded.map((entry) => entry.at)).toEqual([new Date(T0).toISOString(), new Date(T0 + 57_000).toISOString()]);
    expect(folded[0]?.body).toBe('Alert firing: usage (flapping: resolved and fired again 9 times within a minute)');
    expect(folded[1]?.body).toBe('Alert resolved: usage');
  });

  it('keeps episodes more than a minute apart, other alerts and notes as they are', () => {
    const note: TimelineEntryView = { id: 'n', at: new Date(T0 + 5000).toISOString(), kind: 'note', author: 'Ana', body: 'Restarted the web pool', data: null, createdAt: new Date(T0 + 5000).toISOString() };
    const entries = [
      alertEntry(0, 'usage', 'firing'),
      alertEntry(2, 'tte', 'firing'),
      note,
      alertEntry(10, 'usage', 'resolved'),
      alertEntry(75, 'usage', 'firing'),
      alertEntry(80, 'tte', 'resolved'),
      alertEntry(90, 'usage', 'resolved'),
    ];
    expect(foldAlertFlaps(entries)).toEqual(entries);
  });
});
