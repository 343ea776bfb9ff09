import type { Runtime } from '../types/runtime';
import type { Session } from '../types/session';
import type { AtLogout, OAuthTokens } from './revoke-early';
import { start as sending, type Revocation } from './revoke-send';

/**
 * Invalidates the sign-in server-side at logout, once per session (see `revoke-send.ts` for who sends it and how). Not
 * after a 401: the server already dropped the token. What to revoke is read at the logout itself, before the app's
 * handlers drop the tokens. A chunk loaded as the instance starts (when `revoke` is set): a logout before it ran is
 * acted on as it starts, with what `revoke-early.ts` read at that logout.
 */
export const start = (rt: Runtime, seen?: (AtLogout | false | undefined)[]) => {
  const option = rt.options.revoke;
  if (!option) return;
  const oauth = 'oauth' in option && option.oauth;
  const sender = sending(rt, option);
  const watch = (session?: Session, prev?: Session, token?: string, tokens?: OAuthTokens) => {
    if (!token || session?.state !== 'logged-out' || prev?.state === 'logged-out' || session.reason === 'revoked') return;
    const acts = rt.acts();
    if (acts === false) return;
    let all: Revocation[] = [[token, '']];
    try {
      // The refresh token first: it is what would sign the person back in.
      if (oauth) {
        tokens ||= oauth.tokens();
        all = [[tokens.refresh!, 'refresh_token'], [tokens.access || token, 'access_token']];
      }
    } catch (error) {
      rt.fail('revoke', error);
    }
    sender.logout(token, all, acts, rt.now());
  };
  const stop = rt.onChange((s, p) => watch(s, p, rt.token()));
  for (const e of seen || []) if (e) watch(...e);
  return { stop: () => (stop(), sender.stop()) };
};
