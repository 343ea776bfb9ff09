import { Auth0Client, type Auth0ClientOptions, type Cacheable, type DecodedToken, type ICache, type WrappedCacheEntry } from '@auth0/auth0-spa-js';
import { createIdleLogout, type IdleLogout, type IdleLogoutOptions } from 'idle-logout';

/**
 * auth0-spa-js's token cache, in memory like its default, where idle-logout reads the current tokens synchronously
 * (auth0-spa-js has no synchronous getter, and keeps the refresh token to itself).
 */
export class TokenCache implements ICache {
  private readonly entries = new Map<string, unknown>();
  /** The access and refresh tokens of the latest sign-in or renewal; undefined once auth0-spa-js dropped them. */
  current: WrappedCacheEntry['body'] | undefined;
  /** The latest ID token's claims (auth0-spa-js stores it before the tokens it came with, in an entry of its own). */
  claims: DecodedToken['claims'] | undefined;

  set<T = Cacheable>(key: string, entry: T) {
    this.entries.set(key, entry);
    const e = entry as { body?: WrappedCacheEntry['body']; decodedToken?: DecodedToken };
    // An expired entry is stored again without its access token: the session lives on until renewed or logged out.
    if (e.body?.access_token) this.current = e.body;
    if (e.decodedToken) this.claims = e.decodedToken.claims;
  }
  get<T = Cacheable>(key: string) {
    return this.entries.get(key) as T | undefined;
  }
  remove(key: string) {
    const e = this.entries.get(key) as { body?: unknown; decodedToken?: unknown } | undefined;
    if (e?.body) this.current = undefined;
    if (e?.decodedToken) this.claims = undefined;
    this.entries.delete(key);
  }
  allKeys() {
    return [...this.entries.keys()];
  }
}

export function createAuth0(options: Auth0ClientOptions) {
  const cache = new TokenCache();
  const auth0 = new Auth0Client({ ...options, useRefreshTokens: true, cache });
  return { auth0, cache };
}

const PROMPT_LOGIN = 'idle-logout:prompt-login';

export function connectIdleLogout(auth0: Auth0Client, cache: TokenCache, options: Omit<IdleLogoutOptions, 'getToken'> = {}) {
  const { domain, clientId } = auth0.getConfiguration();
  const base = /^https?:\/\//.test(domain) ? domain : `https://${domain}`; // auth0-spa-js takes either
  const idle: IdleLogout = createIdleLogout({
    timeoutMs: 30 * 60_000,
    ...options,
    getToken: () => cache.current?.access_token,
    // The sign-in (the ID token's sid, and auth_time: signing in again at the provider may keep the sid): a renewed
    // token keeps the idle clock, in every tab.
    sessionOf: () => {
      const claims = cache.claims;
      return cache.current && typeof claims?.sid === 'string' ? `${claims.sid} ${claims.auth_time ?? ''}` : undefined;
    },
    // RFC 7009 at the provider: the refresh token, then the access token.
    revoke: {
      oauth: {
        endpoint: `${base}/oauth/revoke`,
        clientId,
        tokens: () => ({ access: cache.current?.access_token, refresh: cache.current?.refresh_token }),
      },
    },
  });

  // Every API call takes its token here: renewed with the refresh token only while idle-logout allows it; from the
  // warning on (and once logged out) only a still-valid cached token, else none.
  const accessToken = (): Promise<string | undefined> => auth0.getTokenSilently({ cacheMode: idle.canRenew() ? 'on' : 'cache-only' });

  // Logged out (idle, manual, another tab, a 401): the revoked tokens go, and when the sign-in session ended the next
  // sign-in asks for credentials (else the provider's session cookie signs the person straight back in).
  idle.on('logout', ({ endSession }) => {
    if (endSession) localStorage.setItem(PROMPT_LOGIN, '1');
    void auth0.logout({ openUrl: false });
  });
  const signIn = () => auth0.loginWithRedirect(localStorage.getItem(PROMPT_LOGIN) ? { authorizationParams: { prompt: 'login' } } : {});
  // After handleRedirectCallback stored the new tokens.
  const signedIn = () => localStorage.removeItem(PROMPT_LOGIN);

  return { idle, accessToken, signIn, signedIn };
}
