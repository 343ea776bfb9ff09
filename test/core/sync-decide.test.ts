import { describe, expect, it } from 'vitest';
import { startSession } from '../../src/core/session';
import { heard, isLocal, lapse, lived, publish, received, remoteHold, settled, sharedHolds, startsClock, stored, WRITE, writeAt } from '../../src/core/sync-decide';
import type { SharedRecord, SyncMessage } from '../../src/core/sync-record';
import type { PolicyInput } from '../../src/core/policy';
import type { Session, SessionEvent } from '../../src/types/session';

const T = 1_700_000_000_000;
const POLICY = { timeoutMs: 600_000, warnBeforeMs: 60_000, enabled: true };
const S: Session = startSession(POLICY, T);
const rec = (r: Partial<SharedRecord>): SharedRecord => ({ v: 2, last: T, holds: {}, ...r });
const msg = (from: string, r: Partial<SharedRecord> = {}): SyncMessage => ({ ...rec(r), tokenHash: 'a'.repeat(64), from });
const none = new Map<string, number>();

describe('received: what another tab’s (or storage’s) record means for this session', () => {
  // [name, session, record, known before, local holds, other tabs' holds, this tab's bounds (timeoutFrom) or undefined] → [known after, policy?, merge?]
  const OTHER = { timeoutMs: 300_000, warnBeforeMs: 30_000, enabled: true };
  it.each<[string, Session | undefined, SharedRecord, number, string[], Map<string, number>, PolicyInput | undefined, ReturnType<typeof received>]>([
    ['no session: nothing', undefined, rec({ last: T + 5 }), T, [], none, undefined, undefined],
    ['logged out: nothing (logout is final)', { ...S, state: 'logged-out', reason: 'idle' }, rec({ last: T + 5 }), T, [], none, undefined, undefined],
    ['the same activity, nothing else: known only', { ...S, last: T }, rec({ last: T }), T, [], none, undefined, { known: T }],
    [
      'later activity: merged as is (exact)',
      S, rec({ last: T + 1000 }), T, [], none, undefined,
      { known: T + 1000, merge: { type: 'merge', last: T + 1000, holds: [], exact: true, reason: undefined, logoutAt: undefined, logoutAtDecided: undefined } },
    ],
    [
      'earlier activity than the known: known stays, nothing to merge',
      { ...S, last: T + 1000 }, rec({ last: T }), T + 1000, [], none, undefined, { known: T + 1000 },
    ],
    [
      'a first record with earlier activity: the provisional start is replaced by it (exact)',
      S, rec({ last: T - 60_000 }), -Infinity, [], none, undefined,
      { known: T - 60_000, merge: { type: 'merge', last: T - 60_000, holds: [], exact: true, reason: undefined, logoutAt: undefined, logoutAtDecided: undefined } },
    ],
    ['last 0 (the sender knows none) and nothing known: nothing', S, rec({ last: 0 }), -Infinity, [], none, undefined, { known: -Infinity }],
    [
      'a logout: merged, with its reason, whatever the activity',
      S, rec({ last: 0, reason: 'manual' }), -Infinity, [], none, undefined,
      { known: -Infinity, merge: { type: 'merge', last: T, holds: [], exact: false, reason: 'manual', logoutAt: undefined, logoutAtDecided: undefined } },
    ],
    [
      'a new schedule: merged with its decision time',
      S, rec({ logoutAt: T + 9, logoutAtDecided: T }), T, [], none, undefined,
      { known: T, merge: { type: 'merge', last: T, holds: [], exact: true, reason: undefined, logoutAt: T + 9, logoutAtDecided: T } },
    ],
    [
      'another tab holds: merged as a typed hold of that tab, after this tab’s own',
      S, rec({}), T, ['call#1'], new Map([['tab00001', T + 5]]), undefined,
      { known: T, merge: { type: 'merge', last: T, holds: ['call#1', remoteHold('tab00001')], exact: true, reason: undefined, logoutAt: undefined, logoutAtDecided: undefined } },
    ],
    ['the same holds as the session already has: nothing', { ...S, holds: ['call#1', remoteHold('tab00001')] }, rec({}), T, ['call#1'], new Map([['tab00001', T + 5]]), undefined, { known: T }],
    ['another policy, not adopted (no timeoutFrom): ignored', S, rec({ policy: OTHER }), T, [], none, undefined, { known: T }],
    ['another policy, adopted (timeoutFrom)', S, rec({ policy: OTHER }), T, [], none, {}, { known: T, policy: OTHER }],
    ['the same policy: nothing', S, rec({ policy: POLICY }), T, [], none, {}, { known: T }],
    ['8 h from a tab without HIPAA, in a HIPAA tab: not adopted (over its 15 min)', S, rec({ policy: { ...OTHER, timeoutMs: 288e5 } }), T, [], none, { hipaa: true }, { known: T }],
    ['10 min in a HIPAA tab: adopted', S, rec({ policy: { ...OTHER, timeoutMs: 9e5 } }), T, [], none, { hipaa: true }, { known: T, policy: { ...OTHER, timeoutMs: 9e5 } }],
    ['10 s from a tab with unsafeShortTimeouts: not adopted without it', S, rec({ policy: { timeoutMs: 1e4, warnBeforeMs: 5e3, enabled: true } }), T, [], none, {}, { known: T }],
    ['10 s with unsafeShortTimeouts here too: adopted', S, rec({ policy: { timeoutMs: 1e4, warnBeforeMs: 5e3, enabled: true } }), T, [], none, { unsafeShortTimeouts: true }, { known: T, policy: { timeoutMs: 1e4, warnBeforeMs: 5e3, enabled: true } }],
    ['a warning under 20 s: not adopted', S, rec({ policy: { ...OTHER, warnBeforeMs: 10_000 } }), T, [], none, {}, { known: T }],
    ['no idle timeout (the server said so): adopted', S, rec({ policy: { ...OTHER, enabled: false } }), T, [], none, {}, { known: T, policy: { ...OTHER, enabled: false } }],
  ])('%s', (_, s, r, known, local, remote, adopt, want) => {
    expect(received(s, r, known, local, remote, adopt)).toEqual(want);
  });
});

