import { afterEach, describe, expect, it, vi } from 'vitest';
import { validatePolicy } from '../src/core/policy';
import { startSession, step } from '../src/core/session';
import { coalesce, fold, parseMsg, parseRec, stale, tabId, view, type Rec } from '../src/adapters/sync/record';

const K = 'a'.repeat(64);
const T = 1_700_000_000_000;
const good = { l: T, o: 'idle', a: T + 5, p: [900_000, 60_000, true], h: { abcd1234: T + 1000 } };

describe('sync record validation', () => {
  it('accepts a well-formed record and returns a clean copy without unknown fields', () => {
    const r = parseRec({ ...good, extra: { deep: 1 } });
    expect(r).toEqual(good);
    expect(r).not.toHaveProperty('extra');
    expect(parseRec({ l: T, h: {} })).toEqual({ l: T, h: {} });
  });

  it.each([
    ['null', null],
    ['a string', 'x'],
    ['an array', [1]],
    ['no l', { h: {} }],
    ['l a string', { l: String(T), h: {} }],
    ['l NaN', { l: NaN, h: {} }],
    ['l Infinity', { l: Infinity, h: {} }],
    ['l negative', { l: -1, h: {} }],
    ['no h', { l: T }],
    ['h an array', { l: T, h: [] }],
    ['unknown reason', { l: T, o: 'bored', h: {} }],
    ['reason not a string', { l: T, o: 1, h: {} }],
    ['at a string', { l: T, a: 'soon', h: {} }],
    ['policy too short', { l: T, p: [1000, 500, true], h: {} }],
    ['policy too long', { l: T, p: [9 * 3600e3, 60_000, true], h: {} }],
    ['warning not before timeout', { l: T, p: [600_000, 600_000, true], h: {} }],
    ['policy flag not boolean', { l: T, p: [600_000, 60_000, 1], h: {} }],
    ['policy of 2', { l: T, p: [600_000, 60_000], h: {} }],
    ['hold tab id bad', { l: T, h: { 'no spaces!': T } }],
    ['hold tab __proto__', JSON.parse(`{"l":${T},"h":{"__proto__":${T}}}`)],
    ['hold lease a string', { l: T, h: { abcd1234: 'x' } }],
    ['too many holds', { l: T, h: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`tab${1000 + i}`, T])) }],
  ])('rejects %s', (_, x) => {
    expect(parseRec(x)).toBeUndefined();
  });

  it('never throws, even on hostile getters', () => {
    const evil = { get l() { throw new Error('boom'); }, h: {} };
    expect(parseRec(evil)).toBeUndefined();
    expect(parseMsg(evil, K)).toBeUndefined();
  });

  it('accepts a message only for this token, from a tab, in version 1', () => {
    const m = { ...good, v: 1, k: K, f: 'abcd1234' };
    expect(parseMsg(m, K)).toEqual(m);
    expect(parseMsg({ ...m, q: 1 }, K)).toEqual({ ...m, q: 1 });
    expect(parseMsg(m, 'b'.repeat(64))).toBeUndefined();
    expect(parseMsg({ ...m, v: 2 }, K)).toBeUndefined();
    expect(parseMsg({ ...m, f: 3 }, K)).toBeUndefined();
    expect(parseMsg({ ...m, f: '' }, K)).toBeUndefined();
    expect(parseMsg({ ...m, q: true }, K)).toBeUndefined();
    expect(parseMsg({ ...m, l: 'x' }, K)).toBeUndefined();
    // The raw token (or anything not a SHA-256 hex) is never a key.
    expect(parseMsg({ ...m, k: 'raw-token' }, 'raw-token')).toBeUndefined();
  });

  it('makes tab ids that pass its own check', () => {
    for (let i = 0; i < 100; i++) expect(parseRec({ l: T, h: { [tabId()]: T } })).toBeDefined();
  });
});

