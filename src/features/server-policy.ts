import { bundles, policyFromServer } from '../core/server-policy';
import type { Feature } from '../types/runtime';
import type { Policy } from '../types/session';

/**
 * The org's policy from the server (`timeoutFrom`), and the person's group timeout (`groups`). A lazy chunk: until
 * it answers, the shortest timeout the API allows holds (`provisionalPolicy`); until the groups are known, the
 * shortest that may apply to the person. A failure keeps the shorter one (fail closed) and is reported once.
 */
export const start: Feature = (rt) => {
  const { timeoutFrom, groups } = rt.options;
  let live = true;
  const set = (policy: Policy) => live && rt.dispatch({ type: 'policy', policy });
  timeoutFrom!()
    .then((value) => {
      set(policyFromServer(value, rt.options));
      if (groups && bundles(value).length)
        Promise.resolve()
          .then(groups)
          .then((ids) => {
            if (!Array.isArray(ids)) throw new TypeError(`idle-logout: groups() must return an array of group ids (got ${typeof ids})`);
            set(policyFromServer(value, rt.options, ids.map(String)));
          })
          .catch((error) => rt.fail('groups', error));
    })
    .catch((error) => rt.fail('timeout-from', error));
  return { stop: () => void (live = false) };
};
