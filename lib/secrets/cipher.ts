import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (target connection URLs): AES-256-GCM, a fresh 12-byte IV each time, the tag
 * checked on the way out, so a value altered in the table fails loudly instead of connecting
 * somewhere else. Stored as `enc:v1:<iv>:<tag>:<ciphertext>` (base64url); the prefix makes the
 * start-up migration idempotent and leaves room for a v2.
 */
export const ENCRYPTED_PREFIX = 'enc:v1:';

export function isEncrypted(value: string): boolean {
  return value.startsWith(ENCRYPTED_PREFIX);
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${ENCRYPTED_PREFIX}${[iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join(':')}`;
}

/** The plaintext of a stored value; values without the prefix are plaintext from before encryption. */
export function decryptSecret(stored: string, key: Buffer): string {
  if (!isEncrypted(stored)) return stored;
  const [iv, tag, data] = stored.slice(ENCRYPTED_PREFIX.length).split(':').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !data || iv.length !== 12 || tag.length !== 16) throw new Error('stored secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    // Never the value itself in the message: it may end up in a log.
    throw new Error('stored secret cannot be decrypted: wrong LIFEGUARD_SECRET_KEY, or the value was altered');
  }
}
