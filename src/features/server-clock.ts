import { serverDeadline } from '../core/server-time';
import { deadline } from '../core/session';
import { IdleRequestError } from '../errors/idle-request-error';
import type { Feature } from '../types/runtime';
import type { Session } from '../types/session';
import { rawFetch } from './requests/fetch';

/** How long before the warning the server is asked, so a token kept alive elsewhere shows no warning. */
const LEAD = 3000;
/** A read that takes longer has failed: the logout it holds back goes ahead. */
const READ_TIMEOUT = 10_000;
/** Server activity this close after our own non-activity use of the token may be that use: not adopted. */
const OWN = 2000;
/** How far apart two readings of one server deadline can be (see `serverDeadline`). */
const RESOLUTION = 1000;

/**
 * `serverClock`: the server's deadline for the token, read without resetting it, at start, on becoming
 * visible, shortly before the warning, and before an idle logout (which waits for the answer: the
 * `confirmIdle` hook). The server's implied last activity is merged in, later activity wins, so a
 * token used elsewhere (another tab, a partitioned frame, another device) stays signed in here. What the
 * server saw last may be this page's own excluded polling or keepalive: that is not adopted, or
 * `activity.api.exclude` would mean nothing. A failed read changes nothing, so the idle logout goes
 * ahead (fail closed); a 401 logs out at once.
 */
export const start: Feature = (rt) => {
  const sc = rt.options.serverClock;
  if (!sc) return;
  let pending: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = -Infinity; // the pre-warning time already asked about
  let confirmed = -Infinity; // the deadline already put to the server
  let live = true;
  /** When this page last used the token in a way that is not activity (excluded polling, keepalive). */
  let quietUse = -Infinity;

  const read = () =>
    (pending ??= (async () => {
      const token = rt.token();
      if (!token) return;
      const t0 = rt.now();
      const r = await Promise.race([
        rawFetch(sc.url, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' }).catch((cause) => {
          throw new IdleRequestError('server-clock', sc.url, 0, cause);
        }),
        new Promise<never>((_, fail) => setTimeout(fail, READ_TIMEOUT, new IdleRequestError('server-clock', sc.url, 0))),
      ]);
      if (token !== rt.token() || !live) return;
      if (r.status === 401) return rt.dispatch({ type: 'logout', reason: 'revoked' });
      const field = sc.field ?? 'dateTokenIdles';
      const end = r.ok ? serverDeadline((await r.json())?.[field], r.headers.get('date'), t0, rt.now()) : NaN;
      if (!(end === end)) throw new IdleRequestError('server-clock', sc.url, r.status, r.ok ? Error(`no ${field}`) : undefined);
      const s = rt.session();
      if (!s) return;
      const last = end - s.policy.timeoutMs;
      // The skew comes from a whole-second `Date` header, so two reads of one deadline differ by up to 1 s:
      // a "later" deadline within that is rounding, not activity. Adopting it would move the next pre-warning
      // read into the present, and reads would chase their own rounding (seen: dozens a second).
      if (last > s.last + RESOLUTION && last > quietUse + OWN) rt.dispatch({ type: 'merge', last });
    })()
      .catch((error) => rt.fail('server-clock', error))
      .finally(() => (pending = undefined)));

  const askAt = (s?: Session) => (s && s.state !== 'logged-out' ? deadline(s) - s.policy.warnBeforeMs - LEAD : Infinity);
  // Activity only moves the time later: an armed timer stays, and re-plans when it fires.
  const plan = (s = rt.session()) => {
    const at = askAt(s);
    if (timer || at <= asked || at === Infinity) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        const due = askAt(rt.refresh());
        if (rt.now() >= due - 50) read(), (asked = due);
        plan();
      },
      Math.min(at - rt.now(), 2 ** 31 - 1),
    );
  };

  const confirmIdle = (s: Session) => {
    const end = deadline(s);
    // The warning (no reason: not a logout) goes ahead: the server is asked shortly before it (`plan`), and again
    // before the logout.
    if (end <= confirmed || !s.reason) return false;
    const go = () => live && confirmed < end && ((confirmed = end), rt.dispatch({ type: 'tick' }));
    read().then(go);
    // With a revoke, ours is `revokeAheadMs` before the server's deadline: a slow read must not hold the logout and its
    // revoke past that (the refresh token would outlive the session), so the logout goes ahead 0.5 s before it.
    if (s.policy.aheadMs) setTimeout(go, end + s.policy.aheadMs - 500 - rt.now());
    return true;
  };
  const untap = rt.onRequest((r) => void (r.counted || (quietUse = rt.now())));
  const onVisible = () => document.visibilityState === 'visible' && read();
  document.addEventListener('visibilitychange', onVisible);
  const off = rt.onChange((s, _prev, event) => {
    if (!event && s) read();
    plan(s);
  });
  if (rt.session()) read();
  plan();
  return {
    stop() {
      live = false;
      clearTimeout(timer);
      off();
      untap();
      document.removeEventListener('visibilitychange', onVisible);
    },
    hooks: { confirmIdle },
  };
};
