import { expect, test, type APIRequestContext } from '@playwright/test';
import { startPlainE2ETarget, type PlainE2ETarget } from '../support/e2e-target';

/**
 * What users feel, beside what the database sees: an application reports its pools, and the
 * target page shows its latency and error rate under the connections chart and a panel of its
 * own, updating live as reports arrive; its link leads to the application's page with a row per
 * instance.
 */
let target: PlainE2ETarget;
let targetId: string;
const TARGET = `e2e-feel-${process.pid}`;
const APPLICATION = 'checkout-web';

test.beforeAll(async ({ request }) => {
  target = await startPlainE2ETarget(request, { name: TARGET, maxConnections: 30 });
  targetId = target.id;
});

test.afterAll(async () => {
  await target?.stop();
});

/** One report per instance at `at`, as the node-postgres reporter sends every few seconds. */
async function report(request: APIRequestContext, at: Date, p95Ms: number, errors: number): Promise<void> {
  const reports = ['web-1', 'web-2'].map((instance, i) => ({
    application: APPLICATION,
    instance,
    target: TARGET,
    at: at.toISOString(),
    poolMax: 10,
    total: 4 + i,
    idle: 1,
    waiting: i,
    queries: 200,
    errors,
    refusals: Math.min(errors, 3),
    p50Ms: 2,
    p95Ms: p95Ms + i,
    p99Ms: p95Ms + 50,
  }));
  const response = await request.post('/api/ingest', { data: { reports } });
  expect(response.status(), await response.text()).toBe(202);
}

test('the target page shows what an application feels beside the connections, live, and links to the application', async ({ page, request }) => {
  const now = Date.now();
  for (let k = 12; k >= 1; k--) await report(request, new Date(now - k * 5000), 20 + k, 0);
  await page.goto(`/targets/${targetId}`);

  const feel = page.getByTestId('applications-feel');
  await expect(feel.getByTestId('application-link')).toHaveText(APPLICATION);
  await expect(feel.getByTestId('applications-p95-chart')).toBeVisible();
  await expect(feel.getByTestId('applications-error-chart')).toBeVisible();
  // The applications' chart sits right under the connections chart, at the same width: one time axis.
  const connectionsBox = await page.getByTestId('connections-chart').boundingBox();
  const latencyBox = await feel.getByTestId('applications-p95-chart').boundingBox();
  expect(latencyBox?.width).toBe(connectionsBox?.width);
  expect(latencyBox?.x).toBe(connectionsBox?.x);
  await expect(feel.getByTestId('applications-p95-chart').locator('.recharts-line-curve')).toHaveCount(1);

  const panel = page.locator(`[data-testid="application-panel"][data-application="${APPLICATION}"]`);
  await expect(panel.getByTestId('application-latency-chart')).toBeVisible();
  await expect(panel.getByTestId('application-errors-chart')).toBeVisible();
  await expect(panel.getByTestId('application-pool-chart')).toBeVisible();
  await expect(panel.getByTestId('application-latest')).toContainText('9 of 20 pool connections, 1 waiting, p95 22 ms');

  // A surge: latency climbs and queries are refused. The panel follows without a reload.
  await report(request, new Date(), 480, 40);
  await expect(panel.getByTestId('application-latest')).toContainText('p95 481 ms, 20% errors, 6 refused');

  await feel.getByTestId('application-link').click();
  // The link keeps the range on screen.
  await expect(page).toHaveURL(new RegExp(`/applications/${APPLICATION}\\?range=\\w+$`));
  await expect(page.getByTestId('application-name')).toHaveText(APPLICATION);
  await expect(page.getByTestId('application-summary')).toContainText(`2 instances reporting on ${TARGET}`);
  await expect(page.getByTestId('application-latency-chart')).toBeVisible();
  await expect(page.getByTestId('instance-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="instance-row"][data-instance="web-2"]')).toContainText('5 / 10');
});
