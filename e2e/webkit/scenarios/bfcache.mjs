// Back/forward cache: WebKitGTK keeps a page with the SDK (tab sync on: BroadcastChannel, IndexedDB, Web Locks)
// in its back/forward cache and restores it, the same JavaScript heap, with `pageshow.persisted`. Its timers do
// not run meanwhile; the SDK checks the deadline on `pageshow`: time away counts, and a page restored past its
// deadline is logged out at once, with one revoke.
import { check, equal, sleep, test, until } from '../harness.mjs';
import { js, pageErrors } from '../page.mjs';
import { B, seen, signIn } from '../server.mjs';

/**
 * Leaves the page for a trivial one for `ms` of real time, then goes back (WebDriver Back = the browser's).
 * Returns the revokes the server saw while the page was away.
 */
async function away(d, ms) {
  await d.get(`${B()}/e2e/frames-sibling.html`);
  await sleep(ms);
  const revokes = (await seen('wk-grace')).revokes;
  await d.navigate().back();
  await until(() => js(d, () => location.pathname), '/e2e/sync.html', { what: 'back on the page' });
  return revokes;
}

test('bfcache: a restored page counts the time away, and past its deadline logs out at once with one revoke', async (ctx) => {
  const d = await ctx.session();
  const token = await signIn('wk-grace');
  // 12 s: the logout comes 2 s ahead (revokeAheadMs), so the warning is 5 s into quiet.
  await d.get(`${B()}/e2e/sync.html?short=1&timeout=12000&warn=5000#${token}`);
  equal(await js(d, () => window.callApi()), 200, 'API call');
  await js(d, () => (window.heap = 'before'));

  // 3 s away: restored from the cache (same heap, persisted), still signed in, 3 s less to go.
  await away(d, 3000);
  equal(await js(d, () => [window.heap, window.shows]), ['before', [false, true]], 'heap and pageshow.persisted after Back');
  const { state, left, since } = await js(d, () => ({ state: window.idle.state, left: window.idle.remainingMs(), since: Date.now() - window.lastCall }));
  equal(state, 'active', 'state after 3 s away');
  check(left <= 10_000 - since + 50 && left > 0, `remaining ${left} ms, ${since} ms after the last call: the time away must count`);

  // Away past the deadline; on restore, logged out at once.
  const whileAway = await away(d, left + 1000);
  ctx.note(`revokes sent while the page was in the cache, past its deadline: ${whileAway}; events after restore: ${await js(d, () => window.events.join())}`);
  equal(await js(d, () => window.shows), [false, true, true], 'pageshow.persisted after the second Back');
  await until(() => js(d, () => [window.idle.state, window.events.at(-1)]), ['logged-out', 'logout:idle'], { timeoutMs: 1000, what: 'logout on restore' });
  await until(async () => (await seen('wk-grace')).revokes, 1, { what: 'revokes at the server' });
  await sleep(500);
  equal((await seen('wk-grace')).revokes, 1, 'revokes at the server, later');
  equal(await js(d, () => window.callApi()), 'TokenLoggedOutError', 'API call after logout');
  equal(await pageErrors(d), [], 'errors thrown into the page');
});
