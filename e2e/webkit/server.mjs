// The reference server, started as e2e/support/global-setup.ts starts it for the Chromium suite (same options,
// test clock on), and the calls the tests make to it (as e2e/support/server.ts).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoHeaders, demoSpaFallback, demoStaticRoots } from '../../demo/config.mjs';
import { startServer } from '../../demo/server/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let port;

export async function startReferenceServer() {
  const server = await startServer({
    port: 0,
    fast: true,
    testClock: true,
    staticRoots: { ...demoStaticRoots(), '/e2e/': resolve(root, 'e2e/pages') },
    spaFallback: demoSpaFallback,
    headers: (pathname) =>
      pathname.includes('.csp.') ? { 'Content-Security-Policy': "default-src 'self'" } : pathname.startsWith('/e2e/') ? {} : demoHeaders(pathname),
    log: () => {},
  });
  port = server.port;
  return server;
}

/** Two sites of one server: the host pages' and the embedded clients'. */
export const A = () => `http://localhost:${port}`;
export const B = () => `http://127.0.0.1:${port}`;

async function call(path, init = {}) {
  const response = await fetch(`${B()}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
}

export const stats = () => call('/__stats');
export const resetStats = () => call('/__stats/reset', { method: 'POST' });
/** Moves only the server's clock (the test clock): the browser's time stays real. */
export const advanceServer = (advanceMs) => call('/__clock', { method: 'POST', body: JSON.stringify({ advanceMs }) });
export const signIn = async (user) => (await call('/api/v2/login', { method: 'POST', body: JSON.stringify({ user }) })).access_token;
export const setTimeoutSeconds = async (seconds) =>
  call('/api/v2/tokens/timeout', {
    method: 'PUT',
    headers: { authorization: `Bearer ${await signIn('admin')}` },
    body: JSON.stringify({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: seconds, hipaa: false }),
  });

/** What the server saw of `user`'s token(s): requests, keepalives, revokes, unauthorized. */
export async function seen(user) {
  const zero = { requests: 0, keepalives: 0, revokes: 0, unauthorized: 0 };
  return Object.values((await stats()).perToken)
    .filter((t) => t.user === user)
    .reduce((sum, t) => Object.fromEntries(Object.keys(zero).map((k) => [k, sum[k] + t[k]])), zero);
}
