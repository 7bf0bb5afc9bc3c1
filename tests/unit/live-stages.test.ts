import { describe, expect, it } from 'vitest';
import { parseSampleNotification } from '@/lib/events/hub';
import { decodeStages, encodeStages, readStageTimes } from '@/lib/events/stages';
import { describeTrial, stageBreakdown } from '../../scripts/bench-stages';

const AT = Date.UTC(2026, 10, 29, 15, 0, 0);

describe('the live path stage times', () => {
  it('travel as whole ms after the sample, and come back as the same times', () => {
    const times = { read: AT + 6.4, recorded: AT + 9, stored: AT + 12, notified: AT + 13, sent: AT + 15, written: AT + 16 };
    const encoded = encodeStages(AT, times);
    expect(encoded).toEqual([6, 9, 12, 13, 15, 16]);
    expect(decodeStages(AT, encoded)).toEqual({ read: AT + 6, recorded: AT + 9, stored: AT + 12, notified: AT + 13, sent: AT + 15, written: AT + 16 });
  });

  it('leave out a stage that was not timed, in either direction', () => {
    expect(encodeStages(AT, { notified: AT + 3, written: AT + 4 })).toEqual([null, null, null, 3, null, 4]);
    expect(decodeStages(AT, [null, null, null, 3, null, 4])).toEqual({ notified: AT + 3, written: AT + 4 });
    expect(decodeStages(AT, 'garbage')).toEqual({});
  });

  it('are read from a notification without trusting what is not a time', () => {
    expect(readStageTimes({ read: AT, recorded: '12', stored: Number.NaN, other: 5 })).toEqual({ read: AT });
    expect(readStageTimes(null)).toEqual({});
  });
});

describe('parseSampleNotification', () => {
  it('takes the target, the instant and the stage times from the payload the store sends', () => {
    const payload = JSON.stringify({ targetId: 't1', at: new Date(AT).toISOString(), stages: { read: AT + 5, recorded: AT + 8, stored: AT + 10 } });
    expect(parseSampleNotification(payload)).toEqual({ targetId: 't1', atMs: AT, stages: { read: AT + 5, recorded: AT + 8, stored: AT + 10 } });
  });

  it('accepts a payload without stage times, and refuses one that is not ours', () => {
    expect(parseSampleNotification(JSON.stringify({ targetId: 't1', at: new Date(AT).toISOString() }))).toEqual({ targetId: 't1', atMs: AT, stages: {} });
    expect(parseSampleNotification(JSON.stringify({ targetId: 't1', at: 'yesterday' }))).toBeNull();
    expect(parseSampleNotification('not json')).toBeNull();
    expect(parseSampleNotification('null')).toBeNull();
    expect(parseSampleNotification(JSON.stringify({ targetId: 5, at: new Date(AT).toISOString() }))).toBeNull();
    expect(parseSampleNotification(undefined)).toBeNull();
  });
});

describe('the freshness stage breakdown', () => {
  const trial = (opened: number, offsets: number[]) => {
    const [at, read, recorded, stored, notified, sent, written, received, applied, shown] = offsets.map((offset) => opened + offset);
    return { opened, at, read, recorded, stored, notified, sent, written, received, applied, shown };
  };

  it('splits every trial into steps that add up to its total', () => {
    const trials = [trial(AT, [100, 105, 110, 112, 113, 114, 115, 117, 120, 140]), trial(AT + 5000, [300, 305, 500, 502, 503, 504, 505, 507, 510, 530])];
    const steps = stageBreakdown(trials);
    const byLabel = Object.fromEntries(steps.map((step) => [step.label, step]));
    expect(byLabel['wait for the next tick']).toMatchObject({ p50: 300, max: 300, trials: 2 });
    expect(byLabel['probe wait']).toMatchObject({ p50: 195, max: 195 });
    expect(byLabel['render until shown']).toMatchObject({ max: 20 });
    expect(steps.at(-1)).toMatchObject({ label: 'total (opened → shown)', max: 530, trials: 2 });
    expect(describeTrial(trials[1]!)).toBe(
      'wait for the next tick 300, ping + sampling query 5, probe wait 195, store insert 2, commit + NOTIFY 1, hub (snapshot for the event) 1, SSE write 1, to the page\'s event handler 2, cache update 3, render until shown 20',
    );
  });

  it('folds a step that was not timed into the next one rather than losing its time', () => {
    const steps = stageBreakdown([{ opened: AT, at: AT + 100, notified: AT + 150, shown: AT + 200 }]);
    expect(steps.map((step) => [step.label, step.max])).toEqual([
      ['wait for the next tick', 100],
      ['commit + NOTIFY', 50],
      ['render until shown', 50],
      ['total (opened → shown)', 200],
    ]);
  });
});
