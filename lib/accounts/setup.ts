import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The one-time /setup page creates the first admin when no user exists. A route handler cannot
 * see the socket, and Next fills X-Forwarded-For only when the client did not: headers alone
 * cannot prove a local caller. So besides looking local, the caller must give a code printed in
 * the server's log at start-up — whoever reads that log is at the machine.
 */
const globalForSetup = globalThis as unknown as { lifeguardSetupCode?: string };

export function setupCode(): string {
  globalForSetup.lifeguardSetupCode ??= randomBytes(6).toString('hex');
  return globalForSetup.lifeguardSetupCode;
}

export function isSetupCode(given: string): boolean {
  const a = Buffer.from(given.trim());
  const b = Buffer.from(setupCode());
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/i;

/** Host and forwarded address both loopback (or no proxy header at all). */
export function looksLocal(request: Request): boolean {
  const host = (request.headers.get('host') ?? new URL(request.url).host).replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  const forwarded = request.headers.get('x-forwarded-for')?.split(',').map((part) => part.trim());
  return LOOPBACK.test(host) && (forwarded ?? []).every((address) => LOOPBACK.test(address));
}
