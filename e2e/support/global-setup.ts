import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM JavaScript without types
import { startServer } from '../../demo/server/server.mjs';
// @ts-expect-error plain ESM JavaScript without types
import { demoHeaders, demoSpaFallback, demoStaticRoots } from '../../demo/config.mjs';

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
    // The demo's mounts (/dist/, the import map's /node_modules/ packages, the pages at /) plus the e2e pages.
    staticRoots: { ...demoStaticRoots(), '/e2e/': resolve(root, 'e2e/pages') },
    spaFallback: demoSpaFallback,
    // Pages named *.csp.html get a strict Content-Security-Policy; the demo pages get the demo's own.
    headers: (pathname: string) =>
      pathname.includes('.csp.') ? { 'Content-Security-Policy': "default-src 'self'" } : pathname.startsWith('/e2e/') ? {} : demoHeaders(pathname),
    log: () => {},
  });
  process.env.E2E_PORT = String(server.port);
  return () => server.close();
}
