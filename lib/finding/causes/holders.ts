import { COLLECTOR_APPLICATION_NAME } from '../../collector/persistent-sampler';
import { PROBE_APPLICATION_NAME } from '../../collector/probe';
import type { ApplicationHolders } from '../../samples/types';
import type { CauseInput } from './types';

/** Lifeguard's own sessions: the one persistent connection and the probe. Never a cause. */
export const LIFEGUARD_APPLICATIONS: ReadonlySet<string> = new Set([COLLECTOR_APPLICATION_NAME, PROBE_APPLICATION_NAME]);

/** One application's sessions over all its client addresses. */
export interface ApplicationSessions {
  name: string;
  clientAddrs: (string | null)[];
  total: number;
  idle: number;
  newBackends: number;
  idleLong: number;
  idleMaxSeconds: number | null;
  idleInTransactionLong: number;
  idleInTransactionMaxSeconds: number | null;
  activeLong: number;
  activeMaxSeconds: number | null;
}

/** The sample's holders grouped by application_name, Lifeguard's own left out; largest first. */
export function byApplication(holders: readonly ApplicationHolders[] | null | undefined): ApplicationSessions[] {
  const apps = new Map<string, ApplicationSessions>();
  for (const holder of holders ?? []) {
    if (LIFEGUARD_APPLICATIONS.has(holder.name)) continue;
    let app = apps.get(holder.name);
    if (!app) {
      app = { name: holder.name, clientAddrs: [], total: 0, idle: 0, newBackends: 0, idleLong: 0, idleMaxSeconds: null, idleInTransactionLong: 0, idleInTransactionMaxSeconds: null, activeLong: 0, activeMaxSeconds: null };
      apps.set(holder.name, app);
    }
    app.clientAddrs.push(holder.clientAddr);
    app.total += holder.total;
    app.idle += holder.idle;
    app.newBackends += holder.newBackends ?? 0;
    app.idleLong += holder.idleLong ?? 0;
    app.idleMaxSeconds = maxOf(app.idleMaxSeconds, holder.idleMaxSeconds);
    app.idleInTransactionLong += holder.idleInTransactionLong ?? 0;
    app.idleInTransactionMaxSeconds = maxOf(app.idleInTransactionMaxSeconds, holder.idleInTransactionMaxSeconds);
    app.activeLong += holder.activeLong ?? 0;
    app.activeMaxSeconds = maxOf(app.activeMaxSeconds, holder.activeMaxSeconds);
  }
  return [...apps.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

/**
 * The connections a share is taken of: the usable ones when known, else those in use. A cause
 * must account for a real part of them, so that a calm server with a few idle sessions has none.
 */
export function scale(sample: CauseInput['sample']): number {
  return sample.usableConnections ?? sample.total ?? 0;
}

/** At least `min` sessions and at least `share` of the scale. */
export function enough(count: number, sample: CauseInput['sample'], share: number, min: number): boolean {
  return count >= min && count >= share * scale(sample);
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function maxOf(a: number | null, b: number | null | undefined): number | null {
  if (b === null || b === undefined) return a;
  return a === null ? b : Math.max(a, b);
}

/** "worksmart-web" or "(no application_name)". */
export function appLabel(name: string): string {
  return name === '' ? '(no application_name)' : name;
}

/** "1 session", "3 sessions". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Rounded for reading: 0.4, 8.2, 16. */
export function rate(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
