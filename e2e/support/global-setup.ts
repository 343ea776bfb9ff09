import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM JavaScript without types
import { startServer } from '../../demo/server/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * One reference server for the whole run, with a test clock so the server's idle enforcement can be
 * moved in step with `page.clock`. It answers on two origins: http://localhost:PORT and http://127.0.0.1:PORT.
 * Tests reach it through `e2e/support/server.ts`.
 */
export default async function globalSetup() {
  const server = await startServer({
    port: 0,
    fast: true,
    testClock: true,
    staticRoots: { '/dist/': resolve(root, 'dist'), '/e2e/': resolve(root, 'e2e/pages'), '/': resolve(root, 'demo/pages') },
    // Pages named *.csp.html get a strict Content-Security-Policy.
    headers: (pathname: string) => (pathname.includes('.csp.') ? { 'Content-Security-Policy': "default-src 'self'" } : {}),
    log: () => {},
  });
  process.env.E2E_PORT = String(server.port);
  return () => server.close();
}
