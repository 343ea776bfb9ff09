// The reference server's own suite (`npx vitest run --config demo/vitest.config.mjs`), apart from the SDK's:
// plain Node, no DOM, since it tests a server.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    environment: 'node',
    include: ['demo/test/**/*.test.mjs'],
  },
});
