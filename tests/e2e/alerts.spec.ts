import { expect, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { startE2ETarget, type E2ETarget } from '../support/e2e-target';

/**
 * The outage, replayed: an application whose pools add up to more than the server allows floods
 * it until it refuses connections. The banner must say so, critically, and its link must lead to
 * a finding that names the application and the budget arithmetic — the question that once took
 * 70 minutes, answered in one click.
 */
let target: E2ETarget;
let targetId: string;
let appUrl: string;
/** Unique per worker: a retried worker registers its target again. */
const TARGET = `e2e-flood-${process.pid}`;
const APPLICATION = 'flood-web';
const INSTANCES = ['web-1', 'web-2', 'web-3', 'web-4'];
const POOL_MAX = 20;
const clients: pg.Client[] = [];

test.beforeAll(async ({ request }) => {
  target = await startE2ETarget(request, { name: TARGET, maxConnections: 30 });
  targetId = target.id;
  appUrl = target.appUrl;
});

test.afterAll(async () => {
  await release();
  await target?.stop();
});

async function release(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
}

/** Each instance of the app reports its pool: 4 instances × pool max 20 = 80, far over the usable 27. */
async function reportPools(request: APIRequestContext, totalPerInstance: (index: number) => number): Promise<void> {
  const at = new Date().toISOString();
  const reports = INSTANCES.map((instance, i) => {
    const total = totalPerInstance(i);
    return { application: APPLICATION, instance, target: TARGET, at, poolMax: POOL_MAX, total, idle: total, waiting: 0, queries: 0, errors: 0, p50Ms: null, p95Ms: null, p99Ms: null };
  });
  const response = await request.post('/api/ingest', { data: { reports } });
  expect(response.status(), await response.text()).toBe(202);
}

/** Opens connections as the app until the server refuses one ("too many clients", SQLSTATE 53300). */
async function floodUntilRefused(): Promise<number> {
  for (let i = 0; i < 60; i++) {
    const client = new pg.Client({ connectionString: appUrl, application_name: APPLICATION, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      clients.push(client);
    } catch (error) {
      await client.end().catch(() => {});
      expect((error as { code?: string }).code).toBe('53300');
      return clients.length;
    }
  }
  throw new Error('the server never refused a connection');
}

const BUDGET_SENTENCE = new RegExp(`${APPLICATION}: 4 instances × pool max ${POOL_MAX} = 80 > \\d+ usable`);

test('a flood fires a critical alert whose link leads to the finding naming the application and its budget', async ({ page, request }) => {
  await reportPools(request, () => 1);
  await page.goto(`/targets/${targetId}`);
  // Over-commitment shows before any flood, with the arithmetic.
  const budget = page.getByTestId('budget-panel');
  await expect(budget).toHaveAttribute('data-over-committed', 'true');
  await expect(budget.getByTestId('budget-line')).toHaveText(BUDGET_SENTENCE);
  await expect(page.getByTestId('finding-panel')).toHaveCount(0);

  const opened = await floodUntilRefused();
  // The instances now report what they hold, as the pool client would every few seconds.
  await reportPools(request, (i) => Math.min(POOL_MAX, Math.max(0, opened - i * POOL_MAX)));

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

  await release();
});
