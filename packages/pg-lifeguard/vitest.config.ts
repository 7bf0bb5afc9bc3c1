import { defineConfig } from 'vitest/config';

/** The package's own tests: no database, no Lifeguard; a loopback HTTP server plays Lifeguard where one is needed. */
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
