import { describe, expect, it } from 'vitest';
import { commitmentTerms, computeBudget, reportsForTarget, type InstanceReport } from '@/lib/budget/budget';

const instances = (application: string, count: number, poolMax: number, total = 3, target: string | null = 'production'): InstanceReport[] =>
  Array.from({ length: count }, (_, i) => ({ application, instance: `web-${i + 1}`, target, poolMax, total }));

describe('connection budget', () => {
  it('spells out an over-committed fleet', () => {
    const budget = computeBudget({
      targetName: 'production',
      usable: 97,
      holders: [{ name: 'worksmart-web', total: 30 }, { name: 'worksmart-web', total: 6 }],
      reports: instances('worksmart-web', 12, 50),
    });
    expect(budget).toEqual({
      usable: 97,
      limitLabel: 'usable',
      committed: 600,
      overCommitted: true,
      applications: [
        {
          application: 'worksmart-web',
          instances: 12,
          poolMax: 50,
          committed: 600,
          heldReported: 36,
          heldObserved: 36,
          guarded: 0,
          inForce: null,
          explanation: '12 instances × pool max 50 = 600 > 97 usable',
        },
      ],
      explanation: 'worksmart-web: 12 instances × pool max 50 = 600 > 97 usable',
    });
  });

  it('adds up several applications, largest first, and says when they fit', () => {
    const reports = [...instances('worksmart-worker', 2, 5), ...instances('worksmart-web', 4, 20)];
    const fits = computeBudget({ targetName: 'production', usable: 97, holders: [], reports });
    expect(fits.overCommitted).toBe(false);
    expect(fits.applications.map((app) => app.explanation)).toEqual(['4 instances × pool max 20 = 80 ≤ 97 usable', '2 instances × pool max 5 = 10 ≤ 97 usable']);
    expect(fits.explanation).toBe('worksmart-web 80 + worksmart-worker 10 = 90 ≤ 97 usable');
    const over = computeBudget({ targetName: 'production', usable: 85, holders: [], reports });
    expect(over.explanation).toBe('worksmart-web 80 + worksmart-worker 10 = 90 > 85 usable');
    expect(over.overCommitted).toBe(true);
  });

  it('lists mixed pool sizes per instance and gives their range', () => {
    const reports: InstanceReport[] = [
      { application: 'api', instance: 'web-2', target: 'production', poolMax: 40, total: 1 },
      { application: 'api', instance: 'web-1', target: 'production', poolMax: 50, total: 2 },
    ];
    const [app] = computeBudget({ targetName: 'production', usable: 97, holders: [], reports }).applications;
    expect(app?.poolMax).toEqual({ min: 40, max: 50 });
    expect(app?.explanation).toBe('web-1 50 + web-2 40 = 90 ≤ 97 usable');
  });

  it('sums up mixed instances beyond the eighth', () => {
    const reports = Array.from({ length: 11 }, (_, i) => ({ instance: `web-${i + 1}`, poolMax: i === 0 ? 20 : 10 }));
    expect(commitmentTerms(reports)).toBe('web-1 20 + web-2 10 + web-3 10 + web-4 10 + web-5 10 + web-6 10 + web-7 10 + web-8 10 + 3 more 30');
    expect(commitmentTerms([{ instance: 'web-1', poolMax: 50 }])).toBe('1 instance × pool max 50');
  });

  it('counts reports naming the target, and unnamed ones of applications the server sees', () => {
    const reports: InstanceReport[] = [
      { application: 'web', instance: 'a', target: 'production', poolMax: 10, total: 1 },
      { application: 'web', instance: 'b', target: 'staging', poolMax: 10, total: 1 },
      { application: 'batch', instance: 'c', target: null, poolMax: 10, total: 1 },
      { application: 'cron', instance: 'd', target: null, poolMax: 10, total: 1 },
    ];
    const counted = reportsForTarget({ targetName: 'production', holders: [{ name: 'batch', total: 1 }], reports });
    expect(counted.map((report) => report.instance)).toEqual(['a', 'c']);
  });

  it('counts the guarded instances and the max their guards hold them to', () => {
    const reports: InstanceReport[] = [
      ...instances('web', 3, 50).map((report, i) => ({ ...report, guarded: true, allowance: i === 0 ? 12 : 13 })),
      { application: 'web', instance: 'web-9', target: 'production', poolMax: 50, total: 2, guarded: true, allowance: null },
      { application: 'web', instance: 'web-10', target: 'production', poolMax: 50, total: 2 },
    ];
    const [web] = computeBudget({ targetName: 'production', usable: 97, holders: [], reports }).applications;
    expect(web).toMatchObject({ instances: 5, guarded: 4, inForce: { min: 12, max: 13 } });
  });

  it('says what it cannot know', () => {
    expect(computeBudget({ targetName: 'p', usable: 97, holders: [], reports: [] })).toMatchObject({
      committed: 0,
      overCommitted: false,
      applications: [],
      explanation: 'no pool reports in the last 2 minutes to compare with 97 usable',
    });
    const unknown = computeBudget({ targetName: 'p', usable: null, holders: [], reports: instances('web', 2, 50, 1, 'p') });
    expect(unknown.overCommitted).toBe(false);
    expect(unknown.explanation).toBe('web: 2 instances × pool max 50 = 100; usable connections unknown (no sample of the target yet)');
  });
});
