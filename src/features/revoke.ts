import type { Feature } from '../types/runtime';
import { rawFetch } from './requests/fetch';

/**
 * Invalidates the token server-side at logout, once per token (`rt.acts()` is the one tab that acts).
 * Not after a 401: the server already dropped it.
 */
export const revoke: Feature = (rt) => {
  const option = rt.options.revoke;
  if (!option) return;
  const stop = rt.onChange((session, prev) => {
    const token = rt.token();
    if (!token || session?.state !== 'logged-out' || prev?.state === 'logged-out') return;
    if (session.reason === 'revoked' || !rt.acts()) return;
    rawFetch(option.url, {
      method: option.method ?? 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
      // Outlives a tab that is closing as it logs out.
      keepalive: true,
    }).catch((error) => rt.fail('revoke', error));
  });
  return { stop };
};
