import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEASE, RENEW } from '../../src/core/sync-record';
import { hashToken } from '../../src/utils/hash';
import type { IdleLogoutOptions } from '../../src/index';
import { kvStore } from '../../src/utils/storage';
import { fakeBus, memoryStore } from '../support/sync-bus';
import { syncTab, type Tab } from '../support/sync-tabs';

// Tab sync's transport (src/features/sync/transport.ts) with several "tabs" in one process: each an instance
// whose only feature is tab sync, all on one fake channel and election and one in-memory store (the origin's
// BroadcastChannel, Web Locks and IndexedDB), on fake timers. What each test asserts is what a tab shows:
// its state, its deadline, whether it acts for the session.

const T = 1_700_000_000_000;
const MIN = 60_000;
const TIMEOUT = 10 * MIN;
const TOKEN = 'token-of-the-test';
/** How long a tab that found nothing stored waits for the others' answers (transport.ts). */
const ANSWERS = 250;

let bus: ReturnType<typeof fakeBus>;
let mem: ReturnType<typeof memoryStore>;
/** The channel and storage key of the session (the token's hash: no sessionOf here). */
let H: string;
const tabs: Tab[] = [];

beforeEach(async () => {
  H = await hashToken(TOKEN);
  vi.useFakeTimers({ now: T });
  bus = fakeBus();
  mem = memoryStore();
});
afterEach(() => {
  tabs.splice(0).forEach((t) => t.idle.destroy());
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function open(env: Partial<Parameters<typeof syncTab>[0]> = {}, options: Partial<IdleLogoutOptions> = {}): Tab {
  const t = syncTab({ store: mem.store, link: bus.link, ...env }, { getToken: () => TOKEN, timeoutMs: TIMEOUT, warnBeforeMs: MIN, ...options });
  tabs.push(t);
  return t;
}
/** The shared store, answering every call `ms` late (a busy or cold IndexedDB). */
const slowStore = (ms: number): typeof mem.store => (rt, f) => new Promise((r) => setTimeout(r, ms)).then(() => mem.store(rt, f));
/** Lets what is under way finish (messages, store reads) and `ms` pass. */
const pass = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
/** A tab started as in a page: read the store, asked the others, waited for answers where nothing was stored. */
async function started(env?: Partial<Parameters<typeof syncTab>[0]>, options?: Partial<IdleLogoutOptions>): Promise<Tab> {
  const t = open(env, options);
  await pass(ANSWERS);
  return t;
}

describe('tab sync transport: start', () => {
  it('reads the stored record: a tab opened later takes the session’s activity as is, not its own start', async () => {
    mem.map.set(H, { v: 2, last: T - 4 * MIN, holds: {} });
    const a = open();
    await pass();
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 4 * MIN);
  });

  it('asks the other tabs (by the session’s hash, never the token) and, with nothing stored, waits for their answer before publishing its start', async () => {
    const a = await started();
    await pass(3 * MIN);
    a.idle.extend();
    mem.map.clear();
    await pass(2 * MIN);
    const before = bus.posted.length;
    const b = open();
    await pass();
    const ask = bus.posted[before].data as Record<string, unknown>;
    expect(ask).toMatchObject({ v: 2, tokenHash: H, ask: true, last: 0 });
    // A answered with its view: B takes A's activity (3 min ago), so its start moved nobody's deadline.
    await pass(ANSWERS);
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 2 * MIN - ANSWERS);
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 2 * MIN - ANSWERS);
    expect(JSON.stringify([bus.posted, [...mem.map]])).not.toContain(TOKEN);
  });

  it('the first tab elected acts for the session; the others do not while it lives', async () => {
    const a = await started();
    const b = await started();
    expect(a.rt.acts()).toBe(true);
    // B heard A, whose messages say it was elected: decided, another tab acts.
    expect(b.rt.acts()).toBe(false);
  });

  it('an election decided after both tabs started (the message-based fallback) is told at once, with no activity to carry it', async () => {
    // The lock is granted 5 s after the tab joined (the fallback election takes a while).
    const slow: typeof bus.link = (hash, hear, lead, fail) => bus.link(hash, hear, () => void setTimeout(lead, 5000), fail);
    const a = await started({ link: slow });
    const b = await started({ link: slow });
    // Both busy, B always a moment after A: A's activity is never news, so no broadcast of A's would carry its lead.
    for (let i = 0; i < 3; i++) await pass(500), a.idle.extend(), await pass(10), b.idle.extend();
    expect([a.rt.acts(), b.rt.acts()]).toEqual([null, null]);
    await pass(5000 - 3 * 510);
    expect([a.rt.acts(), b.rt.acts()]).toEqual([true, false]);
  });
});

