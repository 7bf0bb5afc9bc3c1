import { readFile } from 'node:fs/promises';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startPlainE2ETarget, type PlainE2ETarget } from '../support/e2e-target';

/**
 * Two people run one incident together: one ticks "Did we check the connection pool?", the
 * other sees the tick, with the name and time, without reloading; the postmortem then carries it.
 */
let target: PlainE2ETarget;
let targetId: string;
/** Unique per worker: a retried worker registers its target again. */
const TARGET = `e2e-orders-${process.pid}`;

test.beforeAll(async ({ request }) => {
  target = await startPlainE2ETarget(request, { name: TARGET, maxConnections: 30 });
  targetId = target.id;
});

test.afterAll(async () => {
  await target?.stop();
});

async function declare(request: APIRequestContext, title: string): Promise<{ id: string; number: number }> {
  const response = await request.post('/api/incidents', { data: { title, severity: 'SEV1', by: 'Lead', impact: 'Checkout failing', targetIds: [targetId] } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; number: number };
}

/** The name prompt, whether a write opened it or the header's "Set your name". */
async function giveName(page: Page, name: string): Promise<void> {
  const prompt = page.getByTestId('person-prompt');
  await expect(prompt).toBeVisible();
  await prompt.getByLabel('Your name').fill(name);
  await prompt.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('person-switch')).toHaveText(`You: ${name}`);
}

test('a tick by one person shows up live for another, and lands in the postmortem', async ({ browser, request }) => {
  const incident = await declare(request, 'Orders database refusing connections');
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();

  await bob.goto(`/incidents/${incident.id}`);
  await bob.getByTestId('person-switch').click();
  await giveName(bob, 'Bob');
  // Survives only if the page is never reloaded.
  await bob.evaluate(() => Object.assign(window, { __sameDocument: true }));

  await alice.goto(`/incidents/${incident.id}`);
  await expect(alice.getByTestId('incident-title')).toHaveText('Orders database refusing connections');
  await expect(alice.getByTestId('incident-status')).toHaveText('Investigating');
  const alicePool = alice.locator('[data-testid="checklist-item"][data-kind="pool_check"]');
  await expect(alicePool).toContainText('Did we check the connection pool?');
  // The live evidence of the linked target, before anyone ticks.
  await expect(alicePool.getByTestId('pool-check-findings')).toContainText(TARGET);
  await expect(alicePool.getByTestId('finding-usage')).toHaveText(/\d+%/);

  // Alice has no name yet: ticking asks for it, then goes ahead (so click, not check()).
  await alicePool.getByRole('checkbox').click();
  await giveName(alice, 'Alice');
  await expect(alicePool).toHaveAttribute('data-checked', 'true');
  await expect(alicePool.getByTestId('checked-by')).toContainText('Alice');

  const bobPool = bob.locator('[data-testid="checklist-item"][data-kind="pool_check"]');
  await expect(bobPool).toHaveAttribute('data-checked', 'true');
  await expect(bobPool.getByTestId('checked-by')).toHaveText(/checked by Alice at .*\d{2}:\d{2}/);
  await expect(bobPool.getByRole('checkbox')).toBeChecked();
  await expect(bob.locator('[data-testid="timeline-entry"][data-kind="checklist"]')).toContainText('Alice');
  expect(await bob.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

  const [download] = await Promise.all([bob.waitForEvent('download'), bob.getByTestId('postmortem-download').click()]);
  expect(download.suggestedFilename()).toBe(`INC-${incident.number}-postmortem.md`);
  const markdown = await readFile(await download.path(), 'utf8');
  const timeline = /^## Timeline\s*$([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  expect(timeline).toContain('Alice');
  expect(timeline).toContain('Did we check the connection pool?');
});

test('a note with a script and a javascript: link renders inert', async ({ page, request }) => {
  const incident = await declare(request, 'Injection attempt in a note');
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`/incidents/${incident.id}`);
  await page.getByLabel('Add a note').fill('<script>alert(1)</script>\n\n[x](javascript:alert(2)) **pool** at 29/27');
  await page.getByRole('button', { name: 'Add note' }).click();
  await giveName(page, 'Mallory');

  const note = page.locator('[data-testid="timeline-entry"][data-kind="note"]');
  await expect(note).toContainText('<script>alert(1)</script>');
  await expect(note.locator('strong')).toHaveText('pool');
  await expect(page.getByTestId('timeline').locator('script')).toHaveCount(0);
  const link = note.getByRole('link', { name: 'x' });
  await expect(link).toBeVisible();
  expect((await link.getAttribute('href')) ?? '').not.toMatch(/^\s*javascript:/i);
  expect(dialogs).toEqual([]);
});

test('an incident declared from the header opens with the default checklist', async ({ page }) => {
  await page.goto('/incidents');
  await page.getByTestId('declare-incident').first().click();
  const form = page.getByTestId('declare-form');
  await form.getByLabel('Title').fill('Latency spike on checkout');
  await form.getByRole('radio', { name: /SEV3/ }).check();
  await form.getByRole('checkbox', { name: TARGET }).check();
  await form.getByRole('button', { name: 'Declare' }).click();
  await giveName(page, 'Carol');
  await expect(page.getByTestId('incident-title')).toHaveText('Latency spike on checkout');
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.locator('[data-testid="checklist-item"][data-kind="pool_check"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="timeline-entry"][data-kind="created"]')).toContainText('Carol');
});
