import { nextTime } from '../core/schedule';
import type { Feature } from '../types/runtime';
import { logoutTime } from './schedule';

/**
 * `schedule`: the end of shift, set for each new session (`'18:30'` in a zone, or a function of the time). A lazy
 * chunk, loaded when the option is set; it starts with the session as it is then.
 */
export const start: Feature = (rt) => {
  const o = rt.options.schedule!;
  const plan = (s = rt.session()) => {
    if (!s || s.state === 'logged-out') return;
    const token = rt.token();
    Promise.resolve()
      .then(() => (typeof o.at === 'function' ? o.at(new Date(rt.now())) : nextTime(o.at, rt.now(), o.timeZone)))
      .then((t) => {
        // Still that session, and a time for it. A time another tab already shared (after a reload) wins if it
        // comes first, and so does a cancel (0) shared by another tab.
        if (rt.token() !== token || t == null) return;
        const time = logoutTime(t, 'schedule.at()');
        const cur = rt.session()?.logoutAt;
        rt.dispatch({ type: 'schedule', logoutAt: cur !== undefined && cur < time ? cur : time, respectHolds: o.respectHolds });
      })
      .catch((error) => rt.fail('schedule', error));
  };
  const stop = rt.onChange((s, _prev, event) => event || plan(s));
  plan();
  return { stop };
};
