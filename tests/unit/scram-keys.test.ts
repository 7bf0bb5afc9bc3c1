import { webcrypto } from 'node:crypto';
import pgCrypto from 'pg/lib/crypto/utils';
import { describe, expect, it } from 'vitest';
import { installScramKeyCache } from '@/lib/collector/scram-keys';

type Fn = (...args: never[]) => Promise<ArrayBuffer | Buffer>;
const fn = (name: string) => pgCrypto[name] as Fn;
const bytes = (value: ArrayBuffer | Buffer) => Buffer.from(value as ArrayBuffer).toString('hex');

describe('the SCRAM key cache of node-postgres logins', () => {
  it('gives the same bytes as WebCrypto and derives a role’s salted password once', async () => {
    const original = { deriveKey: fn('deriveKey') };
    const salt = Buffer.from('c2FsdHNhbHRzYWx0', 'base64');
    const salted = bytes(await (original.deriveKey as (p: string, s: Uint8Array, i: number) => Promise<ArrayBuffer>)('pencil', salt, 4096));

    expect(installScramKeyCache()).toBe(true);
    expect(installScramKeyCache()).toBe(true); // once per process, however often the collector starts

    const deriveKey = fn('deriveKey') as (p: string, s: Uint8Array, i: number) => Promise<ArrayBuffer | Buffer>;
    const first = deriveKey('pencil', salt, 4096);
    expect(bytes(await first)).toBe(salted);
    // The same role's next login: no second PBKDF2.
    expect(deriveKey('pencil', Buffer.from(salt), 4096)).toBe(first);
    // Another password, salt or iteration count is derived afresh.
    expect(deriveKey('pencil', salt, 8192)).not.toBe(first);
    expect(deriveKey('crayon', salt, 4096)).not.toBe(first);

    const key = await webcrypto.subtle.importKey('raw', Buffer.from('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const hmac = await webcrypto.subtle.sign('HMAC', key, new TextEncoder().encode('Client Key'));
    expect(bytes(await (fn('hmacSha256') as (k: Buffer, m: string) => Promise<Buffer>)(Buffer.from('key'), 'Client Key'))).toBe(bytes(hmac));
    const digest = await webcrypto.subtle.digest('SHA-256', Buffer.from('data'));
    expect(bytes(await (fn('sha256') as (d: Buffer) => Promise<Buffer>)(Buffer.from('data')))).toBe(bytes(digest));
  });
});
