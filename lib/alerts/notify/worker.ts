import 'server-only';
import type { Db } from '../../store/db';
import type { Prisma } from '../../generated/prisma/client';
import { errorMessage, startSerialLoop } from '../../serial-loop';
import { alertmanagerAlerts, alertmanagerAlertsUrl } from './alertmanager';
import { ACKNOWLEDGED } from './acknowledge';
import { INCIDENT_POST, type IncidentPost } from '../../incidents/channel/post';
import { incidentSlackPayload } from '../../incidents/channel/slack';
import { pagerDutyEvent, pagerDutyEvents } from './pagerduty';
import { slackPayload, webhookPayload, type GroupNotification } from './payload';

/**
 * Sends queued deliveries (one message per group of alerts, written by the evaluator: see
 * lib/alerts/notify/flush.ts; and incidents' messages to their channel, written with their
 * timeline entry: lib/incidents/channel/outbox.ts) on its own loop, so a slow or dead receiver
 * never holds up evaluation. Each attempt has a 5 s timeout; a failure is retried after 1 s,
 * 5 s and 30 s, then the delivery is marked failed. Rows are claimed with FOR UPDATE SKIP
 * LOCKED and a lease (next_attempt_at moved past the timeout), so several replicas share the
 * queue without sending anything twice, and a replica that dies mid-send leaves the row to be
 * retried when the lease runs out.
 */
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const;
export const SEND_TIMEOUT_MS = 5_000;
const LEASE_MS = SEND_TIMEOUT_MS + 5_000;
const BATCH = 20;

export interface DeliveryWorkerOptions {
  db: Db;
  /** Lifeguard's own address, for links in the payloads. */
  lifeguardUrl: string;
  /** How often the queue is looked at. Default 500 ms. */
  pollMs?: number;
  log?: (message: string) => void;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

interface ClaimedRow {
  id: string;
  event: string;
  attempts: number;
  payload: Prisma.JsonValue;
  kind: string;
  /** The receiver's name, for the log: its URL is a secret (Slack's is the credential) and never printed. */
  receiver_name: string;
  url: string;
  routing_key: string | null;
  repeat_interval_seconds: number;
}

/** One HTTP POST of a delivery. */
interface Post {
  url: string;
  body: unknown;
}

/**
 * What a delivery sends, by the receiver's kind. PagerDuty takes one event per alert, so its
 * delivery is several POSTs, sent in order; a failure retries the whole delivery, which PagerDuty
 * takes calmly (events are idempotent per dedup_key), as does Alertmanager (alerts are keyed by labels).
 */
export function deliveryPosts(row: Pick<ClaimedRow, 'event' | 'kind' | 'url' | 'routing_key' | 'repeat_interval_seconds' | 'payload'>, lifeguardUrl: string, now: Date): Post[] {
  if (row.event === INCIDENT_POST) {
    // Incident channels are Slack receivers; one changed to another kind since has nothing to send.
    return row.kind === 'slack' ? [{ url: row.url, body: incidentSlackPayload(row.payload as unknown as IncidentPost, lifeguardUrl) }] : [];
  }
  const message = row.payload as unknown as GroupNotification;
  if (row.event === ACKNOWLEDGED) {
    // Queued for pagerduty receivers only; a receiver since changed to another kind has nothing to send.
    if (row.kind !== 'pagerduty') return [];
    return message.firing.map((alert) => ({ url: row.url, body: pagerDutyEvent(alert, 'acknowledge', row.routing_key ?? '', lifeguardUrl) }));
  }
  switch (row.kind) {
    case 'slack':
      return [{ url: row.url, body: slackPayload(message, lifeguardUrl) }];
    case 'pagerduty':
      return pagerDutyEvents(message, row.routing_key ?? '', lifeguardUrl).map((event) => ({ url: row.url, body: event }));
    case 'alertmanager':
      return [{ url: alertmanagerAlertsUrl(row.url), body: alertmanagerAlerts(message, lifeguardUrl, now, row.repeat_interval_seconds) }];
    default:
      return [{ url: row.url, body: webhookPayload(message, lifeguardUrl) }];
  }
}

/** Delay before the next attempt after `attempts` failed ones, or null when there is none left. */
export function retryDelay(attempts: number): number | null {
  return RETRY_DELAYS_MS[attempts - 1] ?? null;
}

export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { db } = options;
  const log = options.log ?? ((message: string) => console.warn(`[notify] ${message}`));
  return startSerialLoop(async () => {
    try {
      const claimed = await claim(db);
      await Promise.all(claimed.map((row) => attempt(db, row, options.lifeguardUrl, log)));
    } catch (error) {
      log(`delivery pass failed: ${errorMessage(error)}`);
    }
  }, options.pollMs ?? 500);
}

/**
 * Due deliveries, oldest first; a delivery waits while an earlier one for the same group and
 * receiver is still pending, so a receiver never hears a group's messages out of order.
 */
async function claim(db: Db): Promise<ClaimedRow[]> {
  const lease = new Date(Date.now() + LEASE_MS);
  return db.$queryRaw<ClaimedRow[]>`
    WITH due AS (
      SELECT d.id FROM deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.receiver_id = d.receiver_id AND e.group_key = d.group_key
                        AND e.status = 'pending' AND e.created_at < d.created_at)
      ORDER BY d.created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    UPDATE deliveries SET next_attempt_at = ${lease}::timestamptz FROM due, receivers r
    WHERE deliveries.id = due.id AND r.id = deliveries.receiver_id
    RETURNING deliveries.id, deliveries.event, deliveries.attempts, deliveries.payload, r.kind, r.name AS receiver_name, r.url, r.routing_key, r.repeat_interval_seconds`;
}

async function attempt(db: Db, row: ClaimedRow, lifeguardUrl: string, log: (message: string) => void): Promise<void> {
  const attempts = row.attempts + 1;
  let status: number | null = null;
  let error: string | null = null;
  for (const post of deliveryPosts(row, lifeguardUrl, new Date())) {
    ({ status, error } = await send(post));
    // The error is logged and shown in the delivery log: never with the URL in it (a secret).
    if (error !== null) error = error.replaceAll(post.url, '<receiver url>');
    if (error !== null) break;
  }
  if (error === null) {
    await db.delivery.update({ where: { id: row.id }, data: { status: 'delivered', attempts, responseStatus: status, lastError: null, deliveredAt: new Date() } });
    return;
  }
  const delay = retryDelay(attempts);
  if (delay === null) log(`delivery ${row.id} (${row.event}) to receiver “${row.receiver_name}” failed after ${attempts} attempts: ${error}`);
  await db.delivery.update({
    where: { id: row.id },
    data: delay === null
      ? { status: 'failed', attempts, responseStatus: status, lastError: error }
      : { attempts, responseStatus: status, lastError: error, nextAttemptAt: new Date(Date.now() + delay) },
  });
}

async function send(post: Post): Promise<{ status: number | null; error: string | null }> {
  try {
    const response = await fetch(post.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Lifeguard-Alerts' },
      body: JSON.stringify(post.body),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      redirect: 'manual',
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
  } catch (err) {
    return { status: null, error: describeFetchError(err) };
  }
}

function describeFetchError(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return err instanceof Error ? err.message : String(err);
}
