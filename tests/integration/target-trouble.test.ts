import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTargetInTrouble } from '@/lib/targets/trouble';
import { startTestStore, type TestStore } from '../support/postgres';

// Whether a target page opens on the short range that shows the climb (app/targets/[id]/page.tsx).
let store: TestStore;
let ruleId: string;

const newTarget = async (name: string) => (await store.db.target.create({ data: { name, url: `postgres://u@127.0.0.1/${name}` } })).id;

beforeAll(async () => {
  store = await startTestStore();
  ruleId = (
    await store.db.alertRule.create({
      data: { name: 'Connection saturation', metric: 'usagePercent', scope: 'target', comparator: 'above', threshold: 80, forSeconds: 30, severity: 'critical' },
    })
  ).id;
});
afterAll(async () => {
  await store?.stop();
});

describe('a target in trouble', () => {
  it('is one with an alert pending or firing on it, not one whose alerts resolved', async () => {
    const calm = await newTarget('calm');
    await store.db.alert.create({ data: { ruleId, targetId: calm, state: 'resolved', since: new Date() } });
    expect(await isTargetInTrouble(store.db, calm)).toBe(false);
    for (const state of ['pending', 'firing']) {
      const target = await newTarget(state);
      await store.db.alert.create({ data: { ruleId, targetId: target, state, since: new Date() } });
      expect(await isTargetInTrouble(store.db, target)).toBe(true);
    }
  });

  it('is one named by an open incident, until the incident is resolved', async () => {
    const target = await newTarget('incident');
    const incident = await store.db.incident.create({
      data: { title: 'Flood', severity: 'SEV2', startedAt: new Date(), detectedAt: new Date(), createdBy: 'Dan', targets: { create: { targetId: target } } },
    });
    expect(await isTargetInTrouble(store.db, target)).toBe(true);
    await store.db.incident.update({ where: { id: incident.id }, data: { status: 'resolved', resolvedAt: new Date() } });
    expect(await isTargetInTrouble(store.db, target)).toBe(false);
  });

  it('answers no for an id that is not a target id, without asking the store', async () => {
    expect(await isTargetInTrouble(store.db, 'not-a-uuid')).toBe(false);
  });
});
