import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../src/core/policy';
import { startSession, step } from '../../src/core/session';
import { fold, LEASE, parseMessage, parseRecord, stale, view, type SharedRecord } from '../../src/core/sync-record';
import { randomId } from '../../src/utils/ids';

const K = 'a'.repeat(64);
const T = 1_700_000_000_000;
const POLICY = { timeoutMs: 900_000, warnBeforeMs: 60_000, enabled: true };
const good: SharedRecord = { v: 2, last: T, reason: 'idle', logoutAt: T + 5, logoutAtDecided: T, policy: POLICY, holds: { abcd1234: T + 1000 } };
const rec = (r: Partial<SharedRecord>): SharedRecord => ({ v: 2, last: T, holds: {}, ...r });

describe('sync record (version 2) validation', () => {
  it('accepts a well-formed record and returns a clean copy without unknown fields', () => {
    const r = parseRecord({ ...good, extra: { deep: 1 } }, T);
    expect(r).toEqual(good);
    expect(r).not.toHaveProperty('extra');
    expect(parseRecord({ v: 2, last: T, holds: {} }, T)).toEqual({ v: 2, last: T, holds: {} });
  });

  it.each([
    ['null', null],
    ['a string', 'x'],
    ['an array', [1]],
    ['no version', { last: T, holds: {} }],
    ['version 3', { v: 3, last: T, holds: {} }],
    ['no last', { v: 2, holds: {} }],
    ['last a string', { v: 2, last: String(T), holds: {} }],
    ['last NaN', { v: 2, last: NaN, holds: {} }],
    ['last Infinity', { v: 2, last: Infinity, holds: {} }],
    ['last negative', { v: 2, last: -1, holds: {} }],
    ['no holds', { v: 2, last: T }],
    ['holds an array', { v: 2, last: T, holds: [] }],
    ['unknown reason', { v: 2, last: T, reason: 'bored', holds: {} }],
    ['reason not a string', { v: 2, last: T, reason: 1, holds: {} }],
    ['logoutAt a string', { v: 2, last: T, logoutAt: 'soon', holds: {} }],
    ['logoutAtDecided negative', { v: 2, last: T, logoutAt: 0, logoutAtDecided: -1, holds: {} }],
    ['policy too short', { v: 2, last: T, policy: { ...POLICY, timeoutMs: 1000, warnBeforeMs: 500 }, holds: {} }],
    ['policy too long', { v: 2, last: T, policy: { ...POLICY, timeoutMs: 9 * 3600e3 }, holds: {} }],
    ['warning not before timeout', { v: 2, last: T, policy: { ...POLICY, timeoutMs: 600_000, warnBeforeMs: 600_000 }, holds: {} }],
    ['policy flag not boolean', { v: 2, last: T, policy: { ...POLICY, enabled: 1 }, holds: {} }],
    ['policy an array (version 1 shape)', { v: 2, last: T, policy: [600_000, 60_000, true], holds: {} }],
    ['hold tab id bad', { v: 2, last: T, holds: { 'no spaces!': T } }],
    ['hold tab __proto__', JSON.parse(`{"v":2,"last":${T},"holds":{"__proto__":${T}}}`)],
    ['hold lease a string', { v: 2, last: T, holds: { abcd1234: 'x' } }],
    ['too many holds', { v: 2, last: T, holds: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`tab${1000 + i}`, T])) }],
  ])('rejects %s', (_, x) => {
    expect(parseRecord(x, T)).toBeUndefined();
  });

  it('ignores a version-1 record (single-letter fields, as an older version stored them): it extends nothing', () => {
    const v1 = { l: T + 36e5, o: undefined, p: [900_000, 60_000, true], h: { abcd1234: T + 36e5 } };
    expect(parseRecord(v1, T)).toBeUndefined();
    expect(parseRecord({ ...v1, v: 1 }, T)).toBeUndefined();
  });

  it('clamps forged times to what is possible now: activity and decisions never later, a lease never longer than LEASE', () => {
    const tenHours = 10 * 3600e3;
    const r = parseRecord({ v: 2, last: T + tenHours, logoutAt: T + tenHours, logoutAtDecided: T + tenHours, holds: { abcd1234: T + tenHours } }, T)!;
    expect(r.last).toBe(T);
    expect(r.logoutAtDecided).toBe(T);
    expect(r.holds.abcd1234).toBe(T + LEASE);
    // A scheduled logout may be in the future: that only ever ends a session earlier than the idle timeout.
    expect(r.logoutAt).toBe(T + tenHours);
  });

  it('never throws, even on hostile getters', () => {
    const evil = { v: 2, get last() { throw new Error('boom'); }, holds: {} };
    expect(parseRecord(evil, T)).toBeUndefined();
    const message = { v: 2, tokenHash: K, from: 'abcd1234', holds: {}, get last() { throw new Error('boom'); } };
    expect(parseMessage(message, K, T)).toBeUndefined();
  });

  it('accepts a message only for this token, from a tab, in version 2', () => {
    const m = { ...good, tokenHash: K, from: 'abcd1234' };
    expect(parseMessage(m, K, T)).toEqual(m);
    expect(parseMessage({ ...m, ask: true }, K, T)).toEqual({ ...m, ask: true });
    expect(parseMessage(m, 'b'.repeat(64), T)).toBeUndefined();
    expect(parseMessage({ ...m, v: 1 }, K, T)).toBeUndefined();
    expect(parseMessage({ ...m, from: 3 }, K, T)).toBeUndefined();
    expect(parseMessage({ ...m, from: '' }, K, T)).toBeUndefined();
    expect(parseMessage({ ...m, ask: 1 }, K, T)).toBeUndefined();
    expect(parseMessage({ ...m, last: 'x' }, K, T)).toBeUndefined();
    // The raw token (or anything not a SHA-256 hex) is never a key.
    expect(parseMessage({ ...m, tokenHash: 'raw-token' }, 'raw-token', T)).toBeUndefined();
  });

  it('ignores a version-1 broadcast of an older tab', () => {
    const v1 = { v: 1, k: K, f: 'abcd1234', l: T, h: {}, q: 1 };
    expect(parseMessage(v1, K, T)).toBeUndefined();
  });

  it('makes tab ids that pass its own check', () => {
    for (let i = 0; i < 100; i++) expect(parseRecord(rec({ holds: { [randomId()]: T } }), T)).toBeDefined();
  });
});