describe('tab sync transport: merge', () => {
  it('activity in tab A moves tab B’s deadline, and B does not send it back', async () => {
    const a = await started();
    const b = await started();
    await pass(4 * MIN);
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 4 * MIN - 2 * ANSWERS);
    const before = bus.posted.length;
    a.idle.extend();
    await pass();
    expect(b.idle.remainingMs()).toBe(TIMEOUT);
    expect(bus.posted.length).toBe(before + 1);
    // Nothing else goes out for it within the next seconds (B heard it; A has nothing newer).
    await pass(5000);
    expect(bus.posted.length).toBe(before + 1);
  });

  it('a hold in A holds B; its release restarts B’s countdown from the release', async () => {
    const a = await started();
    const b = await started();
    const release = a.idle.hold('call');
    await pass();
    expect(b.idle.state).toBe('held');
    await pass(30 * MIN);
    expect(b.idle.state).toBe('held');
    release();
    await pass();
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(TIMEOUT);
  });

  it('a logout in A logs B out with the same reason; B does not send it back', async () => {
    const a = await started();
    const b = await started();
    const before = bus.posted.length;
    a.idle.logout();
    await pass(5000);
    expect(b.idle.state).toBe('logged-out');
    expect(b.logouts.map((e) => e.reason)).toEqual(['manual']);
    expect(bus.posted.length).toBe(before + 1);
  });

  it('a tab that logs out before it heard any other (their answer still on its way) tells it once it hears one: exactly one tab acts', async () => {
    const a = await started();
    // B hears everything 100 ms late (a busy machine): its logout comes before A's answer to its ask.
    const late: typeof bus.link = (hash, hear, lead, fail) => bus.link(hash, (x) => void setTimeout(() => hear(x), 100), lead, fail);
    const b = open({ link: late });
    const acted: Array<[string, boolean | null | undefined]> = [];
    a.idle.on('logout', () => acted.push(['a', a.rt.acts()]));
    b.idle.on('logout', () => acted.push(['b', b.rt.acts()]));
    await pass(10);
    b.idle.logout();
    await pass(1000);
    expect(a.idle.state).toBe('logged-out');
    expect(a.logouts.map((e) => e.reason)).toEqual(['manual']);
    // B was undecided when it logged out and then learnt that A acts; A, elected, acted on the logout it heard.
    expect(acted).toEqual([['b', null], ['a', true]]);
    expect(b.rt.acts()).toBe(false);
  });

  it('extend() in A ends the warning in B; B does not send it back', async () => {
    const a = await started();
    const b = await started();
    await pass(TIMEOUT - MIN / 2);
    expect([a.idle.state, b.idle.state]).toEqual(['warning', 'warning']);
    const before = bus.posted.length;
    a.idle.extend();
    await pass(5000);
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 5000);
    expect(bus.posted.length).toBe(before + 1);
  });
});

