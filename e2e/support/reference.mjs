// The reference server for every browser suite (Chromium through Playwright, Firefox, WebKit), started the same way,
// and the calls tests make to it. Plain ESM so the Node runners and the Playwright specs share it.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoHeaders, demoSpaFallback, demoStaticRoots } from '../../demo/config.mjs';
import { startServer } from '../../demo/server/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * One server with a test clock (so its idle enforcement can move in step with a test's clock), answering on two
 * origins that are two sites: http://localhost:PORT and http://127.0.0.1:PORT. It serves the demo's mounts (/dist/,
 * the import map's packages, the pages at /) and the e2e pages at /e2e/; pages named *.csp.html get a strict
 * Content-Security-Policy, the demo pages the demo's own.
 */
export function startReferenceServer() {
  return startServer({
    port: 0,
    fast: true,
    testClock: true,
    staticRoots: { ...demoStaticRoots(), '/e2e/': resolve(root, 'e2e/pages') },
    spaFallback: demoSpaFallback,
    headers: (pathname) =>
      pathname.includes('.csp.') ? { 'Content-Security-Policy': "default-src 'self'" } : pathname.startsWith('/e2e/') ? {} : demoHeaders(pathname),
    log: () => {},
  });
}

/** The test calls, for the server listening on `port()`. */
export function referenceClient(port) {
  const A = () => `http://localhost:${port()}`;
  const B = () => `http://127.0.0.1:${port()}`;
  async function call(path, init = {}) {
    const response = await fetch(`${B()}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
    return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
  }
  const signIn = async (user) => (await call('/api/v2/login', { method: 'POST', body: JSON.stringify({ user }) })).access_token;
  return {
    A,
    B,
    call,
    signIn,
    stats: () => call('/__stats'),
    resetStats: () => call('/__stats/reset', { method: 'POST' }),
    /** Moves only the server's clock (the test clock). */
    advanceServer: (advanceMs) => call('/__clock', { method: 'POST', body: JSON.stringify({ advanceMs }) }),
    setServerClock: (set) => call('/__clock', { method: 'POST', body: JSON.stringify({ set }) }),
    touch: (token) => call('/__touch', { method: 'POST', body: JSON.stringify({ token }) }),
    setTimeoutSeconds: async (seconds, hipaa = false, admin) =>
      call('/api/v2/tokens/timeout', {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin ?? (await signIn('admin'))}` },
        body: JSON.stringify({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: seconds, hipaa }),
      }),
  };
}
