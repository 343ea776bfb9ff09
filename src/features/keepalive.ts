import { IdleRequestError } from '../errors/idle-request-error';
import type { Feature } from '../types/runtime';
import { rawFetch } from './requests/fetch';

/**
 * `keepalive`: the server resets its idle timer on requests only. When there was activity it has not
 * seen (input, heartbeats, `extend()`, other tabs) or a hold is on, one cheap request with the token
 * goes out once `minIntervalMs` has passed since the server last saw the token, so its deadline never
 * falls before ours. Any request with the token (counted or not) tells the server; so does ours.
 */
export const start: Feature = (rt) => {
  const ka = rt.options.keepalive;
  if (!ka) return;
  // Started with the token or just after: the server has just seen it (sign-in, first request).
  let seen = rt.session()?.last ?? -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saw = () => void (seen = rt.now());

  const check = () => {
    const s = rt.refresh();
    const token = rt.token();
    if (!token || !s || s.state === 'logged-out' || !s.policy.enabled || (s.last <= seen && !s.holds.length)) return;
    const interval = Math.min(ka.minIntervalMs ?? 60_000, s.policy.timeoutMs / 2);
    const wait = seen + interval - rt.now();
    if (wait <= 0 && rt.acts()) {
      rt.sent(ka.url, false); // the token used, not activity
      rawFetch(ka.url, { method: ka.method ?? 'HEAD', headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' }).then(
        (r) =>
          r.status === 401
            ? token === rt.token() && rt.dispatch({ type: 'logout', reason: 'revoked' })
            : r.ok || rt.fail('keepalive', new IdleRequestError('keepalive', ka.url, r.status)),
        (cause) => rt.fail('keepalive', new IdleRequestError('keepalive', ka.url, 0, cause)),
      );
    }
    // Due later, a hold beating on, or another tab acting for now (this one may take over): look again then.
    timer ??= setTimeout(() => ((timer = undefined), check()), wait > 0 ? wait : interval);
  };

  const offs = [
    // Every request with the token resets the server's timer, counted or not (excluded polling), ours too.
    rt.onRequest(saw),
    rt.on('activity', (e) => e.source !== 'api' && check()),
    rt.onChange((s, _prev, event) => {
      if (!event) seen = s ? s.last : -Infinity;
      else if (event.type !== 'activity') check();
    }),
  ];
  return {
    stop() {
      clearTimeout(timer);
      offs.forEach((off) => off());
    },
  };
};
