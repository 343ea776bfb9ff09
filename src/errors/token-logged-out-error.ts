import type { LogoutReason } from '../types/options';

/**
 * Thrown (as a rejected fetch, or an XHR `error`) instead of sending a request with a token that is
 * logged out: a stale token must not reach the server.
 */
export class TokenLoggedOutError extends Error {
  override name = 'TokenLoggedOutError';
  constructor(readonly reason: LogoutReason) {
    super(`idle-logout: request refused, its access token was logged out (${reason})`);
  }
}