describe('tab sync transport: what else is shared', () => {
  it('a schedule decided in A logs B out at that time', async () => {
    const a = await started();
    const b = await started();
    a.rt.dispatch({ type: 'schedule', logoutAt: T + 5 * MIN });
    await pass();
    expect(b.idle.remainingMs()).toBe(5 * MIN - 2 * ANSWERS);
    await pass(5 * MIN);
    expect(b.logouts.map((e) => e.reason)).toEqual(['scheduled']);
  });

  it('with timeoutFrom, the policy the server gave A is B’s too; without, each tab keeps its own', async () => {
    const timeoutFrom = () => new Promise<number>(() => {});
    const a = await started({}, { timeoutFrom });
    const b = await started({}, { timeoutFrom });
    const c = await started();
    a.rt.dispatch({ type: 'policy', policy: { timeoutMs: 5 * MIN, warnBeforeMs: MIN, enabled: true } });
    await pass();
    expect(b.idle.remainingMs()).toBe(5 * MIN - 3 * ANSWERS);
    expect(c.idle.remainingMs()).toBe(TIMEOUT - 3 * ANSWERS);
  });
});

describe('tab sync transport: leave and re-join', () => {
  it('a tab that crashes: another acts at once, and its hold lapses with its lease', async () => {
    const a = await started();
    a.idle.hold('call');
    await pass();
    const b = await started();
    expect(b.idle.state).toBe('held');
    bus.crash(bus.members().slice(0, 1));
    await pass();
    expect(b.rt.acts()).toBe(true);
    // Held while A's lease may still run; then the countdown restarts (at a lease check) and runs out.
    await pass(LEASE - RENEW);
    expect(b.idle.state).toBe('held');
    await pass(2 * RENEW + TIMEOUT);
    expect(b.idle.state).toBe('logged-out');
  });

  it('pagehide releases the page’s holds and its place in the election: another tab acts at once', async () => {
    const a = await started();
    const b = await started();
    a.idle.hold('call');
    await pass();
    expect(b.idle.state).toBe('held');
    await pass(MIN);
    a.hide();
    await pass();
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(TIMEOUT);
    expect(b.rt.acts()).toBe(true);
    // A, away, decides for itself if asked (it cannot ask anyone), and holds back an idle logout until back.
    expect(a.st.lead).toBeUndefined();
    expect(a.st.rejoining).toBe(true);
  });

  it('pageshow (persisted) re-reads the shared state: activity elsewhere meanwhile keeps the page signed in', async () => {
    const a = await started();
    const b = await started();
    a.hide();
    await pass(8 * MIN);
    b.idle.extend();
    await pass(5 * MIN);
    // A heard nothing for 13 minutes: its own clock is past the deadline, but it waits for the shared state.
    a.show();
    await pass();
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 5 * MIN);
    expect(a.st.rejoining).toBe(false);
    // Back in the election, behind B (which it heard: decided, B acts).
    expect(a.rt.acts()).toBe(false);
    expect(b.rt.acts()).toBe(true);
  });

  it('a page away (in the back/forward cache) warns by no clock of its own: back, it reads the shared state first', async () => {
    const a = await started();
    const b = await started();
    const warned: number[] = [];
    a.idle.on('warning', () => warned.push(Date.now()));
    a.hide();
    // A's own clock reaches its warning (a restored page's timers fire at once); B is used meanwhile.
    await pass(TIMEOUT - MIN / 2);
    b.idle.extend();
    expect(a.idle.state).toBe('active');
    a.show();
    await pass();
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(TIMEOUT);
    expect(warned).toEqual([]);
  });

  it('pageshow (persisted) waits for the open tabs’ answers, slow ones too, before a stored record that would log the page out', async () => {
    const a = await started();
    const b = await started();
    a.hide();
    await pass(5 * MIN);
    b.idle.extend();
    const first = Date.now();
    // B is used again a second before its deadline (in its warning), and six seconds pass.
    await pass(TIMEOUT - 1000);
    b.idle.extend();
    await pass(6000);
    // Storage a write behind B (its last activity not stored yet): the record says the session idled out 5 s ago.
    mem.map.set(H, { v: 2, last: first, holds: {} });
    // A busy machine: each message takes 100 ms, so B's answer to A's ask comes 200 ms after it.
    bus.lag(100);
    a.show();
    await pass(1000);
    expect(a.logouts).toEqual([]);
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(b.idle.remainingMs());
    expect(a.idle.remainingMs()).toBeGreaterThan(TIMEOUT - 8000);
  });

  it('pageshow (persisted): an open tab’s answer heard before a stored record far behind it stands (its activity is live)', async () => {
    let delay = 0;
    const store: typeof mem.store = (rt, f) => new Promise((r) => setTimeout(r, delay)).then(() => mem.store(rt, f));
    const a = await started({ store });
    const b = await started();
    a.hide();
    const first = Date.now();
    for (let i = 0; i < 12; i++) {
      await pass(MIN);
      b.idle.extend();
    }
    await pass();
    // Storage 11 minutes behind B: the record's deadline passed a minute ago, though B was never idle.
    mem.map.set(H, { v: 2, last: first + MIN, holds: {} });
    // Slow storage: B's answer comes first.
    delay = 500;
    a.show();
    await pass(2000);
    expect(a.logouts).toEqual([]);
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(b.idle.remainingMs());
  });

  it('pageshow (persisted) takes the page’s holds again', async () => {
    const a = await started();
    const b = await started();
    a.idle.hold('call');
    await pass();
    a.hide();
    await pass();
    expect(b.idle.state).toBe('active');
    a.show();
    await pass();
    expect(b.idle.state).toBe('held');
  });

  it('pageshow (persisted) takes again every hold of the page, whatever its reason (one starting with `@` too)', async () => {
    const a = await started();
    const b = await started();
    a.idle.hold('@desk');
    await pass();
    a.hide();
    await pass();
    expect(b.idle.state).toBe('active');
    a.show();
    await pass();
    expect(b.idle.state).toBe('held');
  });

  it('a page back after another tab logged out is logged out, and does not act on it again (it was revoked then)', async () => {
    const a = await started();
    const b = await started();
    a.hide();
    await pass(MIN);
    b.idle.logout();
    await pass();
    const acted: Array<boolean | null> = [];
    a.idle.on('logout', () => acted.push(a.rt.acts()));
    a.show();
    await pass();
    expect(a.idle.state).toBe('logged-out');
    expect(a.logouts.map((e) => e.reason)).toEqual(['manual']);
    expect(acted).toEqual([false]);
  });
});