describe('publish: when this tab tells the others of its own change', () => {
  const later = { ...S, last: T + 1000 };
  const warn: Session = { ...S, state: 'warning' };
  const out: Session = { ...S, state: 'logged-out', reason: 'manual' };
  const held: Session = { ...S, state: 'held', holds: ['call#1'] };
  // [name, prev, next, event] → when
  it.each<[string, Session | undefined, Session | undefined, SessionEvent, ReturnType<typeof publish>]>([
    ['activity: coalesced (the hot path)', S, later, { type: 'activity', time: T + 1000 }, 'coalesced'],
    ['activity that ends a warning: now (extend() in one tab ends it in all)', warn, later, { type: 'activity', time: T + 1000 }, 'now'],
    ['a logout: now', S, out, { type: 'logout', reason: 'manual' }, 'now'],
    ['a hold: now', S, held, { type: 'hold', id: 'call#1' }, 'now'],
    ['a release: now', held, later, { type: 'release', id: 'call#1' }, 'now'],
    ['a policy: now', S, { ...S, policy: { ...POLICY, timeoutMs: 300_000 } }, { type: 'policy', policy: { ...POLICY, timeoutMs: 300_000 } }, 'now'],
    ['a schedule: now', S, { ...S, logoutAt: T + 5, logoutAtDecided: T }, { type: 'schedule', logoutAt: T + 5 }, 'now'],
    ['a tick into the warning: nothing (every tab reaches it on its own)', S, warn, { type: 'tick' }, undefined],
    ['no change (a duplicate hold id): nothing', held, held, { type: 'hold', id: 'call#1' }, undefined],
    ['a signal (renew, elected): nothing', S, S, { type: 'decided' }, undefined],
    ['a new session: nothing (the transport re-opens instead)', undefined, S, { type: 'tick' }, undefined],
    ['no session left: nothing', S, undefined, { type: 'tick' }, undefined],
  ])('%s', (_, prev, next, e, want) => {
    expect(publish(prev, next, e)).toBe(want);
  });
});

describe('other tabs’ holds', () => {
  it('heard: a tab’s message is its own word on its holds (a live lease kept, none or a lapsed one: released)', () => {
    const r = new Map([['tab00001', T + 10], ['tab00002', T + 10]]);
    expect([...heard(r, msg('tab00001', { holds: { tab00001: T + 99 } }), T)]).toEqual([['tab00001', T + 99], ['tab00002', T + 10]]);
    expect([...heard(r, msg('tab00001'), T)]).toEqual([['tab00002', T + 10]]);
    expect([...heard(r, msg('tab00001', { holds: { tab00001: T } }), T)]).toEqual([['tab00002', T + 10]]);
    expect([...heard(r, msg('tab00003', { holds: { tab00003: T + 5 } }), T)]).toEqual([['tab00001', T + 10], ['tab00002', T + 10], ['tab00003', T + 5]]);
    // Only the sender's own entry counts: a tab cannot hold for another.
    expect([...heard(none, msg('tab00003', { holds: { tab00004: T + 5 } }), T)]).toEqual([]);
    expect([...r]).toHaveLength(2);
  });

  it('stored: the record’s live holds of tabs not heard from, never this tab’s own', () => {
    const r = new Map([['tab00001', T + 10]]);
    const record = rec({ holds: { tab00001: T + 99, tab00002: T + 5, tab00003: T, mine0001: T + 5 } });
    expect([...stored(r, record, 'mine0001', T)]).toEqual([['tab00001', T + 10], ['tab00002', T + 5]]);
  });

  it('lapse: leases that ended are dropped', () => {
    expect([...lapse(new Map([['tab00001', T], ['tab00002', T + 1]]), T)]).toEqual([['tab00002', T + 1]]);
  });

  it('sharedHolds: this tab’s hold ids, then the other tabs’ holds; isLocal tells them apart', () => {
    const holds = sharedHolds(['call#1', 'chat#2'], new Map([['tab00001', T]]));
    expect(holds).toEqual(['call#1', 'chat#2', remoteHold('tab00001')]);
    expect(holds.map(isLocal)).toEqual([true, true, false]);
  });
});

