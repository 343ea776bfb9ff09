import { urlFilter } from '../../core/url-match';
import { TokenLoggedOutError } from '../../errors/token-logged-out-error';
import type { Feature } from '../../types/runtime';
import { intercept } from './taps';

/**
 * API requests: every fetch/XHR that carries this instance's token is activity (unless `activity.api` leaves it
 * out), is refused with `TokenLoggedOutError` once the token is logged out, and a `401` answer logs the token out
 * (reason `revoked`: the server dropped it). The per-request hot path is a comparison and a timestamp: the token
 * is re-read only when a request carries one we do not know. With `patch: false` the globals stay untouched and
 * only `wrapFetch` and the axios interceptors report requests.
 */
export const requests: Feature = (rt) => {
  const counts = urlFilter(rt.options.activity?.api);
  const stop = intercept({
    send(token, url, method) {
      if (token !== rt.token() && (rt.session(), token !== rt.token())) return;
      const counted = counts(url);
      // Either way the deadline is re-checked first: no request escapes with an expired token.
      if (counted) rt.record('api', { method, url });
      else rt.dispatch({ type: 'tick' });
      rt.sent(url, counted);
      const s = rt.peek();
      if (s?.state === 'logged-out') return new TokenLoggedOutError(s.reason!);
    },
    done(token, status) {
      if (status === 401 && token === rt.token()) rt.dispatch({ type: 'logout', reason: 'revoked' });
    },
  }, rt.options.patch !== false);
  return { stop };
};
