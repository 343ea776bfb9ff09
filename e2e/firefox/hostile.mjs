// Scenario 4: the token's channel is open to every script of the origin, so what arrives on it is untrusted
// input (DEVELOPERS.md): garbage must not throw, a forged future activity must not extend the session, a forged
// hold must not outlast the documented 3-minute lease.
import assert from 'node:assert/strict';
import { SEC, allAt, attacker, channelOf, deadline, events, openTab, postView, resetStats, settle, signIn, sleep, state, tokenStats, uniqueUser, until } from './support.mjs';

const TIMEOUT = 20 * SEC;
const WARN = 5 * SEC;
const HOURS_10 = 10 * 3600 * SEC;
/** The hold lease documented in README ("A hold lives only as long as the tab that took it") and src: 3 minutes. */
const LEASE = 3 * 60 * SEC;
/** How often a tab looks for lapsed leases (src: RENEW). */
const RENEW = 30 * SEC;

/** Garbage of every shape, posted `count` times in all on the channel `name`. */
function postGarbage(name, count) {
  const c = new BroadcastChannel(name);
  const k = name.slice('idle-logout:'.length);
  const deep = {};
  let node = deep;
  for (let i = 0; i < 2000; i++) node = node.next = {};
  const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
  const now = Date.now() * 1000;
  const values = [
    null, undefined, {}, [], [1, 2], '', 'idle-logout', 42, -1, NaN, Infinity, true, 10n ** 30n,
    { type: 'constructor' }, { type: '__proto__' }, { type: 'toString' }, { type: 'hasOwnProperty' }, { type: null }, { type: {} },
    { type: 'message' }, { type: 'message', time: now, data: null }, { type: 'message', time: now, data: 'x' },
    { type: 'message', time: now, data: [] }, { type: 'message', time: 'soon', data: {} },
    { type: 'internal', time: now, data: null }, { type: 'internal', time: now, data: {} },
    // Near misses of tab sync's wire format (version 2, and the older version 1): wrong types, ranges, versions.
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: 'abcd1234', last: 'later', holds: null } },
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: 'abcd1234', last: 1e300, holds: { __proto__: 1 } } },
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: '../../x', last: -5, holds: [] } },
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: 'abcd1234', last: 0, holds: wide } },
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: 'abcd1234', last: 0, holds: {}, policy: { timeoutMs: NaN }, reason: 'sideways' } },
    { type: 'message', time: now, data: { v: 2, tokenHash: k, from: 'abcd1234', last: 0, holds: {}, ask: 'yes' } },
    { type: 'message', time: now, data: { v: 3, tokenHash: k, from: 'abcd1234', last: 0, holds: {} } },
    { type: 'message', time: now, data: { v: 1, k, f: 'abcd1234', l: 'later', h: null } },
    { type: 'message', time: now, data: { v: 1, k, f: 'abcd1234', l: 0, h: {}, p: [NaN, 'x', null], o: 'sideways' } },
    { v: 2, tokenHash: k, from: 'abcd1234', last: 0, holds: {} },
    { type: 'message', time: now, data: deep },
    { pad: 'x'.repeat(1 << 18) },
    wide,
    new Uint8Array(1 << 16),
    new Map([[1, 2]]),
    new Date(NaN),
    /x/g,
  ];
  for (let i = 0; i < count; i++) c.postMessage(values[i % values.length]);
  c.close();
  return values.length;
}

export const tests = [
  {
    name: '4a. hostile channel: 1,000 garbage messages on the token channel throw nothing into the page and leave the session working',
    async fn(t) {
      await resetStats();
      const user = uniqueUser('ff-garbage');
      const token = await signIn(user);
      const a = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      const b = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      const x = await attacker(t);

      await x.evaluate(postGarbage, channelOf(token), 1000);
      await sleep(SEC);

      // Still one clock: a call in A moves B's deadline, a logout in B reaches A, one revoke.
      const before = await deadline(b);
      await sleep(1500);
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      await until("B's deadline moves with A's call", () => deadline(b), (d) => d >= before + 1000, 3 * SEC);
      assert.deepEqual(await state([a, b]), ['active', 'active']);
      await b.evaluate(() => window.idle.logout());
      await until('the logout reaches A', () => events([a, b]), allAt('logout:manual'), 3 * SEC);
      await until('one revoke reaches the server', () => tokenStats(user), (s) => s.revokes === 1);
      // Checked last, so that the report says whether the session survived as well.
      const errors = t.pageErrors.length;
      assert.equal(errors, 0, `the session works, but the garbage threw ${errors} uncaught errors into the pages, e.g. ${[...new Set(t.pageErrors)].slice(0, 3).join(' | ')}`);
    },
  },
  {
    name: "4b. hostile channel: a forged view claiming activity 10 h in the future moves no tab's deadline past (forge time + timeout), now or after another tab opens",
    async fn(t) {
      await resetStats();
      const token = await signIn(uniqueUser('ff-future'));
      const a = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      const x = await attacker(t);
      // The forger speaks the current wire format: a view with activity now moves A's deadline.
      const start = await deadline(a);
      await sleep(1500);
      await postView(x, token, { from: 'forged01', activityIn: 0 });
      await until("a well-formed view moves A's deadline", () => deadline(a), (d) => d >= start + 1000, 2 * SEC);
      await sleep(SEC);

      // At most, the forged message is activity at the moment it arrived.
      const forged = await postView(x, token, { from: 'forged01', activityIn: HOURS_10 });
      const bound = forged + TIMEOUT + 500;
      await sleep(300);
      const first = await deadline(a);
      assert.ok(first <= bound, `A's deadline ${first - forged} ms after the forgery (at most ${TIMEOUT})`);

      // A tab opened a few seconds later hears the views of the open tabs and reads the stored record.
      await sleep(3 * SEC);
      const b = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      // B may start with a provisional deadline of its own until it has heard the others: give it a moment.
      const late = await settle(() => deadline(b), (d) => d <= bound, 2 * SEC);
      assert.ok(late <= bound, `B's deadline ${late - forged} ms after the forgery (at most ${TIMEOUT})`);
      const after = await deadline(a);
      assert.ok(after <= bound, `after B opened, A's deadline ${after - forged} ms after the forgery (at most ${TIMEOUT})`);
    },
  },
  {
    name: '4c. hostile channel: a forged hold with a 10 h lease does not keep a tab held past the documented 3-minute lease',
    async fn(t) {
      await resetStats();
      const token = await signIn(uniqueUser('ff-hold'));
      const a = await openTab(t, token, { timeout: TIMEOUT, warn: WARN, jump: true });
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      const x = await attacker(t);

      await postView(x, token, { from: 'forged02', holdIn: HOURS_10 });
      await until('the forged hold is taken as another tab\'s', () => state([a]), (s) => s[0] === 'held', 2 * SEC);
      // The lease and a little more pass on A's wall clock; A's lease check runs on its own (real) timer.
      await a.evaluate((ms) => window.jumpClock(ms), LEASE + 10 * SEC);
      await until('the hold lapses with its lease', () => state([a]), (s) => s[0] !== 'held', RENEW + 5 * SEC);
      assert.deepEqual(await state([a]), ['active']);
    },
  },
];
