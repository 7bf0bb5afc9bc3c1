import 'server-only';
import type { Config } from '../config';
import type { Db } from '../store/db';
import { secretKey } from '../secrets/key';
import { encryptStoredTargetUrls } from '../targets/targets';
import { systemActor } from './actor';
import { setupCode } from './setup';
import { createFirstAdmin, hasUsers } from './users';

/**
 * The security steps of start-up: the secret key first (a missing one stops the start with a
 * clear message), plaintext target URLs encrypted in place, and the first admin from the
 * environment when no user exists yet.
 */
export async function bootSecurity(db: Db, cfg: Config, log: (line: string) => void = console.log): Promise<void> {
  secretKey(cfg);
  const encrypted = await encryptStoredTargetUrls(db);
  if (encrypted > 0) log(`lifeguard: encrypted ${encrypted} stored target URL(s) at rest`);
  if (cfg.firstAdmin) {
    const displayName = cfg.firstAdmin.email.split('@')[0] ?? 'admin';
    const created = await createFirstAdmin(db, systemActor('LIFEGUARD_ADMIN_EMAIL'), { ...cfg.firstAdmin, displayName });
    if (created) log(`lifeguard: created the first admin ${created.email} from LIFEGUARD_ADMIN_EMAIL`);
  }
  if (!(await hasUsers(db))) log(`lifeguard: no accounts yet (open to local use): create the first admin at ${cfg.publicUrl}/setup with code ${setupCode()}`);
}
