import type { AllowanceAnswer, BudgetCheckAnswer, BudgetCheckPlan } from './types.ts';

/** Where Lifeguard is and how to present oneself to it. */
export interface LifeguardConnection {
  /** Lifeguard's base URL, e.g. http://lifeguard:3000. */
  url: string;
  /** A bearer token Lifeguard accepts (an ingest token is enough for the calls here). */
  token?: string;
  /** Each call gives up after this long. */
  timeoutMs: number;
}

/** Lifeguard answered, but not with a success: `status` and its `{"error"}` message. */
export class LifeguardError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'LifeguardError';
  }
}

/** `path` under the base URL, whether or not the base ends in a slash or has a path of its own. */
export function apiUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

export function jsonHeaders(token: string | undefined): Record<string, string> {
  return token ? { 'content-type': 'application/json', authorization: `Bearer ${token}` } : { 'content-type': 'application/json' };
}

/** GET /api/applications/{name}/allowance: this instance's share of the target's connections. */
export async function fetchAllowance(
  connection: LifeguardConnection,
  query: { application: string; instance: string; target: string; poolMax: number },
): Promise<AllowanceAnswer> {
  const url = apiUrl(connection.url, `api/applications/${encodeURIComponent(query.application)}/allowance`);
  url.searchParams.set('instance', query.instance);
  url.searchParams.set('target', query.target);
  url.searchParams.set('poolMax', String(query.poolMax));
  const answer = await call(connection, url, { method: 'GET' });
  if (!isAllowance(answer)) throw new LifeguardError(200, 'Lifeguard answered the allowance request with something else than an allowance');
  return answer;
}

/** POST /api/budget/check: does this planned fleet fit beside the rest? */
export async function checkBudget(connection: LifeguardConnection, plan: BudgetCheckPlan): Promise<BudgetCheckAnswer> {
  const answer = await call(connection, apiUrl(connection.url, 'api/budget/check'), { method: 'POST', body: JSON.stringify(plan) });
  if (!isCheckAnswer(answer)) throw new LifeguardError(200, 'Lifeguard answered the budget check with something else than a verdict');
  return answer;
}

async function call(connection: LifeguardConnection, url: URL, init: { method: string; body?: string }): Promise<unknown> {
  const response = await fetch(url, { ...init, headers: jsonHeaders(connection.token), signal: AbortSignal.timeout(connection.timeoutMs) });
  // Read the answer to the end so the connection can be reused.
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LifeguardError(response.status, `Lifeguard answered ${response.status} with no JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const message = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : text.slice(0, 200);
    throw new LifeguardError(response.status, `Lifeguard answered ${response.status}: ${message}`);
  }
  return body;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function isAllowance(value: unknown): value is AllowanceAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (answer.maxPerInstance === null || isCount(answer.maxPerInstance)) && typeof answer.arithmetic === 'string';
}

function isCheckAnswer(value: unknown): value is BudgetCheckAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (answer.fits === null || typeof answer.fits === 'boolean') && typeof answer.arithmetic === 'string';
}
