import { bundles, policyFromServer } from '../core/server-policy';
import { IdlePolicyError } from '../errors/idle-policy-error';
import type { Feature } from '../types/runtime';
import type { Policy } from '../types/session';

/** The longest wait between two tries of a failing `timeoutFrom` (the waits double from 2 s). */
const MAX_WAIT = 6e4;

/**
 * The org's policy from the server (`timeoutFrom`), and the person's group timeout (`groups`). A lazy chunk. Asked
 * when a sign-in session's first token appears (never without one: the API would answer 401), and again for each new
 * sign-in; a failure is reported once and tried again after 2, 4, 8 … 60 s while that sign-in lasts. Until it
 * answers, the shortest timeout the API allows holds (`provisionalPolicy`, fail closed), or the one the last sign-in
 * was told; until the groups are known, the shortest that may apply to the person.
 */
export const start: Feature = (rt) => {
  const { timeoutFrom, groups } = rt.options;
  let live = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tries = 0;

  function ask(): void {
    clearTimeout(timer);
    const key = rt.key();
    if (!key) return;
    // An answer for a sign-in that is over (or an instance destroyed) changes nothing.
    const mine = () => live && rt.key() === key;
    const set = (policy: Policy) => mine() && rt.dispatch({ type: 'policy', policy });
    Promise.resolve()
      .then(timeoutFrom)
      .then((value) => {
        set(policyFromServer(value!, rt.options));
        if (groups && bundles(value!).length)
          Promise.resolve()
            .then(groups)
            .then((ids) => {
              if (!Array.isArray(ids)) throw new IdlePolicyError('groups()', ids, 'an array of group ids');
              set(policyFromServer(value!, rt.options, ids.map(String)));
            })
            .catch((error) => rt.fail('groups', error));
      })
      .catch((error) => {
        if (!mine()) return;
        rt.fail('timeout-from', error);
        timer = setTimeout(ask, Math.min(MAX_WAIT, 2e3 * 2 ** tries++));
      });
  }

  const off = rt.onChange((s, _, event) => {
    if (!event && s) (tries = 0), ask();
  });
  ask();
  return { stop: () => (off(), clearTimeout(timer), (live = false)) };
};
