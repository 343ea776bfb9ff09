import type { Feature } from '../types/runtime';
import { chunk, lazy } from './load';
import type { Revocation } from './revoke-send';

/**
 * Invalidates the sign-in server-side at logout, once per session (see `revoke-send.ts`, a chunk loaded as the
 * instance starts, for who sends it and how). Not after a 401: the server already dropped the token. What to revoke
 * is read here, at the logout itself, before the app's handlers drop the tokens.
 */
export const revoke: Feature = (rt) => {
  const option = rt.options.revoke;
  if (!option) return;
  const oauth = 'oauth' in option && option.oauth;
  const sender = lazy(rt, () => chunk('revokeSend').then((m) => () => m.start(rt, option)));
  const stop = rt.onChange((session, prev) => {
    const token = rt.token();
    if (!token || session?.state !== 'logged-out' || prev?.state === 'logged-out' || session.reason === 'revoked') return;
    const acts = rt.acts();
    if (acts === false) return;
    let all: Revocation[] = [[token, '']];
    try {
      // The refresh token first: it is what would sign the person back in.
      if (oauth) all = [[oauth.tokens().refresh!, 'refresh_token'], [oauth.tokens().access || token, 'access_token']];
    } catch (error) {
      rt.fail('revoke', error);
    }
    const at = rt.now();
    void sender.ready.then((s) => s?.logout(token, all, acts, at));
  });
  return { stop: () => (stop(), sender.stop()) };
};
