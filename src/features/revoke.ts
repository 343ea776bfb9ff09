import type { Feature } from '../types/runtime';
import { lazy } from './load';
import { rawFetch } from './requests/fetch';

/**
 * Invalidates the token server-side at logout, once per token (`rt.acts()` is the one tab that acts).
 * Not after a 401: the server already dropped it. A revoke that fails is retried (`revoke-retry.ts`).
 */
export const revoke: Feature = (rt) => {
  const option = rt.options.revoke;
  if (!option) return;
  const { url, method = 'DELETE' } = option;
  // keepalive: outlives a tab that is closing as it logs out.
  const send = (token: string) => rawFetch(url, { method, headers: { Authorization: `Bearer ${token}` }, keepalive: true });
  const retries = lazy(rt, () => import('./revoke-retry').then((m) => () => m.start(rt, send)));
  const stop = rt.onChange((session, prev) => {
    const token = rt.token();
    if (!token || session?.state !== 'logged-out' || prev?.state === 'logged-out') return;
    if (session.reason === 'revoked' || !rt.acts()) return;
    const sent = send(token);
    // Before the retries' chunk arrived (a logout in the first moments): one try.
    const r = retries.current();
    if (r) r.settle(token, sent);
    else sent.catch((error) => rt.fail('revoke', error));
  });
  return { stop: () => (stop(), retries.stop()) };
};
