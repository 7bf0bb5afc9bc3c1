import { startServices } from './runtime';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  store: 'embedded' | 'external' | 'unreachable';
  liveUpdates: boolean;
  targets?: number;
  uptimeSeconds?: number;
  error?: string;
}

/** Answers from the services register() started, never merely from the port being open. */
export async function health(): Promise<HealthReport> {
  let services;
  try {
    services = await startServices();
  } catch (error) {
    return { status: 'unavailable', store: 'unreachable', liveUpdates: false, error: (error as Error).message };
  }
  try {
    const targets = await services.store.db.target.count();
    return {
      status: 'ok',
      store: services.store.embedded ? 'embedded' : 'external',
      liveUpdates: services.hub.listening(),
      targets,
      uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
    };
  } catch (error) {
    return { status: 'unavailable', store: 'unreachable', liveUpdates: services.hub.listening(), error: (error as Error).message };
  }
}
