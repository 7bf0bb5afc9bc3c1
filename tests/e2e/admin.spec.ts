import { expect, test } from '@playwright/test';

/**
 * The admin screens, on a Lifeguard with no account yet (open to local use, so this browser acts
 * as an admin). Nothing here creates a user: one account would close the open mode the other
 * specs rely on.
 */
test('an API token is shown once, listed, revoked, and both changes are in the audit log', async ({ page }) => {
  const name = `e2e token ${process.pid}`;
  await page.goto('/admin/tokens');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Scope').selectOption('read');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('new-token')).toHaveText(/^lgt_/);

  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('read');
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');

  await page.goto('/admin/audit');
  await expect(page.getByRole('row').filter({ hasText: 'token.create' }).filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: 'token.revoke' })).not.toHaveCount(0);
});

test('a new account with a short password is refused before anything is sent', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/users') sent.push(request.url());
  });
  await page.goto('/admin/users');
  await page.getByLabel('Email').fill('new.person@example.test');
  await page.getByLabel('Display name').fill('New person');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'password' })).toHaveText('password must be at least 12 characters');
  expect(sent).toEqual([]);
});
