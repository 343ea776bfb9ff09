// Scenario 3: a tab that slept past its deadline (hidden, its wall clock jumped, no timer fired) logs out at once
// when it becomes visible, or on its next request, and no request with the token leaves it.
import assert from 'node:assert/strict';
import { B, SEC, advanceServer, openTab, resetStats, signIn, tokenStats, uniqueUser, until } from './support.mjs';

// Minutes, so that none of the SDK's own timers (set in real time) can come due during the test: a logout
// seen within it came from the wake checks.
const TIMEOUT = 5 * 60 * SEC;
const SLEEP = 6 * 60 * SEC;

/** A tab of a fresh token, then another tab in front of it (Firefox hides background tabs), then the sleep. */
async function asleep(t, name) {
  await resetStats();
  const user = uniqueUser(name);
  const token = await signIn(user);
  const tab = await openTab(t, token, { timeout: TIMEOUT, warn: 60 * SEC, jump: true });
  assert.equal(await tab.evaluate(() => window.callApi()), 200);
  const front = await t.page();
  await front.goto(`${B()}/e2e/frames-sibling.html`);
  assert.equal(await tab.evaluate(() => document.visibilityState), 'hidden', 'the tab is in the background');

  const before = await tokenStats(user);
  await tab.evaluate((ms) => window.jumpClock(ms), SLEEP);
  await advanceServer(SLEEP);
  // Reading `events` checks nothing (unlike idle.state): nothing has happened yet.
  assert.deepEqual(await tab.evaluate(() => window.events), []);
  return { tab, user, before };
}

/** The server saw no request with the token since `before` other than the revoke. */
async function nothingEscaped(user, before) {
  await until('the revoke reaches the server', () => tokenStats(user), (s) => s.revokes === before.revokes + 1);
  const after = await tokenStats(user);
  assert.equal(after.requests - before.requests, 1, 'the only request with the token after the sleep is the revoke');
}

export const tests = [
  {
    name: '3a. wake: a tab hidden past its deadline logs out at once when it becomes visible; a request after that is refused locally',
    async fn(t) {
      const { tab, user, before } = await asleep(t, 'ff-wake-visible');
      await tab.bringToFront();
      assert.equal(await tab.evaluate(() => document.visibilityState), 'visible');
      await until('the tab logs out on becoming visible', () => tab.evaluate(() => window.events), (e) => e.includes('logout:idle'), 2 * SEC);
      assert.equal(await tab.evaluate(() => window.callApi()), 'TokenLoggedOutError');
      await nothingEscaped(user, before);
    },
  },
  {
    name: '3b. wake: the first request of a tab that slept past its deadline is refused locally (TokenLoggedOutError), never sent',
    async fn(t) {
      const { tab, user, before } = await asleep(t, 'ff-wake-request');
      // Still hidden: no visibility event, only the request.
      assert.equal(await tab.evaluate(() => window.callApi()), 'TokenLoggedOutError');
      assert.ok((await tab.evaluate(() => window.events)).includes('logout:idle'));
      await nothingEscaped(user, before);
    },
  },
];
