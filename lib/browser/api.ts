/** The browser's way to the API: JSON in, JSON out, and the API's own `{error}` message on failure. */
import { feedGate } from './feed-gate';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON (a proxy's error page): the status line is all we have
  }
  return new ApiError(response.status, message);
}

/** Where a browser the server does not know is sent. */
export const SIGN_IN_PATH = '/signin';

async function failure(response: Response): Promise<ApiError> {
  if (response.status === 401 && window.location.pathname !== SIGN_IN_PATH) {
    // The server asks for the admin token: send the person to sign in rather than show blanks.
    window.location.replace(new URL(SIGN_IN_PATH, window.location.origin));
  }
  return errorFrom(response);
}

export async function apiRequest<T>(path: string, init: RequestInit & { signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    cache: 'no-store',
  });
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A read: on a freshly opened page, after the live feed is subscribed (lib/browser/feed-gate.ts). */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  await feedGate();
  return apiRequest<T>(path, { signal });
}

/** A text resource (the postmortem's Markdown), with the same error handling as JSON. */
export async function apiGetText(path: string, signal?: AbortSignal): Promise<string> {
  await feedGate();
  const response = await fetch(path, { signal, cache: 'no-store', headers: { Accept: 'text/markdown, text/plain' } });
  if (!response.ok) throw await failure(response);
  return response.text();
}