describe('tab sync transport: forged input', () => {
  const GARBAGE: unknown[] = [
    null, undefined, 0, 'x', [], {}, { v: 2 }, { v: 1, l: T + 36e6, h: {} }, { v: '2', last: T, holds: {} },
    { v: 2, last: T + 36e6, holds: {}, from: 'evil1234' },
    { v: 2, last: T + 36e6, holds: {}, from: 'evil1234', tokenHash: 'f'.repeat(64) },
    { v: 2, last: T + 36e6, holds: {}, from: 'Not A Tab!', tokenHash: '' },
    { v: 2, last: NaN, holds: {}, from: 'evil1234', tokenHash: '' },
    { v: 2, last: T, holds: { evil1234: 'forever' }, from: 'evil1234', tokenHash: '' },
    { v: 2, last: T, reason: 'bored', holds: {}, from: 'evil1234', tokenHash: '' },
    { v: 2, last: T, policy: { timeoutMs: 36e6, warnBeforeMs: MIN, enabled: true }, holds: {}, from: 'evil1234', tokenHash: '' },
    { v: 2, last: T, holds: {}, from: 'evil1234', tokenHash: '', ask: 'yes' },
  ];

  it('garbage and malformed messages on the session’s channel are dropped: nothing changes, nothing throws', async () => {
    const a = await started();
    await pass(4 * MIN);
    const before = bus.posted.length;
    // Messages that name the right session but are malformed in another way, and everything else.
    for (const g of GARBAGE) bus.inject(H, g && typeof g === 'object' && 'tokenHash' in g && g.tokenHash === '' ? { ...g, tokenHash: H } : g);
    await pass();
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 4 * MIN - ANSWERS);
    expect(a.errors).toEqual([]);
    // Nor are they answered (a malformed `ask` asks nothing).
    expect(bus.posted.length).toBe(before + GARBAGE.length);
  });

  it('a forged message with activity 10 h ahead moves no deadline past the policy', async () => {
    const a = await started();
    bus.inject(H, { v: 2, last: T + 10 * 3600e3, holds: {}, from: 'evil1234', tokenHash: H });
    await pass();
    expect(a.idle.remainingMs()).toBeLessThanOrEqual(TIMEOUT);
    await pass(TIMEOUT);
    expect(a.idle.state).toBe('logged-out');
  });

  it('a forged stored record (activity and a hold 10 h ahead) moves no deadline past the policy and a lease', async () => {
    mem.map.set(H, { v: 2, last: T + 10 * 3600e3, holds: { evil1234: T + 10 * 3600e3 } });
    const a = open();
    await pass();
    expect(a.idle.state).toBe('held');
    // The hold lasts one lease at most (then the countdown restarts when it lapses, at a lease check).
    await pass(LEASE + RENEW + TIMEOUT);
    expect(a.idle.state).toBe('logged-out');
    expect(a.logouts.map((e) => e.reason)).toEqual(['idle']);
  });

  it('garbage stored under the session’s key is ignored: the tab starts on its own clock', async () => {
    mem.map.set(H, { v: 1, l: T + 36e6 });
    const a = await started();
    expect(a.idle.remainingMs()).toBe(TIMEOUT - ANSWERS);
  });
});

