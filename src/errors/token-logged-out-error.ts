import type { LogoutReason } from '../types/options';
import { IdleLogoutError } from './idle-logout-error';

/**
 * Thrown (as a rejected fetch, or an XHR `error`) instead of sending a request with a token that is
 * logged out (`code: 'token-logged-out'`): a stale token must not reach the server.
 */
export class TokenLoggedOutError extends IdleLogoutError {
  override name = 'TokenLoggedOutError';
  constructor(readonly reason: LogoutReason) {
    super('token-logged-out', `request refused, its access token was logged out (${reason})`);
  }
}
