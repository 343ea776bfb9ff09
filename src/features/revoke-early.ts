import type { OAuthRevokeOptions } from '../types/options';
import type { Runtime } from '../types/runtime';
import type { Session } from '../types/session';

export type OAuthTokens = ReturnType<OAuthRevokeOptions['tokens']>;

/** What `early` read at a logout: the session, the one before, the token and the OAuth tokens then. */
export type AtLogout = [session: Session, prev: Session | undefined, token: string | undefined, tokens?: OAuthTokens];

/**
 * The eager part (in `FEATURES`, before the chunk loads): at a logout, the token and the OAuth tokens as they are
 * then, before the app's `logout` handlers drop them (a tab reloaded past its deadline logs out at once). The chunk
 * decides whether it revokes them, and reports a `tokens()` that throws (it asks again).
 */
export const early = (rt: Runtime, s?: Session, p?: Session): AtLogout | false | undefined => {
  if (s?.state !== 'logged-out') return;
  let tokens: OAuthTokens | undefined;
  try {
    tokens = (rt.options.revoke as { oauth?: OAuthRevokeOptions }).oauth?.tokens();
  } catch {}
  return [s, p, rt.token(), tokens];
};
