import { describe, expect, it } from 'vitest';
import { allowanceLabel, guardedLabel, overCommitmentNote } from '@/lib/browser/allowance';

describe('budget panel allowance labels', () => {
  it('says how many instances are guarded', () => {
    expect(guardedLabel({ guarded: 6, instances: 6 })).toBe('6 of 6');
    expect(guardedLabel({ guarded: 2, instances: 6 })).toBe('2 of 6');
    expect(guardedLabel({ guarded: 0, instances: 6 })).toBe('no');
  });

  it('gives the allowance, and the max the guards hold when it differs', () => {
    expect(allowanceLabel(13, null)).toBe('13');
    expect(allowanceLabel(13, 13)).toBe('13');
    expect(allowanceLabel(13, 12)).toBe('13 (held at 12)');
    expect(allowanceLabel(13, { min: 12, max: 13 })).toBe('13 (held at 12–13)');
    expect(allowanceLabel(null, null)).toBe('—');
  });

  it('calls an over-commitment critical while any pool is unguarded, a warning once every pool keeps to its allowance', () => {
    const explanation = 'worksmart-web 300 + worksmart-worker 10 = 310 > 97 usable';
    const apps = (webGuarded: number, workerGuarded: number) => [
      { instances: 6, guarded: webGuarded },
      { instances: 2, guarded: workerGuarded },
    ];
    expect(overCommitmentNote({ overCommitted: false, explanation, applications: apps(0, 0) })).toBeNull();
    expect(overCommitmentNote({ overCommitted: true, explanation, applications: apps(0, 0) })).toEqual({
      severity: 'critical',
      text: `Over-committed: the pools may open more connections than the server accepts. ${explanation}`,
    });
    expect(overCommitmentNote({ overCommitted: true, explanation, applications: apps(6, 0) })?.text).toContain('2 of 8 instances are unguarded.');
    expect(overCommitmentNote({ overCommitted: true, explanation, applications: apps(6, 2) })).toEqual({
      severity: 'warning',
      text: `Over-committed as configured, but every pool is guarded and keeps to its allowance. ${explanation}`,
    });
  });
});
