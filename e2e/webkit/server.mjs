// The reference server, started as e2e/support/global-setup.ts starts it for the Chromium suite (same options,
// test clock on), and the calls the tests make to it (as e2e/support/server.ts).
import { referenceClient, startReferenceServer as start } from '../support/reference.mjs';

let port;
const client = referenceClient(() => port);

export async function startReferenceServer() {
  const server = await start();
  port = server.port;
  return server;
}

export const { A, B, stats, resetStats, advanceServer, signIn } = client;
export const setTimeoutSeconds = (seconds) => client.setTimeoutSeconds(seconds);

/** What the server saw of `user`'s token(s): requests, keepalives, revokes, unauthorized. */
export async function seen(user) {
  const zero = { requests: 0, keepalives: 0, revokes: 0, unauthorized: 0 };
  return Object.values((await stats()).perToken)
    .filter((t) => t.user === user)
    .reduce((sum, t) => Object.fromEntries(Object.keys(zero).map((k) => [k, sum[k] + t[k]])), zero);
}
