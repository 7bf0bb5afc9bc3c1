import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config, type Config } from '../config';
import { decryptSecret, encryptSecret } from './cipher';

type KeyConfig = Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>;

/**
 * The key encrypting secrets at rest: LIFEGUARD_SECRET_KEY; else, for the embedded store, the
 * key file in the data dir (created on first start, mode 600), which lives and is backed up with
 * the store it protects. With DATABASE_URL and no key, Lifeguard refuses to start: replicas
 * sharing that database must share one key, and a key generated per replica would make each
 * unable to read the others' targets — failing at start-up says so plainly.
 */
export function resolveSecretKey(cfg: KeyConfig): Buffer {
  if (cfg.secretKey) return cfg.secretKey;
  const file = path.join(cfg.dataDir, 'secret.key');
  if (existsSync(file)) return parseKeyFile(file);
  if (cfg.databaseUrl) {
    throw new Error(
      'LIFEGUARD_SECRET_KEY is required when DATABASE_URL is set (every replica needs the same key): ' +
        'generate one with `openssl rand -base64 32` and set it in the environment of every Lifeguard process',
    );
  }
  mkdirSync(cfg.dataDir, { recursive: true });
  // 'wx' fails if another process created it meanwhile; then read theirs.
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseKeyFile(file);
}

function parseKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a base64 32-byte key`);
  return key;
}

const keys = new WeakMap<Config, Buffer>();

/** The process's key, resolved once per configuration. */
export function secretKey(cfg: Config = config()): Buffer {
  let key = keys.get(cfg);
  if (!key) {
    key = resolveSecretKey(cfg);
    keys.set(cfg, key);
  }
  return key;
}

export const sealSecret = (plaintext: string): string => encryptSecret(plaintext, secretKey());
export const revealSecret = (stored: string): string => decryptSecret(stored, secretKey());
