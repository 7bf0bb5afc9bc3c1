import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// pg-lifeguard from its source, as tsconfig.json's paths have it (node_modules/pg-lifeguard is its build).
const alias = {
  '@': fileURLToPath(new URL('.', import.meta.url)),
  'server-only': fileURLToPath(new URL('./tests/support/server-only.ts', import.meta.url)),
  'pg-lifeguard': fileURLToPath(new URL('./packages/pg-lifeguard/src/index.ts', import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          // Each file starts its own PostgreSQL servers; two cores, so keep files sequential.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          // Each file runs the built app and real servers, and takes them down on purpose: one at a time.
          fileParallelism: false,
          testTimeout: 120_000,
          // The first file may have to run `next build`.
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
