import 'server-only';
import pg from 'pg';
import type { Db } from '../store/db';
import { latestSnapshot } from '../samples/snapshot';
import type { Snapshot } from '../samples/types';
import { CHANNELS, type SampleNotification } from './channels';
import { coalesceReports, parseReportsPayload } from './coalesce';
import { coalesceSnapshotReads, type SampleNotice } from './snapshot-reads';
import { readStageTimes, type StageTimes } from './stages';

export type LiveEvent =
  /** `stages`: when the sample passed each stage of the live path so far (lib/events/stages.ts). */
  | { type: 'sample'; targetId: string; snapshot: Snapshot; stages: StageTimes }
  | { type: 'targets' }
  /** Something about the incident changed (fields, checklist, timeline, postmortem): refetch it. */
  | { type: 'incident'; incidentId: string }
  /** Alerts, silences or rules changed: refetch the alert list. */
  | { type: 'alerts' }
  /** These applications reported their pools ('*': too many to list): refetch their series. At most one a second. */
  | { type: 'reports'; applications: string[] | '*' }
  /** The process is stopping: streams should end so the server can exit. */
  | { type: 'shutdown' };

export interface Hub {
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** For in-process services (the collector) that must react to target changes made on any replica. */
  onTargetsChanged(listener: () => void): void;
  /** For the collector's remediation worker: a request for this target waits for its owner. */
  onRemediationRequested(listener: (targetId: string) => void): void;
  /** True while the LISTEN connection to the store is up. */
  listening(): boolean;
  close(): Promise<void>;
}

/**
 * Fans store notifications out to this replica's browsers: one LISTEN connection per process,
 * whoever wrote the sample. The notification carries the target id, the sample's instant and its
 * stage times; the snapshot is read once here for all subscribers, one read at a time per target
 * (lib/events/snapshot-reads.ts). Reconnects with backoff when the store goes away.
 */
export function startHub(options: { url: string; db: Db; log?: (line: string) => void }): Hub {
  const log = options.log ?? console.log;
  const listeners = new Set<(event: LiveEvent) => void>();
  const targetListeners: (() => void)[] = [];
  const remediationListeners: ((targetId: string) => void)[] = [];
  let client: pg.Client | undefined;
  let connected = false;
  let closed = false;
  let retryMs = 250;
  let retryTimer: NodeJS.Timeout | undefined;

  const emit = (event: LiveEvent) => {
    for (const listener of listeners) listener(event);
  };
  const reports = coalesceReports((applications) => emit({ type: 'reports', applications }));
  const snapshots = coalesceSnapshotReads(
    (targetId) => latestSnapshot(options.db, targetId),
    (targetId, snapshot, stages) => emit({ type: 'sample', targetId, snapshot, stages: { ...stages, sent: Date.now() } }),
    (targetId, error) => log(`lifeguard: live update for ${targetId} skipped: ${(error as Error).message}`),
  );

  const onNotification = (message: pg.Notification) => {
    if (message.channel === CHANNELS.targets) {
      for (const listener of targetListeners) listener();
      return emit({ type: 'targets' });
    }
    if (message.channel === CHANNELS.remediation) {
      if (message.payload) for (const listener of remediationListeners) listener(message.payload);
      return;
    }
    if (listeners.size === 0) return;
    if (message.channel === CHANNELS.alerts) return emit({ type: 'alerts' });
    if (message.channel === CHANNELS.reports) {
      const applications = parseReportsPayload(message.payload);
      if (applications) reports.add(applications);
      return;
    }
    if (message.channel === CHANNELS.incidents) {
      if (message.payload) emit({ type: 'incident', incidentId: message.payload });
      return;
    }
    const notifiedAt = Date.now();
    const notice = parseSampleNotification(message.payload);
    if (notice) snapshots.notice({ ...notice, stages: { ...notice.stages, notified: notifiedAt } });
  };

  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: options.url, application_name: 'lifeguard-events' });
    next.on('error', () => {}); // reported through 'end' below
    next.on('notification', onNotification);
    next.on('end', () => {
      if (client !== next) return;
      connected = false;
      scheduleReconnect();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNELS.samples}; LISTEN ${CHANNELS.targets}; LISTEN ${CHANNELS.incidents}; LISTEN ${CHANNELS.alerts}; LISTEN ${CHANNELS.remediation}; LISTEN ${CHANNELS.reports}`);
      connected = true;
      retryMs = 250;
    } catch {
      await next.end().catch(() => {});
      if (client === next) scheduleReconnect();
    }
  };

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 5000);
  };

  void connect();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onTargetsChanged(listener) {
      targetListeners.push(listener);
    },
    onRemediationRequested(listener) {
      remediationListeners.push(listener);
    },
    listening: () => connected,
    async close() {
      closed = true;
      reports.cancel();
      emit({ type: 'shutdown' });
      clearTimeout(retryTimer);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}

/** The target, instant and stage times of a CHANNELS.samples payload; null for one that is not ours. */
export function parseSampleNotification(payload: string | undefined): SampleNotice | null {
  try {
    const parsed = JSON.parse(payload ?? '') as Partial<Record<keyof SampleNotification, unknown>> | null;
    const atMs = typeof parsed?.at === 'string' ? Date.parse(parsed.at) : Number.NaN;
    if (typeof parsed?.targetId !== 'string' || Number.isNaN(atMs)) return null;
    return { targetId: parsed.targetId, atMs, stages: readStageTimes(parsed.stages) };
  } catch {
    return null;
  }
}
