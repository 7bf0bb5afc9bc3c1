import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { startLocalPostgres, type LocalPostgres } from '../../lib/store/local-postgres';

/**
 * The on-call engineer's path: register a database, then watch its connections appear on the
 * dashboard, live, as an application opens them — no reload.
 */
let target: LocalPostgres;
let dir: string;
const clients: pg.Client[] = [];

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeguard-e2e-target-'));
  target = await startLocalPostgres({ dir, maxConnections: 40 });
});

test.afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await target?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function openConnections(count: number, applicationName: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    const client = new pg.Client({ connectionString: target.url(), application_name: applicationName });
    await client.connect();
    clients.push(client);
  }
}

test('a registered database shows its connections and who holds them, updating live', async ({ page }) => {
  await page.goto('/targets');
  await page.getByLabel('Name').fill('e2e-production');
  await page.getByLabel('Connection URL').fill(target.url());
  await page.getByLabel(/Interval/).fill('500');
  await page.getByRole('button', { name: /add/i }).click();
  const row = page.getByRole('link', { name: 'e2e-production' });
  await expect(row).toBeVisible();
  // The password never reaches the page.
  await expect(page.locator('body')).not.toContainText(target.url());

  await row.click();
  await expect(page.getByTestId('connections-chart')).toBeVisible();
  const holders = page.getByTestId('holders-table');
  await expect(holders).toContainText('lifeguard');
  await expect(holders).not.toContainText('checkout-service');
  const latestTotal = page.getByTestId('latest-total');
  await expect(latestTotal).toHaveAttribute('data-total', /\d+/);
  const totalBefore = Number(await latestTotal.getAttribute('data-total'));

  await openConnections(7, 'checkout-service');

  // Without reloading: the holders table names the new application with its 7 connections…
  const checkoutRow = page.locator('[data-testid="holder-row"][data-application="checkout-service"]');
  await expect(checkoutRow).toHaveAttribute('data-total', '7');
  // …and the chart's latest total grows by the same 7.
  await expect(latestTotal).toHaveAttribute('data-total', String(totalBefore + 7));
  await expect(latestTotal).toContainText(`${totalBefore + 7} connections of 37 usable`);
});