describe('tab sync transport: storage faults', () => {
  it('a store that throws: the page runs on memory, reports `storage` once, and the tabs still share one clock', async () => {
    vi.stubGlobal('indexedDB', {
      open() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
    // Each page has its own store (the real one: IndexedDB until it fails, then memory).
    const a = await started({ store: kvStore('idle-logout', 'sessions') });
    const b = await started({ store: kvStore('idle-logout', 'sessions') });
    for (let i = 0; i < 5; i++) {
      await pass(2 * MIN);
      a.idle.extend();
      a.idle.hold('call' + i)();
    }
    await pass();
    expect(b.idle.remainingMs()).toBe(TIMEOUT);
    expect(a.errors.map((e) => e.code)).toEqual(['storage']);
    expect(b.errors.map((e) => e.code)).toEqual(['storage']);
    expect(a.errors[0].error).toBeInstanceOf(DOMException);
  });

  it('a page back from the cache with no storage still re-joins from the other tabs’ answers', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const a = await started({ store: kvStore('idle-logout', 'sessions') });
    const b = await started({ store: kvStore('idle-logout', 'sessions') });
    a.hide();
    await pass(8 * MIN);
    b.idle.extend();
    await pass(5 * MIN);
    a.show();
    await pass();
    expect(a.idle.state).toBe('active');
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 5 * MIN);
  });
});

/** Counts the store's writes (IndexedDB `update`s, and a going page's `set`), whichever tab makes them. */
function counting(store = mem.store) {
  const writes: number[] = [];
  const counted: typeof mem.store = (rt, f) =>
    store(rt, (kv) => f({ ...kv, update: (k, u) => (writes.push(Date.now()), kv.update(k, u)), set: (k, v) => (writes.push(Date.now()), kv.set(k, v)) }));
  return { store: counted, writes };
}
/** Idle callbacks the test runs itself: what is queued here did not run in the task that queued it. */
function idleQueue() {
  const q: Array<() => void> = [];
  return { idle: (f: () => void) => void q.push(f), run: () => q.splice(0).forEach((f) => f()), size: () => q.length };
}
const storedLast = () => (mem.map.get(H) as { last: number } | undefined)?.last;

