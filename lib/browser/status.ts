import type { Snapshot } from '@/lib/samples/types';

export type UsageLevel = 'ok' | 'warning' | 'critical';

export const USAGE_WARNING = 80;
export const USAGE_CRITICAL = 95;

/** total / usable as a percentage; null when either figure is unknown (unreachable, no data). */
export function usagePercent(snapshot: Pick<Snapshot, 'total' | 'usableConnections'> | null | undefined): number | null {
  if (!snapshot || snapshot.total === null || snapshot.usableConnections === null || snapshot.usableConnections <= 0) return null;
  return (100 * snapshot.total) / snapshot.usableConnections;
}

export function usageLevel(percent: number | null): UsageLevel {
  if (percent === null) return 'ok';
  if (percent >= USAGE_CRITICAL) return 'critical';
  if (percent >= USAGE_WARNING) return 'warning';
  return 'ok';
}

/** SQLSTATE 53300: "sorry, too many clients already". */
const TOO_MANY_CLIENTS = '53300';

export type TargetHealth = 'ok' | 'refusing' | 'unreachable' | 'stale' | 'no-data';

/** A sample older than this many collection intervals means the figures shown are not current. */
export const STALE_INTERVALS = 3;
/** Floor for very short intervals, so network jitter alone never flags a target stale. */
const MIN_STALE_MS = 3000;

export function staleAfterMs(intervalMs: number): number {
  return Math.max(STALE_INTERVALS * intervalMs, MIN_STALE_MS);
}

export function isStale(snapshot: Pick<Snapshot, 'at'>, intervalMs: number, now: number): boolean {
  return now - Date.parse(snapshot.at) > staleAfterMs(intervalMs);
}

/**
 * One word for a target's condition. Stale wins over what the old sample said: a sample from
 * ten minutes ago saying "OK" must not reassure anyone. With figures present and `error` set,
 * the server answers Lifeguard's open connection but refuses new ones.
 */
export function targetHealth(snapshot: Snapshot | null | undefined, intervalMs: number, now: number): TargetHealth {
  if (!snapshot) return 'no-data';
  if (isStale(snapshot, intervalMs, now)) return 'stale';
  // "Too many clients" is refusing even when it also kept Lifeguard from reading figures.
  if (snapshot.error !== null && snapshot.total === null && snapshot.errorCode !== TOO_MANY_CLIENTS) return 'unreachable';
  if (snapshot.error !== null) return 'refusing';
  return 'ok';
}

export const HEALTH_LABEL: Record<TargetHealth, string> = {
  ok: 'OK',
  refusing: 'Refusing connections',
  unreachable: 'Unreachable',
  stale: 'Stale',
  'no-data': 'No data yet',
};

/** The banner sentence for a target in trouble, or null when there is nothing to say. */
export function problemMessage(snapshot: Snapshot | null | undefined): string | null {
  if (!snapshot || snapshot.error === null) return null;
  if (snapshot.errorCode === TOO_MANY_CLIENTS) {
    const blind = snapshot.total === null ? ' (no figures: Lifeguard could not connect either)' : '';
    return `Refusing new connections: too many clients already${blind}`;
  }
  // The collector's message may already say "unreachable: …"; say it once.
  if (snapshot.total === null) return `Unreachable: ${snapshot.error.replace(/^unreachable:\s*/i, '')}`;
  // "refusing new connections at PgBouncer: …" already says it (and which layer refuses).
  if (/^refusing new connections/i.test(snapshot.error)) return `R${snapshot.error.slice(1)}`;
  return `Refusing new connections: ${snapshot.error}`;
}
