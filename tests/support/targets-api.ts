import { expect } from 'vitest';
import * as targetsRoute from '@/app/api/targets/route';
import type { TargetView } from '@/lib/targets/targets';
import { noParams, request } from './app';

/** POST /api/targets through its route handler, as the browser sends it; the answer as it comes. */
export function postTarget(json: Record<string, unknown>, headers?: Record<string, string>): Promise<Response> {
  return targetsRoute.POST(request('/api/targets', { method: 'POST', json, headers }), noParams);
}

/** Registers a target through the API, which must accept it (201; the body explains a refusal). */
export async function registerTarget(json: Record<string, unknown>, headers?: Record<string, string>): Promise<TargetView> {
  const response = await postTarget(json, headers);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as TargetView;
}
