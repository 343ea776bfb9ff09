import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../src/core/policy';
import { deadline, remainingMs, startSession, step } from '../../src/core/session';
import type { Session, SessionEvent } from '../../src/types/session';

const MIN = 60_000;
const policy = validatePolicy({ timeoutMs: 10 * MIN, warnBeforeMs: MIN });
const T0 = 1_000_000;

function run(s: Session, events: Array<[SessionEvent, number]>) {
  const entered: string[] = [];
  for (const [e, at] of events) {
    const [next, fx] = step(s, e, at);
    s = next;
    fx.forEach((f) => f.type === 'enter' && entered.push(f.reason ? `${f.state}:${f.reason}` : f.state));
  }
  return { s, entered };
}

describe('session state machine', () => {
  it('is active, then warns at timeout − warnBefore, then logs out for idle at the timeout', () => {
    const s = startSession(policy, T0);
    const { s: end, entered } = run(s, [
      [{ type: 'tick' }, T0 + 9 * MIN - 1],
      [{ type: 'tick' }, T0 + 9 * MIN],
      [{ type: 'tick' }, T0 + 10 * MIN],
    ]);
    expect(entered).toEqual(['warning', 'logged-out:idle']);
    expect(end.state).toBe('logged-out');
    expect(remainingMs(end, T0 + 10 * MIN)).toBe(0);
  });

  it('asks to be woken at the warning, then at the deadline', () => {
    const s = startSession(policy, T0);
    expect(step(s, { type: 'tick' }, T0)[1]).toContainEqual({ type: 'wake', at: T0 + 9 * MIN });
    expect(step(s, { type: 'tick' }, T0 + 9 * MIN)[1]).toContainEqual({ type: 'wake', at: T0 + 10 * MIN });
  });

  it('activity during the warning returns to active and moves the deadline', () => {
    const s = startSession(policy, T0);
    const { s: end, entered } = run(s, [
      [{ type: 'tick' }, T0 + 9 * MIN],
      [{ type: 'activity', time: T0 + 9.5 * MIN }, T0 + 9.5 * MIN],
    ]);
    expect(entered).toEqual(['warning', 'active']);
    expect(deadline(end)).toBe(T0 + 19.5 * MIN);
  });

  it('a hold keeps the session alive; releasing the last one restarts the countdown from then', () => {
    const s = startSession(policy, T0);
    const { s: held, entered } = run(s, [
      [{ type: 'hold', id: 'acw' }, T0],
      [{ type: 'hold', id: 'call' }, T0],
      [{ type: 'tick' }, T0 + 60 * MIN],
      [{ type: 'release', id: 'acw' }, T0 + 61 * MIN],
    ]);
    expect(entered).toEqual(['held']);
    expect(held.state).toBe('held');
    expect(deadline(held)).toBe(Infinity);
    const [released] = step(held, { type: 'release', id: 'call' }, T0 + 62 * MIN);
    expect(released.state).toBe('active');
    expect(deadline(released)).toBe(T0 + 72 * MIN);
    // Releasing twice is harmless.
    expect(step(released, { type: 'release', id: 'call' }, T0 + 63 * MIN)[0]).toBe(released);
  });

  it('a manual logout is final and keeps its reason', () => {
    const [out, fx] = step(startSession(policy, T0), { type: 'logout', reason: 'manual' }, T0);
    expect(fx).toEqual([{ type: 'enter', state: 'logged-out', reason: 'manual' }]);
    expect(step(out, { type: 'activity', time: T0 + 1 }, T0 + 1)[0]).toBe(out);
  });

  it('a session whose deadline passed while asleep logs out at the first event, even activity', () => {
    const [out, fx] = step(startSession(policy, T0), { type: 'activity', time: T0 + 11 * MIN }, T0 + 11 * MIN);
    // The activity came after the deadline: the token is already dead server-side.
    expect(out).toMatchObject({ state: 'logged-out', reason: 'idle', last: T0 });
    expect(fx).toEqual([{ type: 'enter', state: 'logged-out', reason: 'idle' }]);
  });

  it('activity is judged at its own time: one that happened before the deadline counts even when run after it', () => {
    const s = startSession(policy, T0);
    // Noted by the shell at T0 + 0.8 s (within a second of the last), run at the old deadline's check: 0.8 s left.
    const [out, fx] = step(s, { type: 'activity', time: T0 + 800 }, T0 + 10 * MIN);
    expect(out).toMatchObject({ state: 'warning', last: T0 + 800 });
    expect(fx).toContainEqual({ type: 'wake', at: T0 + 800 + 10 * MIN });
  });

  it('a disabled org timeout never logs out for idle', () => {
    const s = startSession({ ...policy, enabled: false }, T0);
    expect(step(s, { type: 'tick' }, T0 + 1e9)[0].state).toBe('active');
    expect(remainingMs(s, T0)).toBe(Infinity);
  });

  it('merging a remote logout is final; merging older activity changes nothing', () => {
    const s = startSession(policy, T0);
    expect(step(s, { type: 'merge', last: T0 - MIN }, T0)[0].last).toBe(T0);
    expect(step(s, { type: 'merge', last: T0 + MIN }, T0 + MIN)[0].last).toBe(T0 + MIN);
    expect(step(s, { type: 'merge', last: T0, reason: 'idle' }, T0)[0]).toMatchObject({ state: 'logged-out', reason: 'idle' });
  });

  it('a scheduled time logs out with reason scheduled; a later cancel (0) merged from another tab wins, a stale time does not', () => {
    const s = startSession(policy, T0);
    const [timed] = step(s, { type: 'schedule', logoutAt: T0 + 3 * MIN }, T0);
    expect(deadline(timed)).toBe(T0 + 3 * MIN);
    expect(step(timed, { type: 'tick' }, T0 + 3 * MIN)[0]).toMatchObject({ state: 'logged-out', reason: 'scheduled' });
    expect(timed.logoutAtDecided).toBe(T0);
    // Another tab cancelled a minute later: the latest decision wins.
    const [cancelled] = step(timed, { type: 'merge', last: T0, logoutAt: 0, logoutAtDecided: T0 + MIN }, T0 + MIN);
    expect(deadline(cancelled)).toBe(T0 + 10 * MIN);
    expect(step(cancelled, { type: 'tick' }, T0 + 3 * MIN)[0].state).toBe('active');
    // A stale view (the time, decided before the cancel) arriving late does not undo the cancel.
    expect(step(cancelled, { type: 'merge', last: T0, logoutAt: T0 + 3 * MIN, logoutAtDecided: T0 }, T0 + MIN)[0].logoutAt).toBe(0);
    // A merge that knows nothing of the schedule leaves it alone.
    expect(step(timed, { type: 'merge', last: T0 }, T0 + MIN)[0].logoutAt).toBe(T0 + 3 * MIN);
  });

  it('ignores activity stamped in the future', () => {
    expect(step(startSession(policy, T0), { type: 'activity', time: T0 + 5 * MIN }, T0)[0].last).toBe(T0);
  });
});

