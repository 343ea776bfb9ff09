// Scenario 1: two tabs of one token in one browser context share one idle clock (BroadcastChannel + IndexedDB).
import assert from 'node:assert/strict';
import { SEC, allAt, deadline, events, openTab, resetStats, signIn, sleep, state, tokenStats, uniqueUser, until } from './support.mjs';

const TIMEOUT = 10 * SEC;
const WARN = 5 * SEC;

export const tests = [
  {
    name: '1. multi-tab: activity in one tab moves the other\'s deadline, extend() in one clears both warnings, idle logout reaches both, one revoke',
    async fn(t) {
      await resetStats();
      const user = uniqueUser('ff-tabs');
      const token = await signIn(user);
      const a = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      const b = await openTab(t, token, { timeout: TIMEOUT, warn: WARN });
      // B opened after A's call: it reads A's deadline instead of granting itself a fresh timeout.
      const first = await deadline(a);
      await until("B adopts A's deadline", () => deadline(b), (d) => Math.abs(d - first) < 500);

      // An API call in A two seconds later moves B's deadline by about as much.
      await sleep(2 * SEC);
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      await until("B's deadline moves with A's call", () => deadline(b), (d) => d >= first + 1500, 3 * SEC);
      assert.deepEqual(await state([a, b]), ['active', 'active']);

      // Quiet: both warn; extend() in B clears A's warning too.
      await until('both tabs warn', () => events([a, b]), allAt('warning'), TIMEOUT);
      assert.deepEqual(await state([a, b]), ['warning', 'warning']);
      await b.evaluate(() => window.idle.extend());
      await until("A's warning clears", () => events([a, b]), allAt('active'), 3 * SEC);
      assert.deepEqual(await events([a, b]), [['warning', 'active'], ['warning', 'active']]);
      assert.deepEqual(await state([a, b]), ['active', 'active']);

      // Quiet again: both log out for idleness, and the server sees exactly one revoke.
      await until('both tabs log out', () => events([a, b]), allAt('logout:idle'), TIMEOUT + 3 * SEC);
      assert.deepEqual(await events([a, b]), Array(2).fill(['warning', 'active', 'warning', 'logout:idle']));
      await until('the revoke reaches the server', () => tokenStats(user), (s) => s.revokes >= 1);
      await sleep(500);
      assert.equal((await tokenStats(user)).revokes, 1, 'exactly one revoke');
      assert.equal(await a.evaluate(() => window.callApi()), 'TokenLoggedOutError');
    },
  },
];
