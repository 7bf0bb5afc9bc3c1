import { describe, expect, it, vi } from 'vitest';
import { applyReportsEvent, applySample } from '@/lib/browser/live-feed';
import { makeQueryClient } from '@/lib/browser/query-client';
import { queryKeys } from '@/lib/browser/query-keys';
import type { SeriesResponse } from '@/lib/browser/series';
import { liveTable, type LiveSeriesTable } from '@/lib/browser/series-live';
import type { Snapshot } from '@/lib/samples/types';

const NOW = Date.UTC(2025, 0, 1, 3, 0, 0);

function snapshot(targetId: string, at: number, total: number): Snapshot {
  return {
    targetId, at: new Date(at).toISOString(), maxConnections: 100, reservedConnections: 3, usableConnections: 97, total,
    states: null, waiting: 0, oldestXactSeconds: null, applications: [], probeLatencyMs: 1, connectLatencyMs: null,
    commitsPerSec: null, rollbacksPerSec: null, deadlocksPerSec: null, error: null, errorCode: null,
  };
}

function seededSeries(stepMs: number): SeriesResponse {
  return { metric: 'total', from: NOW - 300 * stepMs, to: NOW, stepMs, points: [] };
}

describe('applySample', () => {
  it('writes the snapshot into the target query and the loaded overview list', () => {
    const client = makeQueryClient();
    client.setQueryData(queryKeys.snapshots(), [snapshot('a', NOW - 1000, 1), snapshot('b', NOW - 1000, 2)]);
    applySample(client, snapshot('a', NOW, 50), NOW);
    expect(client.getQueryData<Snapshot>(queryKeys.snapshot('a'))?.total).toBe(50);
    expect(client.getQueryData<Snapshot[]>(queryKeys.snapshots())?.map((s) => s.total)).toEqual([50, 2]);
    applySample(client, snapshot('c', NOW, 3), NOW);
    expect(client.getQueryData<Snapshot[]>(queryKeys.snapshots())).toHaveLength(3);
  });

  it('does not invent an overview list that was never loaded', () => {
    const client = makeQueryClient();
    applySample(client, snapshot('a', NOW, 50), NOW);
    expect(client.getQueryData(queryKeys.snapshots())).toBeUndefined();
  });

  it('never replaces a newer snapshot with an older one', () => {
    const client = makeQueryClient();
    applySample(client, snapshot('a', NOW, 50), NOW);
    applySample(client, snapshot('a', NOW - 1000, 10), NOW);
    expect(client.getQueryData<Snapshot>(queryKeys.snapshot('a'))?.total).toBe(50);
  });

  it('invalidates a series only once its data is a bucket (and at least a second) old', () => {
    const client = makeQueryClient();
    const fine = queryKeys.series('a', { metrics: ['total'], range: { kind: 'relative', range: '5m' }, points: 300 });
    const coarse = queryKeys.series('a', { metrics: ['total'], range: { kind: 'relative', range: '24h' }, points: 300 });
    const other = queryKeys.series('b', { metrics: ['total'], range: { kind: 'relative', range: '5m' }, points: 300 });
    client.setQueryData(fine, seededSeries(1000), { updatedAt: NOW - 500 });
    client.setQueryData(coarse, seededSeries(288_000), { updatedAt: NOW - 5000 });
    client.setQueryData(other, seededSeries(1000), { updatedAt: NOW - 5000 });
    applySample(client, snapshot('a', NOW, 1), NOW);
    expect(client.getQueryState(fine)?.isInvalidated).toBe(false);
    applySample(client, snapshot('a', NOW + 1000, 1), NOW + 1000);
    expect(client.getQueryState(fine)?.isInvalidated).toBe(true);
    expect(client.getQueryState(coarse)?.isInvalidated).toBe(false);
    expect(client.getQueryState(other)?.isInvalidated).toBe(false);
    applySample(client, snapshot('a', NOW + 290_000, 1), NOW + 290_000);
    expect(client.getQueryState(coarse)?.isInvalidated).toBe(true);
  });

  it('appends a pushed sample to a cached series table without a request', () => {
    const client = makeQueryClient();
    const key = queryKeys.series('a', { metrics: ['total', 'waiting'], range: { kind: 'relative', range: '5m' }, points: 300 });
    client.setQueryData(key, liveTable({ metrics: ['total', 'waiting'], from: NOW - 300_000, to: NOW + 1000, stepMs: 1000, rows: [[NOW - 1000, 4, 0]] }, NOW - 500));
    applySample(client, snapshot('a', NOW, 9), NOW);
    expect(client.getQueryData<LiveSeriesTable>(key)?.rows).toEqual([[NOW - 1000, 4, 0], [NOW, 9, 0]]);
    expect(client.getQueryState(key)?.isInvalidated).toBe(false);
  });

  it('leaves a fixed range that ended before the sample alone', () => {
    const client = makeQueryClient();
    const past = queryKeys.series('a', { metrics: ['total'], range: { kind: 'absolute', from: NOW - 60_000, to: NOW - 30_000 }, points: 300 });
    client.setQueryData(past, seededSeries(100), { updatedAt: NOW - 60_000 });
    applySample(client, snapshot('a', NOW, 1), NOW);
    expect(client.getQueryState(past)?.isInvalidated).toBe(false);
  });
});

describe('applyReportsEvent', () => {
  const seeded = (stepMs: number) => ({ application: 'web', metric: 'p95Ms', from: NOW - 300 * stepMs, to: NOW, stepMs, source: 'raw', points: [] });

  it('refreshes the series of the applications that reported (all of them for "*"), at most once a bucket, and their lists', () => {
    const client = makeQueryClient();
    const web = queryKeys.applicationSeries('web', { metric: 'p95Ms', range: { kind: 'relative', range: '5m' }, points: 300 });
    const coarse = queryKeys.applicationSeries('web', { metric: 'p95Ms', range: { kind: 'relative', range: '24h' }, points: 300 });
    const past = queryKeys.applicationSeries('web', { metric: 'p95Ms', range: { kind: 'absolute', from: NOW - 7200_000, to: NOW - 3600_000 }, points: 300 });
    const worker = queryKeys.applicationSeries('worker', { metric: 'p95Ms', range: { kind: 'relative', range: '5m' }, points: 300 });
    const list = queryKeys.applications({ targetId: 't', range: { kind: 'relative', range: '5m' } });
    for (const key of [web, past, worker]) client.setQueryData(key, seeded(1000), { updatedAt: NOW - 5000 });
    client.setQueryData(coarse, seeded(288_000), { updatedAt: NOW - 5000 });
    client.setQueryData(list, [], { updatedAt: NOW - 5000 });
    applyReportsEvent(client, ['web'], NOW);
    expect([web, coarse, past, worker, list].map((key) => client.getQueryState(key)?.isInvalidated)).toEqual([true, false, false, false, true]);
    applyReportsEvent(client, '*', NOW);
    expect(client.getQueryState(worker)?.isInvalidated).toBe(true);
  });

  it('looks again at a list fetched a moment before the report, once it is due: the last report of a burst reaches the screen', async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const client = makeQueryClient();
      const list = queryKeys.applications({ targetId: 't', range: { kind: 'relative', range: '5m' } });
      client.setQueryData(list, [], { updatedAt: NOW - 200 });
      applyReportsEvent(client, ['web'], NOW);
      expect(client.getQueryState(list)?.isInvalidated).toBe(false);
      await vi.advanceTimersByTimeAsync(500);
      expect(client.getQueryState(list)?.isInvalidated).toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      expect(client.getQueryState(list)?.isInvalidated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