const T = 1_700_000_000_000;

describe('session merge, exact (tab sync restore)', () => {
  const policy = validatePolicy({ timeoutMs: 15 * 60_000 });
  const MIN = 60_000;

  it('moves last back: a tab opened ten minutes into the idle period has five minutes left', () => {
    const s = startSession(policy, T + 10 * MIN); // provisional: this tab's start
    const [next] = step(s, { type: 'merge', last: T, exact: true }, T + 10 * MIN);
    expect(next.last).toBe(T);
    expect(step(next, { type: 'tick' }, T + 15 * MIN)[0].state).toBe('logged-out');
    // A plain merge keeps the later activity.
    expect(step(s, { type: 'merge', last: T }, T + 10 * MIN)[0].last).toBe(T + 10 * MIN);
  });

  it('never takes a last in the future, and logs out at once if the shared one is past the timeout', () => {
    const s = startSession(policy, T);
    expect(step(s, { type: 'merge', last: T + 5000, exact: true }, T)[0].last).toBe(T);
    const [out, fx] = step(s, { type: 'merge', last: T - 16 * MIN, exact: true }, T);
    expect(out.state).toBe('logged-out');
    expect(fx).toContainEqual({ type: 'enter', state: 'logged-out', reason: 'idle' });
  });

  it('brings holds and the shared logout reason', () => {
    const s = startSession(policy, T);
    const [held] = step(s, { type: 'merge', last: T, holds: ['@abcd1234'], exact: true }, T + 20 * MIN);
    expect(held.state).toBe('held');
    expect(step(held, { type: 'merge', last: T, reason: 'revoked', exact: true }, T + 20 * MIN)[0]).toMatchObject({ state: 'logged-out', reason: 'revoked' });
  });
});

describe('a 401 (logout, revoked)', () => {
  const s = startSession(policy, T0);
  it.each<[string, Session, number, string]>([
    ['while active: revoked (the server ended the token)', s, T0 + 5 * MIN, 'revoked'],
    ['in the idle warning: idle (the server\'s idle timeout came first): the sign-in ends', s, T0 + 9.5 * MIN, 'idle'],
    ['in the warning, before any timer said so (a throttled tab): idle all the same', { ...s, state: 'active' }, T0 + 9.5 * MIN, 'idle'],
    ['held: revoked', { ...s, state: 'held', holds: ['call#1'] }, T0 + 9.5 * MIN, 'revoked'],
    ['in the warning of a scheduled logout: scheduled (the logout that was coming)', { ...s, last: T0 + 5 * MIN, logoutAt: T0 + 6 * MIN }, T0 + 5.5 * MIN, 'scheduled'],
  ])('%s', (_, session, now, reason) => {
    const [out, fx] = step(session, { type: 'logout', reason: 'revoked' }, now);
    expect(out).toMatchObject({ state: 'logged-out', reason });
    expect(fx).toContainEqual({ type: 'enter', state: 'logged-out', reason });
  });
});
