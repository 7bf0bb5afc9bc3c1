import { expect, test, type Page } from '@playwright/test';

/**
 * The forms check what people typed with the API's own schema before anything is sent: the
 * schema (and zod) load on the first submit, not with the page (issue 12), and the message is
 * the one the API would give. Open mode: this browser acts as an admin.
 */

/** Every POST to `path` the page sends, so a test can show that a refused form sent nothing. */
function postsTo(page: Page, path: string): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === path) sent.push(request.url());
  });
  return sent;
}

test('a rule without a name is refused with the API message, then created once named', async ({ page }) => {
  const sent = postsTo(page, '/api/alert-rules');
  await page.goto('/alerts/rules');
  const form = page.getByTestId('rule-create-form');
  await form.getByLabel('Threshold').fill('90');
  await form.getByRole('button', { name: 'Create rule' }).click();
  await expect(form.getByTestId('rule-error')).toHaveText('name is required');
  expect(sent).toEqual([]);

  const name = `e2e usage ${process.pid}`;
  await form.getByLabel('Name').fill(name);
  const created = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/api/alert-rules');
  await form.getByRole('button', { name: 'Create rule' }).click();
  expect((await created).status()).toBe(201);
  await expect(form.getByTestId('rule-error')).toHaveCount(0);
});

test('a receiver with a non-http URL is refused before sending, then added with a good one', async ({ page }) => {
  const sent = postsTo(page, '/api/receivers');
  await page.goto('/alerts/receivers');
  const form = page.getByTestId('receiver-form');
  const name = `e2e hook ${process.pid}`;
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('URL').fill('ftp://example.com/hook');
  await form.getByRole('button', { name: 'Add receiver' }).click();
  // Worded as the API's 400 words it (lib/format/validation.ts), field path first.
  await expect(form.getByRole('alert')).toHaveText('url: url must be an http:// or https:// URL');
  expect(sent).toEqual([]);

  await form.getByLabel('URL').fill('http://127.0.0.1:9/hook');
  await form.getByRole('button', { name: 'Add receiver' }).click();
  await expect(page.getByTestId('receiver').filter({ hasText: name })).toHaveCount(1);
  await expect(form.getByRole('alert')).toHaveCount(0);
});

test('a checklist template with an empty item names the item, and saves once it is removed', async ({ page }) => {
  const sent = postsTo(page, '/api/checklist-templates');
  await page.goto('/checklists');
  await page.getByTestId('new-template').click();
  const editor = page.getByTestId('template-editor');
  const name = `e2e template ${process.pid}`;
  await editor.getByLabel('Name').fill(name);
  await editor.getByLabel('Item 1', { exact: true }).fill('Did we check the pool?');
  await editor.getByRole('button', { name: 'Add item' }).click();
  await editor.getByRole('button', { name: 'Create template' }).click();
  await expect(editor.getByRole('alert')).toHaveText('Item 2: item text is required');
  expect(sent).toEqual([]);

  await editor.getByRole('button', { name: 'Remove item 2' }).click();
  await editor.getByRole('button', { name: 'Create template' }).click();
  await expect(page.getByTestId('template').filter({ hasText: name })).toContainText('1 items');
});
