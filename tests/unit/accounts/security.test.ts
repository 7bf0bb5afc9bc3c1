import { describe, expect, it } from 'vitest';
import { grants } from '@/lib/accounts/actor';
import { hashPassword, verifyPassword } from '@/lib/accounts/password';
import { createRateLimiter, TooManyRequests } from '@/lib/accounts/rate-limit';
import { hashToken, newSecretToken } from '@/lib/accounts/secret-token';
import { looksLocal } from '@/lib/accounts/setup';
import { decryptSecret, encryptSecret, isEncrypted } from '@/lib/secrets/cipher';
import { resolveSecretKey } from '@/lib/secrets/key';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

describe('tokens', () => {
  it('are 32 random bytes, and stored as their sha256', () => {
    const token = newSecretToken('lgt_');
    expect(token).toMatch(/^lgt_[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken('lgt_')).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });
});

describe('secret encryption', () => {
  const key = Buffer.alloc(32, 1);
  it('round-trips, with a new IV each time', () => {
    const sealed = encryptSecret('postgres://app:hunter2@db/app', key);
    expect(isEncrypted(sealed)).toBe(true);
    expect(sealed).not.toContain('hunter2');
    expect(encryptSecret('postgres://app:hunter2@db/app', key)).not.toBe(sealed);
    expect(decryptSecret(sealed, key)).toBe('postgres://app:hunter2@db/app');
    expect(decryptSecret('postgres://plain@db/app', key)).toBe('postgres://plain@db/app');
  });
  it('detects tampering and a wrong key', () => {
    const sealed = encryptSecret('postgres://app:hunter2@db/app', key);
    const parts = sealed.split(':');
    const data = Buffer.from(parts[4] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 4), data.toString('base64url')].join(':');
    expect(() => decryptSecret(tampered, key)).toThrow(/altered/);
    expect(() => decryptSecret(sealed, Buffer.alloc(32, 2))).toThrow(/wrong LIFEGUARD_SECRET_KEY/);
  });
  it('refuses to start with DATABASE_URL and no key', () => {
    expect(() => resolveSecretKey({ secretKey: undefined, databaseUrl: 'postgres://x@h/db', dataDir: '/nonexistent-lifeguard' })).toThrow(/LIFEGUARD_SECRET_KEY is required/);
  });
});

describe('rate limiter', () => {
  it('allows `limit` hits per window and says how long to wait', () => {
    const limiter = createRateLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) limiter.hit('a', 1000 + i);
    expect(() => limiter.hit('a', 2000)).toThrow(TooManyRequests);
    limiter.hit('b', 2000);
    try {
      limiter.hit('a', 31_000);
    } catch (error) {
      expect((error as TooManyRequests).retryAfterSeconds).toBe(30);
      expect((error as TooManyRequests).headers['Retry-After']).toBe('30');
    }
    limiter.hit('a', 61_001);
  });
});

describe('roles', () => {
  it('orders viewer < responder < admin, and keeps ingest apart', () => {
    expect(grants('admin', 'responder')).toBe(true);
    expect(grants('responder', 'viewer')).toBe(true);
    expect(grants('viewer', 'responder')).toBe(false);
    expect(grants('responder', 'admin')).toBe(false);
    expect(grants('ingest', 'viewer')).toBe(false);
    expect(grants('ingest', 'ingest')).toBe(true);
    expect(grants('admin', 'ingest')).toBe(true);
    expect(grants('viewer', 'ingest')).toBe(false);
  });
});

describe('setup from localhost', () => {
  const req = (host: string, forwarded?: string) => new Request(`http://${host}/api/setup`, { headers: forwarded ? { host, 'x-forwarded-for': forwarded } : { host } });
  it('accepts loopback only', () => {
    expect(looksLocal(req('localhost:3000'))).toBe(true);
    expect(looksLocal(req('127.0.0.1:3000', '127.0.0.1'))).toBe(true);
    expect(looksLocal(req('lifeguard.example.com'))).toBe(false);
    expect(looksLocal(req('localhost:3000', '203.0.113.9'))).toBe(false);
  });
});
