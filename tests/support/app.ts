import { stopServices } from '@/lib/runtime';
import { startTestStore, type TestStore } from './postgres';

/**
 * Route handlers of the real app, called in-process against a real store. The environment is
 * set before the first handler reads the configuration; the collector stays off unless asked.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<{ store: TestStore; stop(): Promise<void> }> {
  const store = await startTestStore();
  resetProcessState();
  // A fixed key: with DATABASE_URL set, Lifeguard refuses to start without one.
  Object.assign(process.env, { DATABASE_URL: store.url, LIFEGUARD_COLLECTOR: 'off', LIFEGUARD_ADMIN_TOKEN: '', LIFEGUARD_SECRET_KEY: TEST_SECRET_KEY, ...env });
  return {
    store,
    stop: async () => {
      await stopServices();
      resetProcessState();
      await store.stop();
    },
  };
}

function resetProcessState(): void {
  const globals = globalThis as { lifeguardConfig?: unknown; lifeguardRuntime?: unknown };
  delete globals.lifeguardConfig;
  delete globals.lifeguardRuntime;
}

export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export function request(path: string, init: RequestInit & { json?: unknown } = {}): Request {
  const { json, ...rest } = init;
  return new Request(`http://lifeguard.test${path}`, {
    ...rest,
    ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } }),
  });
}

export const noParams = { params: Promise.resolve({}) };
export const idParams = (id: string) => ({ params: Promise.resolve({ id }) });
