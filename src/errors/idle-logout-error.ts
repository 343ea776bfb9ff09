import type { IdleLogoutErrorCode } from '../types/vocabulary';

/**
 * The base of every error the SDK throws or reports, for `instanceof`: `IdlePolicyError` (`code: 'policy'`),
 * `TokenLoggedOutError` (`'token-logged-out'`) and `IdleRequestError` (a request the SDK sent on its own failed: its
 * `code` is the `error` event's, `'revoke'`, `'keepalive'` or `'server-clock'`). `code` is stable; the message is for
 * people. Two copies of the SDK in one page have two such classes: `isIdleLogoutError(err)` recognises either's.
 */
export class IdleLogoutError extends Error {
  override name = 'IdleLogoutError';
  constructor(
    /** What kind of error this is: stable, unlike the message. */
    readonly code: IdleLogoutErrorCode,
    message: string,
  ) {
    super(`idle-logout: ${message}`);
  }
}
