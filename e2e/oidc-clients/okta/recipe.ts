import { OktaAuth, getOAuthUrls, type OktaAuthOptions } from '@okta/okta-auth-js';
import { createIdleLogout, type IdleLogout, type IdleLogoutOptions } from 'idle-logout';

// okta-auth-js renews nothing and drops nothing on its own: idle-logout decides (`gateRenewals` below). With its
// defaults it would renew while the person is away (`autoRenew`), or remove an expired token (`autoRemove`).
export const createOktaAuth = (options: OktaAuthOptions) =>
  new OktaAuth({
    scopes: ['openid', 'profile', 'offline_access'], // offline_access: a refresh token
    ...options,
    tokenManager: { ...options.tokenManager, autoRenew: false, autoRemove: false },
  });

const PROMPT_LOGIN = 'idle-logout:prompt-login';

export function connectIdleLogout(authClient: OktaAuth, options: Omit<IdleLogoutOptions, 'getToken'> = {}) {
  const tokens = () => authClient.tokenManager.getTokensSync();
  const idle: IdleLogout = createIdleLogout({
    timeoutMs: 30 * 60_000,
    ...options,
    getToken: () => tokens().accessToken?.accessToken,
    // The sign-in (the ID token's sid, and auth_time: signing in again at the provider may keep the sid): a renewed
    // token keeps the idle clock, in every tab.
    sessionOf: () => {
      const claims = tokens().idToken?.claims;
      return typeof claims?.sid === 'string' ? `${claims.sid} ${claims.auth_time ?? ''}` : undefined;
    },
    // RFC 7009 at the provider: the refresh token, then the access token.
    revoke: {
      oauth: {
        endpoint: getOAuthUrls(authClient).revokeUrl ?? `${authClient.options.issuer}/v1/revoke`,
        clientId: authClient.options.clientId ?? '',
        tokens: () => ({ access: tokens().accessToken?.accessToken, refresh: tokens().refreshToken?.refreshToken }),
      },
    },
  });

  // Logged out (idle, manual, another tab, a 401): the revoked tokens go, and when the sign-in session ended the next
  // sign-in asks for credentials (else the provider's session cookie signs the person straight back in).
  idle.on('logout', ({ endSession }) => {
    if (endSession) localStorage.setItem(PROMPT_LOGIN, '1');
    authClient.tokenManager.clear();
  });
  const signIn = () => authClient.signInWithRedirect(localStorage.getItem(PROMPT_LOGIN) ? { prompt: 'login' } : {});
  // After the callback stored the new tokens.
  const signedIn = () => localStorage.removeItem(PROMPT_LOGIN);

  return { idle, signIn, signedIn };
}

// Renewals only while idle-logout allows them: not from the warning on, not once logged out. Returns the renewal
// the app may also call itself (false: not allowed now).
export function gateRenewals(authClient: OktaAuth, idle: IdleLogout) {
  const tokens = () => authClient.tokenManager.getTokensSync();
  const renew = () => {
    if (!idle.canRenew()) return false;
    authClient.tokenManager.renew('accessToken').catch(() => {}); // failed: the API's 401 logs out
    return true;
  };
  authClient.tokenManager.on('expired', () => renew());
  // "Stay signed in" after the token expired during the warning: renew it now.
  idle.on('active', () => {
    const access = tokens().accessToken;
    if (access && authClient.tokenManager.hasExpired(access)) renew();
  });

  return renew;
}
