import { expect, test } from '@playwright/test';
import { startE2ETarget, type E2ETarget } from '../support/e2e-target';

/**
 * Prevention on the target page: beside each application's configured pool max, the allowance
 * per instance Lifeguard gives it and whether its instances are guarded; and the budget check a
 * deploy script asks through the API.
 */
let target: E2ETarget;
let targetId: string;
/** Unique per worker: a retried worker registers its target again. */
const TARGET = `e2e-guard-${process.pid}`;

test.beforeAll(async ({ request }) => {
  target = await startE2ETarget(request, { name: TARGET, maxConnections: 30 });
  targetId = target.id;
});

test.afterAll(async () => {
  await target?.stop();
});

const report = (application: string, instance: string, poolMax: number, guard: { allowance: number } | null) => ({
  application,
  instance,
  target: TARGET,
  at: new Date().toISOString(),
  poolMax,
  total: 1,
  idle: 1,
  waiting: 0,
  queries: 0,
  errors: 0,
  p50Ms: null,
  p95Ms: null,
  p99Ms: null,
  ...(guard ? { guarded: true, allowance: guard.allowance } : {}),
});

test('the budget panel shows configured max against allowance, and which pools are guarded', async ({ page, request }) => {
  // The allowance needs usable connections: wait for the collector's first sample.
  await expect.poll(async () => (await request.get(`/api/targets/${targetId}/budget`)).json().then((budget: { usable: number | null }) => budget.usable)).toBe(27);
  const ask = async (application: string, instance: string) =>
    (await (await request.get(`/api/applications/${application}/allowance?instance=${instance}&target=${TARGET}&poolMax=20`)).json()) as { maxPerInstance: number };
  // guard-web's pools ask first (as a guard does), then report what they hold to.
  const allowance = (await ask('guard-web', 'web-1')).maxPerInstance;
  const reports = [
    ...['web-1', 'web-2', 'web-3'].map((instance) => report('guard-web', instance, 20, { allowance })),
    report('plain-worker', 'worker-1', 5, null),
  ];
  expect((await request.post('/api/ingest', { data: { reports } })).status()).toBe(202);
  const webAllowance = (await ask('guard-web', 'web-1')).maxPerInstance;

  await page.goto(`/targets/${targetId}`);
  const panel = page.getByTestId('budget-panel');
  const web = panel.locator('[data-testid="budget-application"][data-application="guard-web"]');
  await expect(web.getByTestId('budget-allowance')).toHaveText(webAllowance === allowance ? String(allowance) : `${webAllowance} (held at ${allowance})`);
  await expect(web.getByTestId('budget-guarded')).toHaveText('3 of 3');
  await expect(panel.locator('[data-testid="budget-application"][data-application="plain-worker"]').getByTestId('budget-guarded')).toHaveText('no');
  // Over-committed as configured, and one pool is not guarded: still critical, and it says which share.
  await expect(panel.getByTestId('over-committed')).toHaveAttribute('data-severity', 'critical');
  await expect(panel.getByTestId('over-committed')).toContainText('1 of 4 instances are unguarded.');
  await expect(panel.getByTestId('allowance-line')).toContainText('27 usable − 5 reserve (Lifeguard 2 + 10 % headroom 3) = 22 available');

  const check = await request.post('/api/budget/check', { data: { target: TARGET, application: 'guard-web', instances: 12, poolMax: 50 } });
  expect(check.status()).toBe(200);
  expect(await check.json()).toMatchObject({ fits: false, usable: 27, committed: 605, maxPerInstance: 1 });
});
