/**
 * The SDK's words, each listed once. The arrays are what code checks untrusted input against (storage,
 * broadcasts, frame messages); the types are derived from them, so adding a word here is where the compiler
 * starts walking you through every place that must handle it.
 */

/** Where a token's session stands. */
export const IDLE_STATES = ['active', 'warning', 'held', 'logged-out'] as const;
export type IdleState = (typeof IDLE_STATES)[number];

/**
 * Why a token was logged out: `idle` (also a 401 in the idle warning); `revoked` (the API answered 401: the server dropped it); `manual` (`logout()`);
 * `scheduled` (`logoutAt`, `schedule`); `signed-out` (the token went away while live: the auth library removed it).
 */
export const LOGOUT_REASONS = ['idle', 'revoked', 'manual', 'scheduled', 'signed-out'] as const;
export type LogoutReason = (typeof LOGOUT_REASONS)[number];

/** What counted as activity: a request with the token, input, a host heartbeat, `extend()`, another tab. */
export const ACTIVITY_SOURCES = ['api', 'input', 'heartbeat', 'extend', 'remote'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/**
 * The `error` event's codes: a feature that degraded (reported once per code) or a callback of the app's that failed.
 * - `get-token`: `getToken()` (or `sessionOf()`, `sameSession()`) threw. `timeout-from`: `timeoutFrom()` failed or answered out of range (the shortest timeout holds).
 * - `groups`: `groups()` failed; the shortest timeout of the person's possible bundles holds.
 * - `storage`: IndexedDB failed; this page runs on memory. `no-crypto`: no Web Crypto and its SHA-256 fallback failed to load: no tab sync.
 * - `load`: a lazily loaded part of the SDK failed to load. `sync`: tab sync failed.
 * - `revoke`, `keepalive`, `server-clock`: that request failed (an `IdleRequestError`: `status`, `url`); `revoke` also when
 *   `revoke.oauth.tokens()` threw, or (`idle-logout/oidc`) the provider publishes no `revocation_endpoint`.
 * - `memory`: route/draft memory failed for another reason than storage (IndexedDB failures are `storage`). `route`: `route.get` threw. `drafts`: reading (or refilling) the
 *   marked forms or a `keepDraft` getter threw. `user-key`: `userKey` threw.
 * - `schedule`: the `schedule.at` function threw or returned a bad time. `ui`: the built-in dialog failed to open.
 * - `unseen-requests`: a request to the API went past the SDK (a client took `fetch` or `XMLHttpRequest` before it ran).
 */
export const ERROR_CODES = [
  'get-token',
  'timeout-from',
  'groups',
  'storage',
  'no-crypto',
  'load',
  'sync',
  'revoke',
  'keepalive',
  'server-clock',
  'memory',
  'route',
  'drafts',
  'user-key',
  'schedule',
  'ui',
  'unseen-requests',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * `IdleLogoutError`'s `code`: `policy` (`IdlePolicyError`: an option or argument outside what is allowed),
 * `token-logged-out` (`TokenLoggedOutError`: a request refused), or, for an error reported through the `error` event
 * (`IdleRequestError`), that event's code.
 */
export type IdleLogoutErrorCode = 'policy' | 'token-logged-out' | ErrorCode;
