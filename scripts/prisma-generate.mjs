// Generates the Prisma client without any download: Prisma's CLI wants a native schema
// engine before every command, even those that only use WebAssembly (generate). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at a stub that answers --version skips the download.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const stubDir = join(tmpdir(), 'lifeguard-prisma');
const stub = join(stubDir, 'schema-engine-stub');
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, '#!/bin/sh\necho "schema-engine-cli 7.10.0 (offline stub: lifeguard uses scripts/migrate.ts)"\n');
  chmodSync(stub, 0o755);
}

execFileSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
