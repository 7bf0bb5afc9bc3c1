import { describe, expect, it } from 'vitest';
import { applicationHref, applicationPoints, instancesLine } from '@/lib/browser/applications';

describe('application page helpers', () => {
  it('links to the application, keeping the range on screen when given one', () => {
    expect(applicationHref('worksmart web')).toBe('/applications/worksmart%20web');
    expect(applicationHref('web', { kind: 'relative', range: '1h' })).toBe('/applications/web?range=1h');
    expect(applicationHref('web', { kind: 'relative', range: '15m' })).toBe('/applications/web?range=15m');
  });

  it('asks for buckets of at least 10 s, so 5 s reports never leave a bucket empty, and at most 300', () => {
    expect(applicationPoints({ kind: 'relative', range: '5m' })).toBe(30);
    expect(applicationPoints({ kind: 'relative', range: '15m' })).toBe(90);
    expect(applicationPoints({ kind: 'relative', range: '24h' })).toBe(300);
    expect(applicationPoints({ kind: 'absolute', from: 0, to: 4000 })).toBe(1);
  });

  it('says how many instances report now', () => {
    const instance = (current: boolean) => ({ instance: 'i', target: null, lastReportAt: '', current, latest: null });
    expect(instancesLine({ instances: [instance(true)] })).toBe('1 instance reporting');
    expect(instancesLine({ instances: [instance(true), instance(false), instance(true)] })).toBe('2 of 3 instances reporting');
  });
});
