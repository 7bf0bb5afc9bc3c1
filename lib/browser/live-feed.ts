'use client';

import type { Query, QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Finding } from '@/lib/finding/types';
import type { Snapshot } from '@/lib/samples/types';
import { openFeedGate } from './feed-gate';
import { queryKeys } from './query-keys';
import { traceLiveSample } from './live-trace';
import { rememberSample } from './recent-samples';
import type { SeriesResponse } from './series';
import { appendSample, type LiveSeriesTable } from './series-live';
import type { TimeRange } from './time-range';

export type FeedState = 'connecting' | 'live' | 'down';

export interface FeedStatus {
  state: FeedState;
  /** When this browser last received a sample (its own clock, so server clock skew does not matter). */
  lastSampleAt: number | null;
}

export interface FeedStore {
  get(): FeedStatus;
  subscribe(listener: () => void): () => void;
  update(patch: Partial<FeedStatus>): void;
}

const INITIAL: FeedStatus = { state: 'connecting', lastSampleAt: null };

/** A tiny external store: components subscribe to the slice they need through useSyncExternalStore. */
export function createFeedStore(): FeedStore {
  let status = INITIAL;
  const listeners = new Set<() => void>();
  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(patch) {
      status = { ...status, ...patch };
      for (const listener of listeners) listener();
    },
  };
}

export const FeedContext = createContext<FeedStore | null>(null);

function useFeedStore(): FeedStore {
  const store = useContext(FeedContext);
  if (!store) throw new Error('useFeedStore needs <Providers> above it');
  return store;
}

export function useFeedStatus(): FeedStatus {
  const store = useFeedStore();
  return useSyncExternalStore(store.subscribe, store.get, () => INITIAL);
}

/** Polling period while the feed is not live; with the feed up, pushed samples replace polling. */
export const FALLBACK_POLL_MS = 3000;

/** The refetchInterval for a query: false while live. Subscribes to the state only, not every sample. */
export function usePollInterval(): number | false {
  const store = useFeedStore();
  const state = useSyncExternalStore(store.subscribe, () => store.get().state, () => INITIAL.state);
  return state === 'live' ? false : FALLBACK_POLL_MS;
}

/** Series are refreshed at most this often per target, however fast samples arrive. */
export const MIN_SERIES_REFRESH_MS = 1000;
/** Samples arrive about once a second; without slack a 1 s series would refresh only every 2 s. */
const REFRESH_SLACK_MS = 250;

function isLiveTable(data: unknown): data is LiveSeriesTable {
  return typeof data === 'object' && data !== null && 'live' in data && 'rows' in data;
}

/**
 * Puts one pushed sample into the cache: the target's snapshot and the overview list directly
 * (no request), and the target's charts too: each cached series table takes the sample at its
 * live edge (lib/browser/series-live.ts) and is refetched only when a bucket closes that the
 * client could not compute. Other series of the target (the pools) are marked for refetch once
 * their data is older than one bucket (and at least a second). In-flight fetches are left to
 * finish rather than cancelled and restarted.
 */
export function applySample(client: QueryClient, snapshot: Snapshot, now: number): void {
  const newer = (old: Snapshot | null | undefined) => !old || Date.parse(old.at) <= Date.parse(snapshot.at);
  const current = client.getQueryData<Snapshot | null>(queryKeys.snapshot(snapshot.targetId));
  if (newer(current)) client.setQueryData(queryKeys.snapshot(snapshot.targetId), snapshot);
  // Only update a list that was loaded: a list made of one pushed sample would pass for complete.
  client.setQueryData<Snapshot[]>(queryKeys.snapshots(), (list) => {
    if (!list) return list;
    const index = list.findIndex((s) => s.targetId === snapshot.targetId);
    if (index === -1) return [...list, snapshot];
    if (!newer(list[index])) return list;
    return list.map((s, i) => (i === index ? snapshot : s));
  });
  rememberSample(snapshot);
  for (const query of client.getQueryCache().findAll({ queryKey: queryKeys.seriesOfTarget(snapshot.targetId) })) {
    const data: unknown = query.state.data;
    if (!isLiveTable(data)) continue;
    const params = query.queryKey[2] as { range?: TimeRange } | undefined;
    const { table, refetch } = appendSample(data, snapshot, params?.range?.kind !== 'absolute');
    if (table !== data) client.setQueryData(query.queryKey, table);
    if (refetch) void client.invalidateQueries({ queryKey: query.queryKey, exact: true }, { cancelRefetch: false });
  }
  void client.invalidateQueries(
    { queryKey: queryKeys.seriesOfTarget(snapshot.targetId), predicate: (query) => !isLiveTable(query.state.data) && seriesDue(query, Date.parse(snapshot.at), now) },
    { cancelRefetch: false },
  );
}