describe('tab sync transport: what goes to storage, and when', () => {
  it('a tab alone broadcasts nothing but its ask, and stores its activity; once another tab asks, it tells at once', async () => {
    const q = idleQueue();
    const a = await started({ idle: q.idle });
    const asked = bus.posted.length;
    expect(asked).toBe(1);
    for (let i = 0; i < 5; i++) await pass(1000), a.idle.extend(), a.idle.hold('call')();
    await pass(10_000);
    q.run();
    await pass();
    // Nobody listened: nothing went out, and storage has the last activity.
    expect(bus.posted.length).toBe(asked);
    expect(storedLast()).toBe(T + ANSWERS + 5000);
    // A second tab asks as it joins; the first answers, and from then on tells its activity. The second tells its
    // start once (ready before A's answer came, it kept it until it heard A).
    const b = await started();
    const senders = bus.posted.map((p) => (p.data as { from: string }).from);
    const [x, y] = senders;
    expect(x).not.toBe(y);
    expect(senders).toEqual([x, y, x, y]);
    await pass(2000);
    const before = bus.posted.length;
    a.idle.extend();
    expect(bus.posted.length).toBe(before + 1);
    await pass();
    expect(b.idle.remainingMs()).toBe(a.idle.remainingMs());
  });

  it('activity goes out on the channel at once (at most once a second) and to storage after it, in a later task, at most once per 10 s', async () => {
    const { store, writes } = counting();
    const q = idleQueue();
    const a = await started({ store, idle: q.idle });
    // Another tab of the session listens (its own writes are not counted here).
    await started();
    q.run();
    await pass(20_000);
    const [posts0, writes0] = [bus.posted.length, writes.length];
    a.idle.extend();
    // The broadcast left in this task; the write is queued for a later task, not made here.
    expect(bus.posted.length).toBe(posts0 + 1);
    expect(writes.length).toBe(writes0);
    expect(q.size()).toBe(1);
    q.run();
    await pass();
    expect(writes.length).toBe(writes0 + 1);
    expect(storedLast()).toBe(Date.now());
    // 30 s of activity every second: about 30 broadcasts, a write every 10 s.
    for (let i = 0; i < 30; i++) {
      await pass(1000);
      a.idle.extend();
      q.run();
    }
    await pass(10_000);
    q.run();
    await pass();
    expect(bus.posted.length - posts0).toBeGreaterThanOrEqual(30);
    expect(writes.length - writes0).toBe(4);
    const gaps = writes.slice(writes0 + 1).map((t, i) => t - writes[writes0 + i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10_000);
    // The last activity is in storage in the end.
    expect(storedLast()).toBe(T + 2 * ANSWERS + 20_000 + 30_000);
  });

  it('two tabs busy in turns: each stores activity at most once per 10 s (not once per broadcast), and storage keeps up', async () => {
    const { store, writes } = counting();
    const [a, b] = [await started({ store }), await started({ store })];
    await pass(20_000);
    const n = writes.length;
    // 40 s of activity, A and B taking turns every 2 s.
    for (let i = 0; i < 20; i++) {
      (i % 2 ? b : a).idle.extend();
      await pass(2000);
    }
    await pass(10_000);
    // 20 broadcasts in 40 s, then 10 s quiet: at most one write per tab per 10 s.
    expect(writes.length - n).toBeLessThanOrEqual(10);
    expect(writes.length - n).toBeGreaterThanOrEqual(4);
    expect(storedLast()).toBe(T + 2 * ANSWERS + 20_000 + 38_000);
  });

  it('a hold, its release and a logout are stored at once (in the next task), whatever the 10 s cadence', async () => {
    const { store, writes } = counting();
    const q = idleQueue();
    const a = await started({ store, idle: q.idle });
    q.run();
    a.idle.extend();
    q.run();
    await pass(1000);
    const release = a.idle.hold('call');
    await pass();
    q.run();
    await pass();
    expect(Object.keys((mem.map.get(H) as { holds: object }).holds)).toHaveLength(1);
    await pass(1000);
    release();
    q.run();
    await pass();
    expect((mem.map.get(H) as { holds: object }).holds).toEqual({});
    a.idle.logout();
    q.run();
    await pass();
    expect(mem.map.get(H)).toMatchObject({ reason: 'manual' });
    expect(writes.length).toBeGreaterThanOrEqual(4);
  });

  it('hidden, or going (pagehide): what is not stored yet is stored in that very task', async () => {
    const { store, writes } = counting();
    const q = idleQueue();
    const a = await started({ store, idle: q.idle });
    q.run();
    a.idle.extend();
    q.run();
    await pass(2000);
    a.idle.extend();
    // Due in 8 s; hidden now: stored now.
    const n = writes.length;
    const hidden = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    a.visibility();
    expect(writes.length).toBe(n + 1);
    await pass();
    expect(storedLast()).toBe(Date.now());
    // Nothing pending: hidden again writes nothing.
    a.visibility();
    expect(writes.length).toBe(n + 1);
    hidden.mockRestore();
    await pass(3000);
    a.idle.extend();
    a.hide();
    expect(writes.length).toBe(n + 2);
    await pass();
    expect(storedLast()).toBe(Date.now());
  });
});

describe('tab sync transport: start-up is exact', () => {
  it('a tab opened while storage lags the open tabs (a stored record that would warn) takes their answer: no warning', async () => {
    const a = await started();
    await pass(9 * MIN);
    a.idle.extend();
    await pass(30_000);
    // Storage lags (the activity was not written yet): its record would put a new tab in its warning.
    mem.map.set(H, { v: 2, last: T, holds: {} });
    const b = open();
    const warned: string[] = [];
    b.idle.on('warning', () => warned.push('warning'));
    await pass(ANSWERS);
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 30_000 - ANSWERS);
    expect(warned).toEqual([]);
  });

  it('a stored record that would warn in 60 ms, before the open tabs’ answer (100 ms), is not applied first: no warning', async () => {
    const a = await started();
    await pass(9 * MIN);
    a.idle.extend();
    await pass(30_000);
    mem.map.set(H, { v: 2, last: Date.now() - 9 * MIN + 60, holds: {} });
    bus.lag(50);
    const b = open();
    const warned: string[] = [];
    b.idle.on('warning', () => warned.push('warning'));
    await pass(300);
    expect(b.idle.state).toBe('active');
    expect(b.idle.remainingMs()).toBe(a.idle.remainingMs());
    expect(warned).toEqual([]);
  });

  it('alone, the same stored record is the truth: the tab warns at once', async () => {
    mem.map.set(H, { v: 2, last: T - 9.5 * MIN, holds: {} });
    const b = open();
    await pass();
    expect(b.idle.state).toBe('warning');
  });

  it('ready() is pending until the stored record is read; a record past its deadline has logged the tab out when it settles', async () => {
    mem.map.set(H, { v: 2, last: T - 20 * MIN, holds: {} });
    const a = open();
    const ready = a.rt.ready();
    expect(ready).toBeInstanceOf(Promise);
    let seen: string | undefined;
    void ready!.then(() => (seen = a.rt.session()?.state));
    await pass();
    expect(seen).toBe('logged-out');
    expect(a.logouts.map((e) => e.reason)).toEqual(['idle']);
    // Settled: nothing pending, nothing allocated.
    expect(a.rt.ready()).toBeUndefined();
  });

  it('ready() settles after 300 ms when storage never answers (fail closed: the session’s own state decides)', async () => {
    const a = open({ store: () => new Promise(() => {}) });
    let settled = false;
    void a.rt.ready()!.then(() => (settled = true));
    await pass(299);
    expect(settled).toBe(false);
    await pass(1);
    expect(settled).toBe(true);
    expect(a.idle.state).toBe('active');
  });

  it('activity while a tab starts (in its first second, before its slow store answered) moves the shared deadline once the record is read', async () => {
    mem.map.set(H, { v: 2, last: T - 4 * MIN, holds: {} });
    const a = open({ store: slowStore(200) });
    await pass(100);
    // Within a second of the session's provisional start: the shell does not move the deadline for it.
    a.idle.extend();
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 100);
    await pass(400);
    // The record said 4 minutes ago; this tab's activity since is the session's latest, and stored as such.
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 400);
    expect(storedLast()).toBe(T + 100);
    const b = await started();
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 400 - ANSWERS);
  });

  it('a request held until the record was read (nothing stored), let go within a second of the start, is the session’s first activity', async () => {
    const a = open({ store: slowStore(100) });
    // As the requests feature does: held while `ready()` is pending, then recorded.
    void a.rt.ready()!.then(() => a.rt.record('api'));
    await pass(100 + ANSWERS);
    expect(a.idle.remainingMs()).toBe(TIMEOUT - ANSWERS);
    // (This store answers 100 ms late.)
    await pass(200);
    expect(storedLast()).toBe(T + 100);
  });

  it('activity seen while starting, after the stored deadline, revives nothing: the tab logs out', async () => {
    mem.map.set(H, { v: 2, last: T - 20 * MIN, holds: {} });
    const a = open();
    a.idle.extend();
    await pass();
    expect(a.logouts.map((e) => e.reason)).toEqual(['idle']);
  });

  it('tabs starting together after the session ended revive nothing through each other: a tab tells no activity before it read the stored state', async () => {
    mem.map.set(H, { v: 2, last: T - 20 * MIN, holds: {} });
    // A (elected) is slow to read the store; the person's activity in it comes after the stored deadline.
    const a = open({ store: slowStore(500) });
    await pass(10);
    a.idle.extend();
    await pass(10);
    // B joins and asks; A answers before it has read the record. B's own activity is after the deadline too, and B
    // reads the record first.
    const b = open({ store: slowStore(30) });
    await pass(10);
    b.idle.extend();
    await pass(1000);
    expect(a.logouts.map((e) => e.reason)).toEqual(['idle']);
    expect(b.logouts.map((e) => e.reason)).toEqual(['idle']);
    // No message carried activity after the stored deadline.
    expect(bus.posted.map((p) => (p.data as { last: number }).last).filter((last) => last > T - 20 * MIN + TIMEOUT)).toEqual([]);
  });

  it('a tab that goes before it read the stored state stores nothing over it: an ended session stays ended', async () => {
    mem.map.set(H, { v: 2, last: T - 20 * MIN, holds: {} });
    const a = open({ store: slowStore(200) });
    await pass(50);
    a.idle.extend();
    a.hide();
    await pass(500);
    const b = open();
    await pass(ANSWERS);
    expect(b.logouts.map((e) => e.reason)).toEqual(['idle']);
  });

  it('a logout in a tab that goes before it read the stored state is stored all the same: a tab opened later is logged out', async () => {
    mem.map.set(H, { v: 2, last: T - 4 * MIN, holds: {} });
    const a = open({ store: slowStore(200) });
    await pass(50);
    a.idle.logout();
    a.hide();
    await pass(500);
    const b = open();
    await pass(ANSWERS);
    expect(b.logouts.map((e) => e.reason)).toEqual(['manual']);
  });

  it('a hold taken while the tab starts is stored once it has read the stored state', async () => {
    mem.map.set(H, { v: 2, last: T - 4 * MIN, holds: {} });
    const a = open({ store: slowStore(200) });
    await pass(50);
    a.idle.hold('call');
    await pass(1000);
    const stored = mem.map.get(H) as { last: number; holds: Record<string, number> };
    expect(Object.values(stored.holds)).toHaveLength(1);
    expect(stored.last).toBe(T - 4 * MIN);
  });

  it('a tab opened while the first is still starting (its storage slow) adopts the first one’s start, instead of publishing its own', async () => {
    const a = open({ store: slowStore(400) });
    await pass(100);
    const b = open();
    await pass(2000);
    // Both count from A's start, the session's first: B's later start moved nobody's deadline.
    expect(a.idle.remainingMs()).toBe(TIMEOUT - 2100);
    expect(b.idle.remainingMs()).toBe(TIMEOUT - 2100);
    expect(storedLast()).toBe(T);
  });
});
