/**
 * End-to-end freshness as a person sees it: connections opened on a monitored PostgreSQL until
 * the target page in Chromium shows them (`[data-testid="latest-total"]`'s data-total), timed
 * from the moment they exist on the server, in one tab or in several at once.
 */
import type { Page } from '@playwright/test';
import pg from 'pg';
import { sleep } from './support/processes';

/** More than one connection per trial: a probe connection (at most one) can never pass for them. */
export const OPENED_PER_TRIAL = 5;

/**
 * Checked every 16 ms by a timer in the page, not every animation frame: with several tabs open
 * on a busy machine, a tab that is not painted gets no frames, and would never answer.
 * (Playwright's Chromium runs without background timer throttling.)
 */
const POLL_MS = 16;

/** Waits until the target page has its latest total. */
export async function waitForLatestTotal(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="latest-total"][data-total]') !== null, undefined, { polling: POLL_MS, timeout: 60_000 });
}

/** Read in the page, not through a locator: locators wait for animation frames (see POLL_MS). */
async function readTotal(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector('[data-testid="latest-total"]')?.getAttribute('data-total')));
}

/** Resolves as soon as the page's latest total is at least (or at most) `wanted`. */
function waitForTotal(page: Page, wanted: number, atLeast: boolean) {
  return page.waitForFunction(
    ({ n, up }) => {
      const total = Number(document.querySelector('[data-testid="latest-total"]')?.getAttribute('data-total'));
      return up ? total >= n : total <= n;
    },
    { n: wanted, up: atLeast },
    { polling: POLL_MS, timeout: TRIAL_TIMEOUT_MS },
  );
}

/** A page that did not show the connections within this long counts as a miss, not a figure. */
const TRIAL_TIMEOUT_MS = 30_000;

/**
 * One trial: after a random pause (so trials cover the whole sampling interval), opens
 * OPENED_PER_TRIAL connections on the target and answers, per page, the ms until it shows them
 * (Infinity when it did not within TRIAL_TIMEOUT_MS); then closes them and waits until every page
 * is back near its baseline (a probe may add one).
 */
export async function freshnessTrial(pages: readonly Page[], targetUrl: string, intervalMs = 1000): Promise<number[]> {
  await sleep(Math.random() * intervalMs);
  const before = await Promise.all(pages.map(readTotal));
  const clients = Array.from({ length: OPENED_PER_TRIAL }, () => new pg.Client({ connectionString: targetUrl, application_name: 'bench-freshness' }));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    // From the moment the last connection exists on the server.
    const start = performance.now();
    const seen = await Promise.all(
      pages.map(async (page, i) => {
        const shown = await waitForTotal(page, before[i]! + OPENED_PER_TRIAL, true).then(() => true, () => false);
        return shown ? performance.now() - start : Infinity;
      }),
    );
    await Promise.all(clients.map((client) => client.end()));
    await Promise.all(pages.map((page, i) => waitForTotal(page, before[i]! + 1, false).catch(() => undefined)));
    return seen;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}
