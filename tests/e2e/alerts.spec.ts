import { expect, test } from '@playwright/test';
import { startE2EFlood, type E2EFlood } from '../support/e2e-flood';

/**
 * The outage, replayed: an application whose pools add up to more than the server allows floods
 * it until it refuses connections. The banner must say so, critically, and its link must lead to
 * a finding that names the application and the budget arithmetic — the question that once took
 * 70 minutes, answered in one click.
 */
let targetId: string;
let flood: E2EFlood;
/** Unique per worker: a retried worker registers its target again. */
const TARGET = `e2e-flood-${process.pid}`;
const APPLICATION = 'flood-web';
/** Each instance of the app reports its pool: 4 instances × pool max 20 = 80, far over the usable 27. */
const INSTANCES = ['web-1', 'web-2', 'web-3', 'web-4'];
const POOL_MAX = 20;

test.beforeAll(async ({ request }) => {
  flood = await startE2EFlood(request, { target: TARGET, maxConnections: 30, application: APPLICATION, instances: INSTANCES, poolMax: POOL_MAX });
  targetId = flood.targetId;
});

test.afterAll(async () => {
  await flood?.stop();
});

const BUDGET_SENTENCE = new RegExp(`${APPLICATION}: 4 instances × pool max ${POOL_MAX} = 80 > \\d+ usable`);

test('a flood fires a critical alert whose link leads to the finding naming the application and its budget', async ({ page, request }) => {
  await flood.reportPools(request, () => 1);
  await page.goto(`/targets/${targetId}`);
  // Over-commitment shows before any flood, with the arithmetic.
  const budget = page.getByTestId('budget-panel');
  await expect(budget).toHaveAttribute('data-over-committed', 'true');
  await expect(budget.getByTestId('budget-line')).toHaveText(BUDGET_SENTENCE);
  await expect(page.getByTestId('finding-panel')).toHaveCount(0);

  const opened = await flood.untilRefused();
  // The instances now report what they hold, as the pool client would every few seconds.
  await flood.reportPools(request, (i) => Math.min(POOL_MAX, Math.max(0, opened - i * POOL_MAX)));

  // The banner (on every page, so here too) shows a critical alert for this target.
  const critical = page.locator(`[data-testid="alert-banner-item"][data-severity="critical"][data-target-id="${targetId}"]`);
  await expect(critical.first()).toBeVisible();
  await expect(page.getByTestId('alert-banner')).toContainText(TARGET);
  // The target page opens its finding by itself while the target is saturated.
  await expect(page.getByTestId('finding-panel')).toBeVisible();

  // The banner's link goes to the finding: the incident's pool check once the refusal has opened
  // an incident by itself, this target's finding panel before that. Followed from another page.
  await page.goto('/');
  const link = page.locator(`[data-testid="alert-banner-item"][data-severity="critical"][data-target-id="${targetId}"]`).getByTestId('finding-link').first();
  await expect(link).toHaveAttribute('href', /^\/(incidents\/[^#]+#pool-check|targets\/[^#]+#finding)$/);
  await link.click();
  await expect(page).toHaveURL(/#(pool-check|finding)$/);
  // Read where the click landed, not the link beforehand: the link moves to the incident as soon as one opens.
  const finding = page.locator(page.url().endsWith('#pool-check') ? '[data-testid="pool-finding"]' : '[data-testid="finding-panel"]');
  await expect(finding).toBeVisible();
  await expect(finding.locator(`[data-testid="finding-application"][data-application="${APPLICATION}"]`).first()).toBeVisible();
  await expect(finding.getByTestId('budget-line').filter({ hasText: APPLICATION }).first()).toHaveText(BUDGET_SENTENCE);
  await expect(finding.getByTestId('finding-budget')).toHaveAttribute('data-over-committed', 'true');

  // The alerts page counts what the flood did per rule and target: one refusal episode, and no
  // notification (no receiver is set up here).
  await page.goto('/alerts');
  const refusal = page.locator(`[data-testid="alert-row"][data-metric="refusing"]`).filter({ hasText: TARGET });
  await expect(refusal.getByTestId('alert-activity')).toHaveText('1 episode · 0 notifications');

  await flood.release();
});
