// Scenario 1: two tabs of one token in one browser context share one idle clock (BroadcastChannel + IndexedDB).
import assert from 'node:assert/strict';
import { B, SEC, advanceServer, allAt, deadline, events, openTab, resetStats, signIn, sleep, state, tokenStats, uniqueUser, until } from './support.mjs';
import { storedRecords as storedInPage } from '../support/stored-records.mjs';

/** How many sessions tab sync has stored in the origin's IndexedDB. */
const storedRecords = (page) => page.evaluate(storedInPage);

/** e2e/pages/sync-start.html: an app that creates the instance and, with `boot`, calls its API at once. */
async function openApp(t, token, { boot = false } = {}) {
  const page = await t.page();
  await page.goto(`${B()}/e2e/sync-start.html?short=1&timeout=${TIMEOUT}&warn=${WARN}${boot ? '&boot=1' : ''}#${token}`);
  return page;
}

const TIMEOUT = 10 * SEC;
const WARN = 5 * SEC;
/**
 * Scenario 1's timeout. With `revoke` the logout comes 2 s ahead of the server's deadline, so the warning comes
 * `TIMEOUT_1 - 2 s - WARN` after the last activity: 7 s here, enough for a loaded machine to open the second tab
 * and make the second call before it (at 10 s it was 3 s, and a loaded run once warned first).
 */
const TIMEOUT_1 = 14 * SEC;

export const tests = [
  {
    name: '1. multi-tab: activity in one tab moves the other\'s deadline, extend() in one clears both warnings, idle logout reaches both, one revoke',
    async fn(t) {
      await resetStats();
      const user = uniqueUser('ff-tabs');
      const token = await signIn(user);
      const a = await openTab(t, token, { timeout: TIMEOUT_1, warn: WARN });
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      const called = await a.evaluate(() => window.lastCall);
      // A has stored the session's state (its start-up is over): its deadline is the session's.
      await until('A stores the session', () => storedRecords(a), (n) => n === 1);
      const first = await deadline(a);
      const b = await openTab(t, token, { timeout: TIMEOUT_1, warn: WARN });
      // B opened after A's call: it reads A's deadline instead of granting itself a fresh timeout, and its own
      // (later) start moves nobody's deadline.
      await until("B adopts A's deadline", () => deadline(b), (d) => Math.abs(d - first) < 500);
      assert.ok(Math.abs((await deadline(a)) - first) < 500, "A's deadline stays");

      // An API call in A two seconds after its first moves B's deadline by about as much. (Timed from A's first call,
      // not after B opened, which takes seconds on a loaded machine: the call must come before the warning.)
      await sleep(called + 2 * SEC - Date.now());
      assert.equal(await a.evaluate(() => window.callApi()), 200);
      await until("B's deadline moves with A's call", () => deadline(b), (d) => d >= first + 1500, 3 * SEC);
      assert.deepEqual(await state([a, b]), ['active', 'active']);

      // Quiet: both warn; extend() in B clears A's warning too.
      await until('both tabs warn', () => events([a, b]), allAt('warning'), TIMEOUT_1);
      assert.deepEqual(await state([a, b]), ['warning', 'warning']);
      await b.evaluate(() => window.idle.extend());
      await until("A's warning clears", () => events([a, b]), allAt('active'), 3 * SEC);
      assert.deepEqual(await events([a, b]), [['warning', 'active'], ['warning', 'active']]);
      assert.deepEqual(await state([a, b]), ['active', 'active']);

      // Quiet again: both log out for idleness, and the server sees exactly one revoke.
      await until('both tabs log out', () => events([a, b]), allAt('logout:idle'), TIMEOUT_1 + 3 * SEC);
      assert.deepEqual(await events([a, b]), Array(2).fill(['warning', 'active', 'warning', 'logout:idle']));
      await until('the revoke reaches the server', () => tokenStats(user), (s) => s.revokes >= 1);
      await sleep(500);
      assert.equal((await tokenStats(user)).revokes, 1, 'exactly one revoke');
      assert.equal(await a.evaluate(() => window.callApi()), 'TokenLoggedOutError');
    },
  },
  {
    name: '1b. start-up: a request made at boot, before tab sync read the shared record, moves the shared deadline; a tab reloaded past the deadline sends nothing with the dead token but the revoke',
    async fn(t) {
      await resetStats();
      const user = uniqueUser('ff-start');
      const token = await signIn(user);
      const a = await openApp(t, token);
      await until('A stores the session', () => storedRecords(a), (n) => n === 1);
      const before = await deadline(a);
      await sleep(2 * SEC);
      const b = await openApp(t, token, { boot: true });
      assert.equal(await b.evaluate(() => window.boot), 200);
      const at = await b.evaluate(() => window.bootAt);
      // B's boot call counts from when it was let go (a few ms after it was made), in both tabs.
      await until("A's deadline moves with B's boot call", () => deadline(a), (d) => d >= at + TIMEOUT - 2 * SEC - 50, 3 * SEC);
      assert.ok((await deadline(a)) >= before + 1500, "A's deadline moved");
      await until('both tabs agree', async () => Math.abs((await deadline(a)) - (await deadline(b))), (d) => d < 50, 3 * SEC);
      // Everyone leaves once the state is stored; the server drops the token; a reload past the deadline.
      await a.close();
      await b.goto(`${B()}/e2e/frames-sibling.html`);
      await sleep(TIMEOUT + SEC);
      await advanceServer(16 * 60 * SEC);
      const seen = await tokenStats(user);
      await b.goto(`${B()}/e2e/sync-start.html?short=1&timeout=${TIMEOUT}&warn=${WARN}&boot=1#${token}`);
      assert.equal(await b.evaluate(() => window.boot), 'TokenLoggedOutError');
      await until('the reloaded tab logs out for idleness', () => b.evaluate(() => window.events), (e) => e.at(-1) === 'logout:idle');
      await until('the revoke reaches the server', () => tokenStats(user), (s) => s.revokes >= 1);
      await sleep(500);
      const after = await tokenStats(user);
      // One request reached the server with the token after the reload: the revoke.
      assert.deepEqual([after.requests - seen.requests, after.revokes - seen.revokes], [1, 1]);
    },
  },
];
