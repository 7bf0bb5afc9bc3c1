import { createHash, createHmac } from 'node:crypto';
import pgCrypto from 'pg/lib/crypto/utils';

/**
 * Makes SCRAM-SHA-256 logins of node-postgres cheap for the collector, whose probe opens a fresh
 * connection to every target every tick (lib/collector/probe.ts). Measured on this machine, a
 * probe cost ≈ 3 ms of CPU, most of it the client's side of SCRAM: PBKDF2 over 4,096 rounds
 * (≈ 0.7 ms) and six WebCrypto calls, each an imported key and a job.
 *
 * - The salted password (PBKDF2 of password, salt, iterations) is remembered: the server keeps one
 *   salt and iteration count per role, so it is the same at every login of that role. What
 *   proves the login is still computed from each connection's fresh nonces.
 * - The HMACs and hashes are computed with node:crypto directly, which gives the same bytes
 *   without the WebCrypto round trips.
 * Nothing about the server's side changes: the probe still meets what a new application meets.
 *
 * node-postgres' SCRAM code calls these functions through its crypto module's exports object
 * (pg/lib/crypto/sasl.js), so replacing them there is enough. Installed once per process; if a
 * later node-postgres changes the module's shape, nothing is replaced and logins work as before.
 */
interface PgCrypto {
  deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer | Buffer>;
  hmacSha256(key: ArrayBuffer | Buffer, message: string): Promise<ArrayBuffer | Buffer>;
  sha256(data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
}

/** Distinct (role, salt) pairs seen by one process are few (one per target role); bounded anyway. */
const MAX_REMEMBERED = 10_000;
const INSTALLED = Symbol.for('lifeguard.scramKeys');

export function installScramKeyCache(): boolean {
  const target = pgCrypto as Partial<PgCrypto> & { [INSTALLED]?: boolean };
  if (target[INSTALLED]) return true;
  const { deriveKey } = target;
  if (typeof deriveKey !== 'function' || typeof target.hmacSha256 !== 'function' || typeof target.sha256 !== 'function') return false;
  const remembered = new Map<string, Promise<ArrayBuffer | Buffer>>();
  target.deriveKey = (password, salt, iterations) => {
    const key = `${iterations}\u0000${Buffer.from(salt).toString('base64')}\u0000${password}`;
    let derived = remembered.get(key);
    if (!derived) {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      // The first login of a role derives it as before (WebCrypto, off the main thread).
      derived = deriveKey(password, salt, iterations);
      remembered.set(key, derived);
      // A failed derivation is not remembered.
      derived.catch(() => remembered.delete(key));
    }
    return derived;
  };
  target.hmacSha256 = async (key, message) => createHmac('sha256', Buffer.from(key as ArrayBuffer)).update(message).digest();
  target.sha256 = async (data) => createHash('sha256').update(Buffer.from(data as ArrayBuffer)).digest();
  target[INSTALLED] = true;
  return true;
}
