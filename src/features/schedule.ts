import { inRange } from '../core/policy';
import { IdlePolicyError } from '../errors/idle-policy-error';
import type { Feature } from '../types/runtime';

/** A logout time from `logoutAt()` or `schedule.at`: epoch ms; `0` cancels (the core's shared "cancelled"). */
export function logoutTime(at: unknown, field: string): number {
  if (at === null) return 0;
  const t = at instanceof Date ? at.getTime() : at;
  // A positive, finite number (an invalid Date's NaN is not).
  if (!inRange(t, Number.MIN_VALUE)) throw new IdlePolicyError(field, at, 'a Date or epoch milliseconds (> 0), or null to cancel');
  return t;
}

/**
 * `logoutAt()`: logs the current token out at a time (reason `scheduled`). It is the core's `schedule` event, so the
 * warning, the reason and tab sync (which shares it) follow. `schedule` (every session's end of shift) is `shift.ts`.
 */
export const schedule: Feature<'logoutAt'> = (rt) => ({
  stop() {},
  api: {
    logoutAt(at) {
      const logoutAt = logoutTime(at, 'logoutAt(at)');
      rt.refresh();
      rt.dispatch({ type: 'schedule', logoutAt, respectHolds: rt.options.schedule?.respectHolds });
    },
  },
});
