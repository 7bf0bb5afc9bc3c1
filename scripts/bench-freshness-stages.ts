/**
 * End-to-end freshness, stage by stage: a connection with a new application_name is opened on the
 * target, and timed until the target page in headless Chromium shows it in "Who holds the
 * connections" (checked every animation frame). The page collects the browser's stage times of
 * every pushed sample (lib/browser/live-trace.ts); the sample that first saw the application gives
 * the server's stage times (lib/events/stages.ts), so each trial splits into the stages of
 * scripts/bench-stages.ts.
 */
import type { Browser } from '@playwright/test';
import pg from 'pg';
import { decodeStages } from '../lib/events/stages';
import type { LiveTraceEntry } from '../lib/browser/live-trace';
import { sleep } from './support/processes';
import { BEFORE } from './bench-baselines';
import { durations, ms, type BenchApp, type Row } from './bench-support';
import { describeTrial, stageBreakdown, trialTimes, type TrialTimes } from './bench-stages';

/** Runs the trials on a target sampled every `intervalMs` and returns the table rows. */
export async function benchFreshness(app: BenchApp, browser: Browser, targetUrl: string, intervalMs: number): Promise<Row[]> {
  const id = await app.addTarget(`bench-freshness-${intervalMs}`, targetUrl, intervalMs);
  const context = await browser.newContext();
  const events = watchSampleEvents(app.baseUrl);
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__lifeguardLiveTrace = [];
    });
    await page.goto(`${app.baseUrl}/targets/${id}`);
    await page.getByTestId('holders-table').waitFor({ timeout: 30_000 });

    const shownAt: { name: string; opened: number; shown: number }[] = [];
    for (let trial = 0; trial < durations.freshnessStageTrials; trial++) {
      // A random phase against the sampling grid, so the trials cover all of it.
      await sleep(Math.random() * intervalMs);
      const name = `bench-fresh-${intervalMs}-${trial}`;
      const client = new pg.Client({ connectionString: targetUrl, application_name: name });
      try {
        await client.connect();
        // From the moment the connection exists on the server (same clock as the page's Date.now()).
        const opened = Date.now();
        const handle = await page.waitForFunction(
          (wanted) => (document.querySelector(`[data-testid="holder-row"][data-application="${wanted}"]`) ? Date.now() : false),
          name,
          { polling: 'raf', timeout: 30_000 },
        );
        shownAt.push({ name, opened, shown: (await handle.jsonValue()) as number });
      } finally {
        await client.end().catch(() => undefined);
      }
    }

    const trace = await page.evaluate(() => window.__lifeguardLiveTrace ?? []);
    const trials = shownAt.map(({ name, opened, shown }) => {
      const sample = firstSampleShowing(trace, id, name);
      return trialTimes({ opened, shown, delivered: sample && events.seen.get(`${id} ${sample.at}`) }, sample);
    });
    return freshnessRows(intervalMs, trials);
  } finally {
    await events.stop();
    await context.close();
    await fetch(`${app.baseUrl}/api/targets/${id}`, { method: 'DELETE' });
  }
}

/** The first pushed sample of the target that saw the application, with its server stages decoded. */
function firstSampleShowing(trace: readonly LiveTraceEntry[], targetId: string, name: string) {
  const entry = trace.filter((e) => e.targetId === targetId && e.applications.includes(name)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
  return entry && { at: entry.at, stages: decodeStages(Date.parse(entry.at), entry.stages), received: entry.received, applied: entry.applied };
}

function freshnessRows(intervalMs: number, trials: TrialTimes[]): Row[] {
  const label = `freshness at ${intervalMs >= 1000 ? `${intervalMs / 1000} s` : `${intervalMs} ms`}`;
  const steps = stageBreakdown(trials);
  const total = steps[steps.length - 1]!;
  const bar = 2 * intervalMs + 200;
  const over = trials.filter((trial) => trial.shown! - trial.opened! > bar).length;
  const slowest = [...trials].sort((a, b) => b.shown! - b.opened! - (a.shown! - a.opened!))[0];
  const figures = (step: (typeof steps)[number]) => `p50 ${ms(step.p50)}, p95 ${ms(step.p95)}, max ${ms(step.max)}`;
  return [
    ...steps.slice(0, -1).map((step): Row => [`${label}: ${step.label}`, figures(step), step.trials === trials.length ? '' : `timed in ${step.trials} of ${trials.length} trials`]),
    [`${label}: TOTAL (application opened → shown in Chromium)`, figures(total), `${trials.length} trials; goal p95 ≤ ${intervalMs >= 1000 ? ms(intervalMs * 1.1) : ms(400)}, max ≤ ${ms(bar)} (${over} over)${BEFORE.freshness[intervalMs] ? `; ${BEFORE.freshness[intervalMs]}` : ''}`],
    [`${label}: slowest trial`, slowest ? ms(slowest.shown! - slowest.opened!) : '–', slowest ? describeTrial(slowest) : ''],
  ];
}

/**
 * A Node client of the same event stream, noting when each sample event reached it: beside the
 * page's own receipt, this tells the server's flush (and the machine's network) from the delay in
 * the browser before its handler runs.
 */
function watchSampleEvents(baseUrl: string): { seen: Map<string, number>; stop(): Promise<void> } {
  const seen = new Map<string, number>();
  const abort = new AbortController();
  const reading = (async () => {
    const response = await fetch(`${baseUrl}/api/events`, { signal: abort.signal });
    if (!response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const now = Date.now();
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.startsWith('event: sample\n') ? message.split('\n').find((line) => line.startsWith('data: ')) : undefined;
        if (!data) continue;
        const { targetId, at } = JSON.parse(data.slice('data: '.length)) as { targetId: string; at: string };
        seen.set(`${targetId} ${at}`, now);
      }
    }
  })().catch(() => undefined);
  return {
    seen,
    async stop() {
      abort.abort();
      await reading;
    },
  };
}