/**
 * How long until a cached query should refetch for news: at most once a bucket of `bucketMs`
 * (and a second), and not while it is being fetched (then a second from now: the fetch may have
 * read before the news). 0: now.
 */
function refreshWaitMs(query: Query, bucketMs: number, now: number): number {
  if (query.state.fetchStatus === 'fetching') return MIN_SERIES_REFRESH_MS;
  return Math.max(0, Math.max(MIN_SERIES_REFRESH_MS, bucketMs) - REFRESH_SLACK_MS - (now - query.state.dataUpdatedAt));
}

/** refreshWaitMs of a cached series (key [resource, id, {range, …}]) for news at `at`; null never (a fixed range that ended before). */
function seriesWaitMs(query: Query, at: number, now: number): number | null {
  const params = query.queryKey[2] as { range?: TimeRange } | undefined;
  if (params?.range?.kind === 'absolute' && params.range.to < at) return null;
  return refreshWaitMs(query, (query.state.data as SeriesResponse<string> | undefined)?.stepMs ?? 0, now);
}

const seriesDue = (query: Query, at: number, now: number) => seriesWaitMs(query, at, now) === 0;

/** Reports that found queries not yet due, per client: looked at again once the first is due. */
const laterReports = new WeakMap<QueryClient, { names: Set<string> | null; timer: ReturnType<typeof setTimeout> }>();

function reportAgainLater(client: QueryClient, names: Set<string> | null, waitMs: number): void {
  const pending = laterReports.get(client);
  if (pending) {
    // One timer per client: it takes every name asked meanwhile (null: all of them).
    pending.names = pending.names === null || names === null ? null : new Set([...pending.names, ...names]);
    return;
  }
  const entry = {
    names,
    timer: setTimeout(() => {
      laterReports.delete(client);
      applyReportsEvent(client, entry.names === null ? '*' : [...entry.names], Date.now());
    }, waitMs),
  };
  laterReports.set(client, entry);
}

/**
 * Applications reported their pools ('*': too many to name): their series refetch under the
 * same rule as a target's on a sample, and the application lists at most once a second. Reports
 * come every few seconds, not every second like samples: a query that was not due yet is looked
 * at again once it is, or the last report of a burst would stay off the screen until the next.
 */
export function applyReportsEvent(client: QueryClient, applications: readonly string[] | '*', now: number): void {
  const names = applications === '*' ? null : new Set(applications);
  let nextWaitMs = Number.POSITIVE_INFINITY;
  const dueNow = (waitMs: number | null) => {
    if (waitMs === null) return false;
    if (waitMs > 0) nextWaitMs = Math.min(nextWaitMs, waitMs);
    return waitMs === 0;
  };
  void client.invalidateQueries(
    { queryKey: ['application-series'], predicate: (query) => (names === null || names.has(String(query.queryKey[1]))) && dueNow(seriesWaitMs(query, now, now)) },
    { cancelRefetch: false },
  );
  void client.invalidateQueries(
    {
      queryKey: queryKeys.applicationLists(),
      predicate: (query) => dueNow(refreshWaitMs(query, 0, now)),
    },
    { cancelRefetch: false },
  );
  if (Number.isFinite(nextWaitMs)) reportAgainLater(client, names, nextWaitMs);
}

/**
 * Something about an incident changed (someone else's tick, note, status, postmortem): refetch
 * what shows it. The event carries only the id, so the server's answer stays the one truth.
 */
export function applyIncidentEvent(client: QueryClient, incidentId: string): void {
  for (const key of [queryKeys.incident(incidentId), queryKeys.incidentLists(), queryKeys.postmortemMarkdown(incidentId), queryKeys.actionItemLists(), queryKeys.incidentPeak(incidentId)]) {
    void client.invalidateQueries({ queryKey: key });
  }
}

/**
 * A pushed sample of a target makes its finding, and the findings of incidents linked to it, out
 * of date; refreshed at most once a second, like the series.
 */
export function refreshFindings(client: QueryClient, targetId: string, now: number): void {
  void client.invalidateQueries(
    {
      queryKey: ['incident-findings'],
      predicate: (query) => {
        if (query.state.fetchStatus === 'fetching') return false;
        const findings = query.state.data as Finding[] | undefined;
        if (!findings?.some((finding) => finding.targetId === targetId)) return false;
        return now - query.state.dataUpdatedAt >= MIN_SERIES_REFRESH_MS - REFRESH_SLACK_MS;
      },
    },
    { cancelRefetch: false },
  );
  // The target page's finding panel: the same finding, for one target.
  void client.invalidateQueries(
    {
      queryKey: queryKeys.finding(targetId),
      predicate: (query) => query.state.fetchStatus !== 'fetching' && now - query.state.dataUpdatedAt >= MIN_SERIES_REFRESH_MS - REFRESH_SLACK_MS,
    },
    { cancelRefetch: false },
  );
}

