import { urlFilter } from '../../core/url-match';
import { TokenLoggedOutError } from '../../errors/token-logged-out-error';
import type { Feature, Runtime } from '../../types/runtime';
import { intercept } from './taps';

/**
 * How a request with the current token counts, wherever it was sent (this page, or a worker: `features/workers.ts`):
 * activity unless `activity.api` leaves it out, the deadline re-checked either way (no request escapes with an
 * expired token), reported to request watchers (`rt.sent`: an excluded poll is the token used, not activity), and
 * the refusal if the token is logged out.
 */
export function counter(rt: Runtime): (url: string, method: string) => TokenLoggedOutError | undefined {
  const counts = urlFilter(rt.options.activity?.api);
  return (url, method) => {
    const counted = counts(url);
    if (counted) rt.record('api', method, url);
    else rt.dispatch({ type: 'tick' });
    rt.sent(url, counted);
    const s = rt.session();
    if (s?.state === 'logged-out') return new TokenLoggedOutError(s.reason!);
  };
}

/**
 * API requests: every fetch/XHR that carries this instance's token is activity (unless `activity.api` leaves it
 * out), is refused with `TokenLoggedOutError` once the token is logged out, and a `401` answer logs the token out
 * (reason `revoked`: the server dropped it). While this tab cannot tell yet whether the token is live (`rt.ready()`:
 * tab sync has not read the shared record), a request is held, then judged. The per-request hot path is a comparison
 * and a timestamp: the token is re-read only when a request carries one we do not know. With `patch: false` the
 * globals stay untouched and only `wrapFetch` and the axios interceptors report requests.
 */
export const requests: Feature = (rt) => {
  const count = counter(rt);
  const stop = intercept(
    {
      send(token, url, method) {
        if (token !== rt.token() && (rt.refresh(), token !== rt.token())) return;
        // Held, then asked again: the wait is bounded by each feature, and a token logged out meanwhile is refused.
        return rt.ready() || count(url, method);
      },
      done(token, status) {
        if (status === 401 && token === rt.token()) rt.dispatch({ type: 'logout', reason: 'revoked' });
      },
    },
    rt.options.patch !== false,
  );
  return { stop };
};
