import 'server-only';
import { bootSecurity } from './accounts/boot';
import { config, type Config } from './config';
import type { Db } from './store/db';
import { startHub, type Hub } from './events/hub';
import { openStore, type Store } from './store';
import { registerBootTargets } from './targets/targets';

/**
 * The process-wide services: store, live-update hub and (optionally) the collector. Kept on
 * globalThis because Next evaluates modules twice in a production build (once for
 * instrumentation, once for route handlers); both copies must share one set of services.
 */
export interface Services {
  config: Config;
  store: Store;
  hub: Hub;
  startedAt: Date;
}

export interface ServiceExtension {
  stop(): Promise<void>;
}

interface RuntimeState {
  ready?: Promise<Services>;
  extensions: ServiceExtension[];
  stopping?: Promise<void>;
}

const globalForRuntime = globalThis as unknown as { lifeguardRuntime?: RuntimeState };
const state = (globalForRuntime.lifeguardRuntime ??= { extensions: [] });

/** Starts the services once; later calls (and route handlers) get the same promise. */
export function startServices(): Promise<Services> {
  state.ready ??= boot();
  return state.ready;
}

async function boot(): Promise<Services> {
  const cfg = config();
  const store = await openStore(cfg);
  try {
    await bootSecurity(store.db, cfg);
  } catch (error) {
    await store.close();
    throw error;
  }
  const added = await registerBootTargets(store.db, cfg.bootTargets);
  if (added.length > 0) console.log(`lifeguard: registered targets ${added.join(', ')} from LIFEGUARD_TARGETS`);
  const hub = startHub({ url: store.url, db: store.db });
  return { config: cfg, store, hub, startedAt: new Date() };
}

/** Something started beside the services (the collector) that must stop before the store closes. */
export function addExtension(extension: ServiceExtension): void {
  state.extensions.push(extension);
}

export async function getDb(): Promise<Db> {
  return (await startServices()).store.db;
}

/** Stops everything in reverse order of start; safe to call more than once. */
export function stopServices(): Promise<void> {
  state.stopping ??= (async () => {
    for (const extension of state.extensions.reverse()) await extension.stop().catch(logStopError);
    if (!state.ready) return;
    const services = await state.ready.catch(() => undefined);
    if (!services) return;
    await services.hub.close().catch(logStopError);
    await services.store.close().catch(logStopError);
  })();
  return state.stopping;
}

function logStopError(error: unknown): void {
  console.error('lifeguard: while stopping:', error);
}
