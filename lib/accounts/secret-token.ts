import { createHash, randomBytes } from 'node:crypto';

/**
 * Session and API tokens: 32 random bytes, base64url. Only the sha256 is stored; a token has
 * 256 bits of entropy, so an unsalted fast hash is enough (nothing to brute-force, unlike passwords).
 */
export function newSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