describe('sync record merge', () => {
  const policy = validatePolicy({ timeoutMs: 900_000 });

  it("describes this tab's view: last activity, logout, schedule, policy and its own hold lease", () => {
    let s = startSession(policy, T);
    expect(view(s, T, 'abcd1234')).toEqual({ l: T, p: [900_000, 60_000, true], h: {} });
    s = step(s, { type: 'logout', reason: 'manual' }, T)[0];
    expect(view({ ...s, at: T + 9 }, T, 'abcd1234', T + 5)).toEqual({ l: T, o: 'manual', a: T + 9, p: [900_000, 60_000, true], h: { abcd1234: T + 5 } });
  });

  it('keeps the latest activity and the first logout, replaces its own hold, keeps live holds of others', () => {
    const old: Rec = { l: T + 10, o: 'revoked', h: { other111: T + 500, dead1111: T - 1, mine1111: T + 900 } };
    const mine: Rec = { l: T + 5, o: 'idle', a: T + 99, h: {} };
    expect(fold(old, mine, 'mine1111', T)).toEqual({ l: T + 10, o: 'revoked', a: T + 99, h: { other111: T + 500 } });
    expect(fold(undefined, { l: T, h: { mine1111: T + 1 } }, 'mine1111', T)).toEqual({ l: T, h: { mine1111: T + 1 } });
    expect(fold({ l: T, h: {} }, { l: T + 1, o: 'manual', h: {} }, 'x', T).o).toBe('manual');
  });

  it('keeps the latest schedule decision in storage, whichever tab writes last', () => {
    const cancelled: Rec = { l: T, a: 0, t: T + 60, h: {} };
    const stale: Rec = { l: T + 5, a: T + 180, t: T, h: {} };
    expect(fold(cancelled, stale, 'x', T)).toMatchObject({ l: T + 5, a: 0, t: T + 60 });
    expect(fold(stale, cancelled, 'x', T)).toMatchObject({ l: T + 5, a: 0, t: T + 60 });
    expect(parseRec({ l: T, a: 0, t: -1, h: {} })).toBeUndefined();
  });

  it('sweeps only records long dead', () => {
    expect(stale(undefined, T)).toBe(true);
    expect(stale({ l: T - 864e5 - 1, h: {} }, T)).toBe(true);
    expect(stale({ l: T - 864e5 - 1, h: { abcd1234: T } }, T)).toBe(false);
    expect(stale({ l: T - 3600e3, h: {} }, T)).toBe(false);
  });
});

describe('sync coalescing', () => {
  afterEach(() => void vi.useRealTimers());

  it('runs on the leading edge, then once at the end of the window, at most once per window', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke(); // leading
    for (let t = 1; t <= 2500; t++) {
      vi.advanceTimersByTime(1);
      gate.poke(); // 100 calls a second... and more
    }
    vi.advanceTimersByTime(2000); // quiet: the trailing run, then nothing
    expect(runs).toEqual([0, 1000, 2000, 3000]);
    for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(1000);
  });

  it('after a quiet window the next poke runs at once', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke();
    vi.advanceTimersByTime(5000);
    gate.poke();
    expect(runs).toEqual([0, 5000]);
  });

  it('wait() restarts the window (another tab just broadcast): a pending run moves to its end', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.wait(100); // heard another tab at 0: our next run waits 1.1 s
    gate.poke();
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(900);
    gate.wait(100); // heard it again at 900: pushed to 2000
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([2000]);
    // Nothing pending: wait() only makes the next poke trailing.
    vi.advanceTimersByTime(5000);
    gate.wait();
    gate.poke();
    vi.advanceTimersByTime(999);
    expect(runs).toEqual([2000]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([2000, 8000]);
  });

  it('go() runs now and takes the pending trailing run with it; stop() drops it', () => {
    vi.useFakeTimers({ now: T });
    const runs: number[] = [];
    const gate = coalesce(1000, Date.now, () => runs.push(Date.now() - T));
    gate.poke();
    vi.advanceTimersByTime(100);
    gate.poke(); // trailing at 1000
    vi.advanceTimersByTime(100);
    gate.go(); // now, at 200
    vi.advanceTimersByTime(3000);
    expect(runs).toEqual([0, 200]);
    gate.poke();
    vi.advanceTimersByTime(10);
    gate.poke();
    gate.stop();
    vi.advanceTimersByTime(3000);
    expect(runs).toEqual([0, 200, 3200]);
  });
});

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
