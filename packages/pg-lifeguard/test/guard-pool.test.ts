import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { guardPool, reportPool, type PoolReporter } from '../src/index.ts';
import type { PoolReportPayload } from '../src/types.ts';
import { startStub, type Stub } from './lifeguard-stub.ts';

/** guardPool against a loopback Lifeguard stand-in: what it asks, what it reports, what it does to the pool. */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function pool(max: number): pg.Pool {
  const created = new pg.Pool({ max, connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  cleanups.push(() => created.end());
  return created;
}

async function stub(allowance: () => number | null | 'down'): Promise<Stub> {
  const started = await startStub((request) => {
    if (request.path === '/api/ingest') return { status: 202, body: { accepted: 1, duplicates: 0 } };
    const max = allowance();
    if (max === 'down') return { status: 503, body: { error: 'the Lifeguard store is unavailable; retrying' } };
    return { status: 200, body: { maxPerInstance: max, usable: 97, reserve: 12, instances: 6, arithmetic: '…' } };
  });
  cleanups.push(() => started.close());
  return started;
}

function keep(reporter: PoolReporter): PoolReporter {
  cleanups.push(() => reporter.stop());
  return reporter;
}

async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

const options = { application: 'worksmart-web', instance: 'web-1', target: 'production', intervalMs: 250, token: 'ingest-token' };

describe('guardPool', () => {
  it('asks for its allowance at once, keeps the pool to it, and reports the configured max with the allowance in force', async () => {
    let allowance: number | null = 13;
    const lifeguard = await stub(() => allowance);
    const guarded = pool(50);
    const reporter = keep(guardPool(guarded, { ...options, url: lifeguard.url }));
    await waitFor('the first allowance', () => guarded.options.max === 13, 1000);
    const [ask] = lifeguard.requests;
    expect(ask?.path).toBe('/api/applications/worksmart-web/allowance');
    expect(Object.fromEntries(ask?.query ?? [])).toEqual({ instance: 'web-1', target: 'production', poolMax: '50' });
    expect(ask?.authorization).toBe('Bearer ingest-token');

    await waitFor('a report', () => lifeguard.requests.some((request) => request.path === '/api/ingest'));
    const report = (lifeguard.requests.find((request) => request.path === '/api/ingest')?.body as { reports: PoolReportPayload[] }).reports[0];
    expect(report).toMatchObject({ poolMax: 50, guarded: true, allowance: 13 });

    allowance = 30;
    await waitFor('the larger allowance', () => guarded.options.max === 30);
    allowance = null;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(guarded.options.max).toBe(30); // no figure from Lifeguard: the last allowance holds (grace 2 min)
    expect(reporter.guard()).toMatchObject({ configuredMax: 50, max: 30, allowance: 30, current: false });
    reporter.stop();
    expect(guarded.options.max).toBe(50);
  });

  it('holds the last allowance through a Lifeguard outage shorter than the grace period, and returns to the configured max after it', async () => {
    let state: number | 'down' = 8;
    const lifeguard = await stub(() => state);
    const guarded = pool(20);
    const errors: unknown[] = [];
    keep(guardPool(guarded, { ...options, url: lifeguard.url, graceMs: 1000, onError: (error) => errors.push(error) }));
    await waitFor('the allowance', () => guarded.options.max === 8);
    state = 'down';
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(guarded.options.max).toBe(8);
    await waitFor('the configured max', () => guarded.options.max === 20, 3000);
    expect(String(errors[0])).toContain('Lifeguard answered 503: the Lifeguard store is unavailable; retrying');
    state = 8;
    await waitFor('the allowance again', () => guarded.options.max === 8);
  });

  it('never goes below the floor', async () => {
    const lifeguard = await stub(() => 0);
    const guarded = pool(20);
    keep(guardPool(guarded, { ...options, url: lifeguard.url, floor: 3 }));
    await waitFor('the floor', () => guarded.options.max === 3);
  });

  it('without a target, reports unguarded and says why', async () => {
    const lifeguard = await stub(() => 5);
    const guarded = pool(20);
    const errors: unknown[] = [];
    const { target: _target, ...untargeted } = options;
    void _target;
    const reporter = keep(reportPool(guarded, { ...untargeted, url: lifeguard.url, guard: true, onError: (error) => errors.push(error) }));
    expect(String(errors[0])).toContain('a guarded pool needs `target`');
    expect(reporter.guard()).toBeNull();
    await waitFor('a report', () => lifeguard.requests.length > 0);
    expect(lifeguard.requests.every((request) => request.path === '/api/ingest')).toBe(true);
    expect(guarded.options.max).toBe(20);
  });
});
