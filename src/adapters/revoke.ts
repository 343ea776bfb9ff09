import type { Runtime } from '../types/runtime';
import { rawFetch } from './requests/fetch';

/**
 * Invalidates the token server-side at logout, once per token (`rt.acts()` is the one tab that acts).
 * Not after a 401: the server already dropped it.
 */
export function revokeOnLogout(rt: Runtime): () => void {
  const revoke = rt.options.revoke;
  return rt.onChange((session, prev) => {
    const token = rt.token();
    if (!revoke || !token || session?.state !== 'logged-out' || prev?.state === 'logged-out') return;
    if (session.reason === 'revoked' || !rt.acts()) return;
    rawFetch(revoke.url, {
      method: revoke.method ?? 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
      // Outlives a tab that is closing as it logs out.
      keepalive: true,
    }).catch((error) => rt.fail('revoke', error));
  });
}
