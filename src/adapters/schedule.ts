import type { IdleLogout } from '../types/options';
import type { Runtime } from '../types/runtime';

/**
 * Scheduled logout (end of shift): `schedule` sets each new session's time, `logoutAt()` sets the current one's.
 * It is the core's `schedule` event, so the warning, the `scheduled` reason and tab sync (which shares `at`) follow.
 */
export function schedule(rt: Runtime): [() => void, Pick<IdleLogout, 'logoutAt'>] {
  const o = rt.options.schedule;
  const set = (at: Date | number | null | undefined) => {
    // null cancels: 0 is the core's shared "cancelled" (see Session.at).
    const t = at == null ? 0 : +at;
    if (at != null && !(t > 0)) rt.fail('schedule', new RangeError(`idle-logout: bad logout time ${String(at)}`));
    else rt.dispatch({ type: 'schedule', at: t, respectHolds: o?.respectHolds });
  };
  const off = rt.onChange((s, _prev, event) => {
    if (!o || !s || event || s.state == 'logged-out') return;
    const { at } = o;
    const token = rt.token();
    const next = typeof at == 'function' ? async () => at(new Date(rt.now())) : () => import('../core/schedule').then((m) => m.nextTime(at, rt.now(), o.timeZone));
    next()
      .then((t) => {
        // Still that session, and a time for it. A time another tab already shared (after a reload) wins if it
        // comes first, and so does a cancel (0) shared by another tab.
        if (rt.token() !== token || t == null) return;
        const cur = rt.session()?.at;
        if (cur !== undefined && cur < +t) rt.dispatch({ type: 'schedule', at: cur, respectHolds: o.respectHolds });
        else set(t);
      })
      .catch((error) => rt.fail('schedule', error));
  });
  return [off, { logoutAt: (at) => (rt.session(), set(at)) }];
}
