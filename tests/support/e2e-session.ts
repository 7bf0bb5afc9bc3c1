import { expect, type Browser, type BrowserContext } from '@playwright/test';

/** A browser context signed in through the API as that person, the way the sign-in page does it. */
export async function signIn(browser: Browser, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const answer = await context.request.post('/api/session', { data: { email, password } });
  expect(answer.status(), await answer.text()).toBe(200);
  return context;
}