describe('sync record merge', () => {
  const policy = validatePolicy({ timeoutMs: 900_000 });

  it("describes this tab's view: last activity, logout, schedule, policy and its own hold lease", () => {
    let s = startSession(policy, T);
    expect(view(s, T, 'abcd1234')).toEqual({ v: 2, last: T, policy: POLICY, holds: {} });
    s = step(s, { type: 'logout', reason: 'manual' }, T)[0];
    expect(view({ ...s, logoutAt: T + 9 }, T, 'abcd1234', T + 5)).toEqual({
      v: 2,
      last: T,
      reason: 'manual',
      logoutAt: T + 9,
      policy: POLICY,
      holds: { abcd1234: T + 5 },
    });
  });

  it('keeps the latest activity and the first logout, replaces its own hold, keeps live holds of others', () => {
    const old = rec({ last: T + 10, reason: 'revoked', holds: { other111: T + 500, dead1111: T - 1, mine1111: T + 900 } });
    const mine = rec({ last: T + 5, reason: 'idle', logoutAt: T + 99 });
    expect(fold(old, mine, 'mine1111', T)).toEqual(rec({ last: T + 10, reason: 'revoked', logoutAt: T + 99, holds: { other111: T + 500 } }));
    expect(fold(undefined, rec({ holds: { mine1111: T + 1 } }), 'mine1111', T)).toEqual(rec({ holds: { mine1111: T + 1 } }));
    expect(fold(rec({}), rec({ last: T + 1, reason: 'manual' }), 'x', T).reason).toBe('manual');
  });

  it('keeps the latest schedule decision in storage, whichever tab writes last', () => {
    const cancelled = rec({ logoutAt: 0, logoutAtDecided: T + 60 });
    const older = rec({ last: T + 5, logoutAt: T + 180, logoutAtDecided: T });
    expect(fold(cancelled, older, 'x', T)).toMatchObject({ last: T + 5, logoutAt: 0, logoutAtDecided: T + 60 });
    expect(fold(older, cancelled, 'x', T)).toMatchObject({ last: T + 5, logoutAt: 0, logoutAtDecided: T + 60 });
    // A view with no schedule keeps the stored one.
    expect(fold(cancelled, rec({ last: T + 9 }), 'x', T)).toMatchObject({ logoutAt: 0, logoutAtDecided: T + 60 });
  });

  it('sweeps only records long dead', () => {
    expect(stale(undefined, T)).toBe(true);
    expect(stale(rec({ last: T - 864e5 - 1 }), T)).toBe(true);
    expect(stale(rec({ last: T - 864e5 - 1, holds: { abcd1234: T } }), T)).toBe(false);
    expect(stale(rec({ last: T - 3600e3 }), T)).toBe(false);
  });
});