describe('writeAt: when this tab stores its view after a change', () => {
  // [name, published, previous write, now] → write at
  it.each<[string, 'now' | 'coalesced', number, number, number]>([
    ['a logout, hold, policy or schedule: now, however recent the last write', 'now', T - 1, T, T],
    ['activity, nothing written yet: now', 'coalesced', -Infinity, T, T],
    ['activity 3 s after a write: when 10 s have passed since it', 'coalesced', T - 3000, T, T - 3000 + WRITE],
    ['activity exactly 10 s after a write: now', 'coalesced', T - WRITE, T, T],
    ['activity a minute after a write: now', 'coalesced', T - 60_000, T, T],
  ])('%s', (_, when, wrote, now, want) => {
    expect(writeAt(when, wrote, now)).toBe(want);
  });
});

describe('settled: whether a stored record may be applied before the open tabs answered', () => {
  // Policy: 10 min, warning 1 min before. [name, record, alone, now] → settled
  it.each<[string, SharedRecord, boolean, number, boolean]>([
    ['it leaves the session active: yes', rec({ last: T - 5 * 60_000 }), false, T, true],
    ['it would warn (storage may lag the tabs by a write): no', rec({ last: T - 9.5 * 60_000 }), false, T, false],
    ['it would log out for idleness: no', rec({ last: T - 20 * 60_000 }), false, T, false],
    ['it would log out, and this tab is alone (elected): yes', rec({ last: T - 20 * 60_000 }), true, T, true],
    ['a logout (final): yes', rec({ last: T - 20 * 60_000, reason: 'manual' }), false, T, true],
    ['another tab holds (live lease): yes, held whatever the activity', rec({ last: T - 20 * 60_000, holds: { tab00001: T + 1000 } }), false, T, true],
    ['a lapsed hold: no', rec({ last: T - 20 * 60_000, holds: { tab00001: T - 1 } }), false, T, false],
    ['no activity known (last 0): the session’s own', rec({ last: 0 }), false, T, true],
  ])('%s', (_, r, alone, now, want) => {
    expect(settled(S, r, alone, now)).toBe(want);
  });
});

describe('settled, with a wait for the answers', () => {
  // Policy: 10 min, warning 1 min before: a record 9 min minus 100 ms old warns in 100 ms.
  const r = rec({ last: T - 9 * 60_000 + 100 });
  it('a record that would warn before the answers are waited for is not applied at once', () => {
    expect(settled(S, r, false, T, 120)).toBe(false);
  });
  it('the same record with a wait that ends before its warning is', () => {
    expect(settled(S, r, false, T, 99)).toBe(true);
  });
});

describe('lived: whether this tab’s activity seen while starting counts against the stored record', () => {
  // Policy: 10 min. [name, record, activity at] → counts
  it.each<[string, SharedRecord, number, boolean]>([
    ['none seen: passes', rec({ last: T - 20 * 60_000 }), -Infinity, true],
    ['before the stored deadline: counts', rec({ last: T - 9 * 60_000 }), T, true],
    ['at the stored deadline: the token was dropped then', rec({ last: T - 10 * 60_000 }), T, false],
    ['after it: revives nothing', rec({ last: T - 20 * 60_000 }), T, false],
    ['nothing known in the record (last 0): counts', rec({ last: 0 }), T, true],
  ])('%s', (_, r, t, want) => {
    expect(lived(S, r, t)).toBe(want);
  });
});

describe('startsClock: whether this tab’s start becomes the session’s, once nothing was stored and no tab told of activity', () => {
  // [name, known, lead] → starts
  it.each<[string, number, boolean | null | undefined, boolean]>([
    ['nothing known, elected (alone): yes', -Infinity, true, true],
    ['nothing known, no election at all: yes', -Infinity, undefined, true],
    ['nothing known, another tab elected (it started first and tells its start): no', -Infinity, false, false],
    ['nothing known, election undecided (another tab may hold the lock): no', -Infinity, null, false],
    ['activity known: no, it is the session’s', T, true, false],
  ])('%s', (_, known, lead, want) => {
    expect(startsClock(known, lead)).toBe(want);
  });
});
