import { describe, expect, it } from 'vitest';
import { allowanceLabel, guardedLabel } from '@/lib/browser/allowance';

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
});
