import { IdlePolicyError } from '../errors/idle-policy-error';
import type { Feature } from '../types/runtime';

/** A logout time from `logoutAt()` or `schedule.at`: epoch ms; `0` cancels (the core's shared "cancelled"). */
export function logoutTime(at: unknown, field: string): number {
  if (at === null) return 0;
  const t = at instanceof Date ? at.getTime() : at;
  if (typeof t != 'number' || !(t > 0) || !Number.isFinite(t)) throw new IdlePolicyError(field, at, 'a Date or epoch milliseconds (> 0), or null to cancel');
  return t;
}

/**
 * Scheduled logout (end of shift): `schedule` sets each new session's time, `logoutAt()` sets the current one's.
 * It is the core's `schedule` event, so the warning, the `scheduled` reason and tab sync (which shares it) follow.
 */
export const schedule: Feature = (rt) => {
  const o = rt.options.schedule;
  const set = (logoutAt: number) => rt.dispatch({ type: 'schedule', logoutAt, respectHolds: o?.respectHolds });
  const off = rt.onChange((s, _prev, event) => {
    if (!o || !s || event || s.state == 'logged-out') return;
    const { at } = o;
    const token = rt.token();
    const next =
      typeof at == 'function'
        ? async () => at(new Date(rt.now()))
        : () => import('../core/schedule').then((m) => m.nextTime(at, rt.now(), o.timeZone));
    next()
      .then((t) => {
        // Still that session, and a time for it. A time another tab already shared (after a reload) wins if it
        // comes first, and so does a cancel (0) shared by another tab.
        if (rt.token() !== token || t == null) return;
        const time = logoutTime(t, 'schedule.at()');
        const cur = rt.session()?.logoutAt;
        set(cur !== undefined && cur < time ? cur : time);
      })
      .catch((error) => rt.fail('schedule', error));
  });
  return {
    stop: off,
    api: {
      logoutAt(at) {
        const time = logoutTime(at, 'logoutAt(at)');
        rt.session();
        set(time);
      },
    },
  };
};
