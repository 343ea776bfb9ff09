import type { IdleLogoutError } from './idle-logout-error';

/** The names of `IdleLogoutError` and its subclasses: what a copy of the SDK recognises as its errors. */
const NAMES = ['IdleLogoutError', 'IdlePolicyError', 'TokenLoggedOutError', 'IdleRequestError'];

/**
 * Whether `err` is an error of the SDK's (`IdleLogoutError` or a subclass): then `err.code` says which kind.
 *
 * It looks at the name and the `code`, not `instanceof`: a page can hold two copies of the SDK (an npm bundle and the
 * script tag), each with its own classes, and errors from either must be recognised (as ky's `isHTTPError` does).
 * To find a refusal wrapped inside an HTTP client's error, use `isTokenLoggedOutError`.
 */
export function isIdleLogoutError(err: unknown): err is IdleLogoutError {
  const e = err as { name?: unknown; code?: unknown } | null;
  return typeof e === 'object' && !!e && NAMES.includes(e.name as string) && typeof e.code === 'string';
}
