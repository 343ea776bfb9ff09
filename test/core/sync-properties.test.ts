import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadline, startSession, step } from '../../src/core/session';
import { remoteHold } from '../../src/core/sync-decide';
import { fold, LEASE, type SharedRecord } from '../../src/core/sync-record';
import type { Policy, SessionEvent } from '../../src/types/session';
import { LOGOUT_REASONS } from '../../src/types/vocabulary';

// Properties of tab sync's pure parts, over generated inputs (fast-check): the stored record does not depend on
// the order the tabs' writes arrive in, and no sequence of events, forged ones included, moves a deadline past
// the last activity plus the timeout.

const T = 1_700_000_000_000;
const H = 3600e3;
const tabId = fc.stringMatching(/^[a-z0-9]{8}$/);
const policy: fc.Arbitrary<Policy> = fc
  .record({ timeoutMs: fc.integer({ min: 10_000, max: 8 * H }), warnFraction: fc.double({ min: 0, max: 0.99, noNaN: true }), enabled: fc.boolean() })
  .map(({ timeoutMs, warnFraction, enabled }) => ({ timeoutMs, warnBeforeMs: Math.max(5000, Math.floor(timeoutMs * warnFraction)), enabled }));

describe('fold: the stored record', () => {
  /**
   * One tab's write, shaped as `view()` makes it: its activity, perhaps its hold lease (renewed: later than now),
   * a logout, a schedule decision. `i` makes decision times distinct (two decisions in the same millisecond
   * are the one tie fold settles by arrival).
   */
  const write = (i: number) =>
    fc
      .record({
        tab: tabId,
        last: fc.integer({ min: 0, max: 2 * H }),
        lease: fc.option(fc.integer({ min: 1, max: LEASE })),
        reason: fc.option(fc.constantFrom(...LOGOUT_REASONS)),
        logoutAt: fc.option(fc.integer({ min: 0, max: 8 * H })),
        decided: fc.integer({ min: 0, max: 999 }),
        policy: fc.option(policy),
      })
      .map(({ tab, last, lease, reason, logoutAt, decided, policy }): [string, SharedRecord] => {
        const r: SharedRecord = { v: 2, last: T - last, holds: lease === null ? {} : { [tab]: T + lease } };
        if (reason !== null) r.reason = reason;
        if (logoutAt !== null) (r.logoutAt = logoutAt && T + logoutAt), (r.logoutAtDecided = T - 1000 * i - decided);
        if (policy !== null) r.policy = policy;
        return [tab, r];
      });
  /** Writes of distinct tabs, and the same writes in another order. */
  const writes = fc
    .integer({ min: 1, max: 8 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => write(i))))
    .filter((ws) => new Set(ws.map(([tab]) => tab)).size === ws.length)
    .chain((ws) => fc.tuple(fc.constant(ws), fc.shuffledSubarray(ws, { minLength: ws.length, maxLength: ws.length })));
  /**
   * What a tab reading the record acts on: the activity, who holds, whether the session is over, the schedule.
   * Two fields are arrival-ordered by design and left out: which of two logouts' reasons is kept (the first stored)
   * and the policy (the latest writer's: every tab of a session runs under the same one).
   */
  const seen = (r: SharedRecord) => ({ last: r.last, holds: r.holds, loggedOut: !!r.reason, logoutAt: r.logoutAt, logoutAtDecided: r.logoutAtDecided });
  const foldAll = (ws: [string, SharedRecord][]) => ws.reduce<SharedRecord | undefined>((old, [tab, r]) => fold(old, r, tab, T), undefined)!;

  it('the same writes in any order give the same view', () => {
    fc.assert(
      fc.property(writes, ([a, b]) => {
        expect(seen(foldAll(b))).toEqual(seen(foldAll(a)));
      }),
      { numRuns: 500 },
    );
  });

  it('the view is every write’s activity and holds together: the latest activity, every live lease', () => {
    fc.assert(
      fc.property(writes, ([ws]) => {
        const r = foldAll(ws);
        expect(r.last).toBe(Math.max(...ws.map(([, w]) => w.last)));
        expect(r.holds).toEqual(Object.assign({}, ...ws.map(([, w]) => w.holds)));
      }),
    );
  });
});

describe('step: no deadline past the last activity plus the timeout', () => {
  const holdId = fc.constantFrom('call#1', 'chat#2', '@call#3');
  /** Any offset from now: events may carry forged times, from long before to 10 h after. */
  const offset = fc.integer({ min: -10 * H, max: 10 * H });
  /** An event made at the moment it happens. */
  type Made = (now: number) => SessionEvent;
  const event = fc.oneof(
    offset.map((d): Made => (now) => ({ type: 'activity', time: now + d })),
    fc.constant<Made>(() => ({ type: 'tick' })),
    holdId.map((id): Made => () => ({ type: 'hold', id })),
    holdId.map((id): Made => () => ({ type: 'release', id })),
    fc.constantFrom(...LOGOUT_REASONS).map((reason): Made => () => ({ type: 'logout', reason })),
    policy.map((p): Made => () => ({ type: 'policy', policy: p })),
    fc.record({ at: fc.option(offset), respectHolds: fc.boolean() }).map(
      ({ at, respectHolds }): Made =>
        (now) => ({ type: 'schedule', logoutAt: at === null ? 0 : Math.max(0, now + at), respectHolds }),
    ),
    fc.constantFrom<'renew' | 'decided'>('renew', 'decided').map((type): Made => () => ({ type })),
    fc
      .record({ d: offset, holds: fc.option(fc.subarray(['call#1', remoteHold('tab00001'), remoteHold('tab00002')])), exact: fc.boolean(), at: fc.option(offset) })
      .map(
        ({ d, holds, exact, at }): Made =>
          (now) => ({
            type: 'merge',
            last: Math.max(0, now + d),
            ...(holds && { holds }),
            exact,
            ...(at !== null && { logoutAt: Math.max(0, now + at), logoutAtDecided: now }),
          }),
      ),
  );
  const run = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 * H }), event), { maxLength: 40 });

  it('for any sequence of events: activity is never later than now, and with a timeout and no holds the deadline is at most last + timeout', () => {
    fc.assert(
      fc.property(policy, run, (p, events) => {
        let now = T;
        let s = startSession(p, now);
        for (const [dt, e] of events) {
          now += dt;
          [s] = step(s, e(now), now);
          expect(s.last).toBeLessThanOrEqual(now);
          if (s.policy.enabled && !s.holds.length) expect(deadline(s)).toBeLessThanOrEqual(s.last + s.policy.timeoutMs);
        }
      }),
      { numRuns: 500 },
    );
  });
});
