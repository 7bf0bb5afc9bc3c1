import { expect, test } from '@playwright/test';
import { startE2EFlood, type E2EFlood } from '../support/e2e-flood';

/**
 * From "who" to "why", and back in time: during a flood by an application whose pools add up to
 * more than the server allows, the target page names the cause with the pool max that fits; after
 * the flood, clicking the chart inside it shows who held the connections then, and why, until
 * "back to live".
 */
let targetId: string;
let flood: E2EFlood;
const TARGET = `e2e-why-${process.pid}`;
const APPLICATION = 'storm-web';
/** 3 instances × pool max 20 = 60, against 27 usable. */
const INSTANCES = ['web-1', 'web-2', 'web-3'];
const POOL_MAX = 20;

test.beforeAll(async ({ request }) => {
  flood = await startE2EFlood(request, { target: TARGET, maxConnections: 30, application: APPLICATION, instances: INSTANCES, poolMax: POOL_MAX });
  targetId = flood.targetId;
});

test.afterAll(async () => {
  await flood?.stop();
});

test('the target page names the cause of a flood, and a click on the chart shows who held the connections then', async ({ page, request }) => {
  await flood.reportPools(request, () => 1);
  await page.goto(`/targets/${targetId}`);
  await expect(page.getByTestId('connections-chart')).toBeVisible();

  await flood.untilRefused();
  await flood.reportPools(request, () => 8);
  const floodedFrom = Date.now();

  // Why: over-budget pools, with the pool max per instance that fits beside Lifeguard's own two.
  const finding = page.getByTestId('finding-panel');
  const overBudget = finding.locator('[data-testid="cause"][data-kind="over-budget"]');
  await expect(overBudget).toBeVisible();
  await expect(overBudget).toContainText(`${APPLICATION}: 3 instances × pool max ${POOL_MAX} = 60 > 27 usable`);
  await expect(overBudget.getByTestId('cause-fix')).toHaveText(`Fix: ${APPLICATION}: pool max ≤ 8 per instance: 3 × 8 + 2 = 26 ≤ 27 (2 for Lifeguard)`);

  // A few samples of the flood, then it ends and the live holders no longer show it.
  await page.waitForTimeout(4000);
  const floodedTo = Date.now();
  await flood.release();
  const floodRow = page.locator(`[data-testid="holder-row"][data-application="${APPLICATION}"]`);
  await expect(floodRow).toHaveCount(0);

  // Back in time: the chart over the flood's seconds, clicked in the middle.
  await page.goto(`/targets/${targetId}?from=${floodedFrom}&to=${floodedTo}`);
  const chart = page.getByTestId('connections-chart').locator('.recharts-surface').first();
  await expect(chart).toBeVisible();
  await expect(page.getByTestId('moment-bar')).toHaveCount(0);
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // As a person does: move the pointer onto the chart (it reads the pointer once per animation
  // frame), then click; a click that lands before the pointing registered picks nothing: try again.
  // The URL changes once the page for the moment has been fetched (seconds on a busy machine).
  await expect(async () => {
    await page.mouse.move(x - 30, y);
    await page.mouse.move(x, y, { steps: 5 });
    await page.mouse.click(x, y);
    await expect(page).toHaveURL(/[?&]at=\d+/, { timeout: 10_000 });
  }).toPass({ timeout: 45_000 });
  const at = Number(new URL(page.url()).searchParams.get('at'));
  expect(at).toBeGreaterThanOrEqual(floodedFrom - 1000);
  expect(at).toBeLessThanOrEqual(floodedTo + 1000);
  await expect(page.getByTestId('moment-bar')).toContainText(/Viewing \d{1,2}:\d{2}:\d{2}/);
  const moment = page.getByTestId('moment');
  await expect(moment.locator('[data-testid="cause"][data-kind="over-budget"]')).toBeVisible();
  await expect(moment.getByTestId('cause-fix').first()).toContainText(`${APPLICATION}: pool max ≤ 8 per instance`);
  await expect(floodRow).toHaveCount(1);
  expect(Number(await floodRow.getAttribute('data-total'))).toBeGreaterThanOrEqual(20);

  // The moment is in the URL: a reload shows the same past.
  await page.reload();
  await expect(page.getByTestId('moment-bar')).toBeVisible();
  await expect(floodRow).toHaveCount(1);

  await page.getByTestId('back-to-live').click();
  await expect(page).not.toHaveURL(/[?&]at=/);
  await expect(page.getByTestId('moment-bar')).toHaveCount(0);
  await expect(page.getByTestId('holders-table')).toContainText('lifeguard');
  await expect(floodRow).toHaveCount(0);
});
