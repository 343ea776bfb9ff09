import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../src/core/policy';
import { deadline, remainingMs, startSession, step, type Session, type SessionEvent } from '../src/core/session';

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
      [{ type: 'activity', at: T0 + 9.5 * MIN }, T0 + 9.5 * MIN],
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
    expect(step(out, { type: 'activity', at: T0 + 1 }, T0 + 1)[0]).toBe(out);
  });

  it('a session whose deadline passed while asleep logs out at the first event, even activity', () => {
    const [out, fx] = step(startSession(policy, T0), { type: 'activity', at: T0 + 11 * MIN }, T0 + 11 * MIN);
    // The activity came after the deadline: the token is already dead server-side.
    expect(out).toMatchObject({ state: 'logged-out', reason: 'idle', last: T0 });
    expect(fx).toEqual([{ type: 'enter', state: 'logged-out', reason: 'idle' }]);
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
    const [timed] = step(s, { type: 'schedule', at: T0 + 3 * MIN }, T0);
    expect(deadline(timed)).toBe(T0 + 3 * MIN);
    expect(step(timed, { type: 'tick' }, T0 + 3 * MIN)[0]).toMatchObject({ state: 'logged-out', reason: 'scheduled' });
    expect(timed.atSet).toBe(T0);
    // Another tab cancelled a minute later: the latest decision wins.
    const [cancelled] = step(timed, { type: 'merge', last: T0, at: 0, atSet: T0 + MIN }, T0 + MIN);
    expect(deadline(cancelled)).toBe(T0 + 10 * MIN);
    expect(step(cancelled, { type: 'tick' }, T0 + 3 * MIN)[0].state).toBe('active');
    // A stale view (the time, decided before the cancel) arriving late does not undo the cancel.
    expect(step(cancelled, { type: 'merge', last: T0, at: T0 + 3 * MIN, atSet: T0 }, T0 + MIN)[0].at).toBe(0);
    // A merge that knows nothing of the schedule leaves it alone.
    expect(step(timed, { type: 'merge', last: T0 }, T0 + MIN)[0].at).toBe(T0 + 3 * MIN);
  });

  it('ignores activity stamped in the future', () => {
    expect(step(startSession(policy, T0), { type: 'activity', at: T0 + 5 * MIN }, T0)[0].last).toBe(T0);
  });
});
