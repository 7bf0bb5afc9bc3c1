import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../src/cli.ts';
import { startStub, type Stub } from './lifeguard-stub.ts';

/** `pg-lifeguard check` against a loopback Lifeguard stand-in: arguments, request, verdict and exit status. */
let lifeguard: Stub;
beforeAll(async () => {
  lifeguard = await startStub((request) => {
    const plan = request.body as { instances: number; poolMax: number; target: string };
    if (plan.target === 'staging') return { status: 404, body: { error: 'no target named staging' } };
    const committed = plan.instances * plan.poolMax + 10;
    const fits = committed <= 85;
    return { status: 200, body: { fits, usable: 97, reserve: 12, committed, maxPerInstance: Math.floor(75 / plan.instances), arithmetic: `${committed} ${fits ? '≤' : '>'} 85` } };
  });
});
afterAll(async () => {
  await lifeguard?.close();
});

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const plan = (instances: number, poolMax: number) => ['check', '--target', 'production', '--application', 'worksmart-web', '--instances', String(instances), '--pool-max', String(poolMax)];

describe('pg-lifeguard check', () => {
  it('exits 1 and prints the arithmetic when the plan does not fit, 0 when it does', async () => {
    expect(await run([...plan(12, 50), '--url', lifeguard.url, '--token', 'tok'])).toEqual({ code: EXIT.doesNotFit, out: 'does not fit: 610 > 85', err: '' });
    expect(lifeguard.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/budget/check',
      authorization: 'Bearer tok',
      body: { target: 'production', application: 'worksmart-web', instances: 12, poolMax: 50 },
    });
    expect(await run(plan(6, 10), { LIFEGUARD_URL: lifeguard.url, LIFEGUARD_INGEST_TOKEN: 'from-env' })).toMatchObject({ code: EXIT.fits, out: 'fits: 70 ≤ 85' });
    expect(lifeguard.requests.at(-1)?.authorization).toBe('Bearer from-env');
    const json = await run([...plan(6, 10), '--url', lifeguard.url, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ fits: true, maxPerInstance: 12 });
  });

  it('exits 2 when it cannot tell: bad arguments, an unknown target, Lifeguard unreachable', async () => {
    const missing = await run(['check', '--target', 'production', '--url', lifeguard.url]);
    expect(missing.code).toBe(EXIT.cannotTell);
    expect(missing.err).toContain('missing --application, --instances, --pool-max');
    expect((await run([...plan(12, 50).slice(0, -1), 'lots', '--url', lifeguard.url])).err).toContain('--pool-max must be a whole number');
    expect((await run([...plan(1, 1), '--pool', '3'])).err).toContain("Unknown option '--pool'");
    expect((await run(['deploy'])).code).toBe(EXIT.cannotTell);
    const unknown = await run(['check', '--target', 'staging', '--application', 'a', '--instances', '1', '--pool-max', '1', '--url', lifeguard.url]);
    expect(unknown).toMatchObject({ code: EXIT.cannotTell, err: 'pg-lifeguard: Lifeguard answered 404: no target named staging' });
    const down = await run([...plan(1, 1), '--url', 'http://127.0.0.1:1']);
    expect(down.code).toBe(EXIT.cannotTell);
    expect(down.err).toContain('cannot reach Lifeguard at http://127.0.0.1:1');
  });

  it('runs as the installed command (the built bin)', async () => {
    const bin = fileURLToPath(new URL('../bin/pg-lifeguard.js', import.meta.url));
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [bin, ...plan(12, 50), '--url', lifeguard.url], { stdio: 'ignore' });
      child.on('close', resolve);
    });
    expect(code).toBe(EXIT.doesNotFit);
  });
});