/**
 * An alert changed state (or was acknowledged or silenced): the lists and banner refetch, and so
 * do the findings and budgets, since an alert firing is the moment someone opens them.
 */
export function applyAlertsEvent(client: QueryClient): void {
  for (const key of [queryKeys.alertLists(), queryKeys.silences(), ['finding'], ['budget'], ['incident-findings']]) {
    void client.invalidateQueries({ queryKey: key }, { cancelRefetch: false });
  }
}

/** After the feed was down, whatever it missed is fetched again once. */
function resync(client: QueryClient): void {
  const incidentKeys = [queryKeys.incidentLists(), ['incident'], ['incident-findings'], ['postmortem-markdown'], queryKeys.actionItemLists()];
  const alertKeys = [queryKeys.alertLists(), queryKeys.silences(), ['finding'], ['budget']];
  const applicationKeys = [queryKeys.applicationLists(), ['application-series']];
  for (const key of [queryKeys.targets(), queryKeys.snapshots(), ['snapshot'], ['series'], ...incidentKeys, ...alertKeys, ...applicationKeys]) {
    void client.invalidateQueries({ queryKey: key }, { cancelRefetch: false });
  }
}

const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 10_000;

/**
 * Keeps one EventSource on /api/events for the whole app (mounted once, in Providers) and feeds
 * the React Query cache from it. The browser reconnects by itself after a dropped stream; when
 * it gives up (an HTTP error such as 503 while the store restarts), we reopen with backoff.
 * While `enabled` is false (the sign-in page) no stream is open.
 */
export function useLiveFeed(client: QueryClient, store: FeedStore, { enabled = true, url = '/api/events' }: { enabled?: boolean; url?: string } = {}): void {
  useEffect(() => {
    if (!enabled) {
      openFeedGate();
      return;
    }
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = RETRY_MIN_MS;
    let disposed = false;

    const open = () => {
      source = new EventSource(url);
      source.addEventListener('ready', () => {
        retryMs = RETRY_MIN_MS;
        const wasLive = store.get().state === 'live';
        store.update({ state: 'live' });
        // The page's first reads waited for this moment (feed-gate): nothing to fetch again.
        const firstReadsWaited = openFeedGate();
        if (!wasLive && !firstReadsWaited) resync(client);
      });
      source.addEventListener('sample', (event: MessageEvent<string>) => {
        const now = Date.now();
        let snapshot: Snapshot;
        let stages: unknown;
        try {
          // The live path's stage times ride along (lib/events/stages.ts); the cache keeps the snapshot only.
          ({ stages, ...snapshot } = JSON.parse(event.data) as Snapshot & { stages?: unknown });
        } catch {
          return; // a malformed message must not kill the feed
        }
        applySample(client, snapshot, now);
        refreshFindings(client, snapshot.targetId, now);
        store.update({ lastSampleAt: now });
        traceLiveSample(snapshot, stages, now, Date.now());
      });
      source.addEventListener('incident', (event: MessageEvent<string>) => {
        try {
          const { incidentId } = JSON.parse(event.data) as { incidentId?: unknown };
          if (typeof incidentId === 'string') applyIncidentEvent(client, incidentId);
        } catch {
          // a malformed message must not kill the feed
        }
      });
      source.addEventListener('alerts', () => applyAlertsEvent(client));
      source.addEventListener('reports', (event: MessageEvent<string>) => {
        try {
          const { applications } = JSON.parse(event.data) as { applications?: unknown };
          if (applications === '*' || (Array.isArray(applications) && applications.every((name) => typeof name === 'string'))) {
            applyReportsEvent(client, applications, Date.now());
          }
        } catch {
          // a malformed message must not kill the feed
        }
      });
      source.addEventListener('targets', () => {
        void client.invalidateQueries({ queryKey: queryKeys.targets() });
        void client.invalidateQueries({ queryKey: queryKeys.snapshots() });
      });
      source.onerror = () => {
        if (disposed) return;
        openFeedGate(); // reads go ahead without the feed, and poll
        store.update({ state: 'down' });
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retryTimer = setTimeout(open, retryMs);
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        }
      };
    };

    open();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      source?.close();
      // Closed on purpose: whatever arrives meanwhile is missed, so the next 'ready' resyncs.
      store.update({ state: 'connecting' });
    };
  }, [client, store, url, enabled]);
}
