// One tab: API activity keeps it signed in, then the warning, the idle logout, one revoke at the server and
// a refused request afterwards. Real time: the page's timeout is 10 s with the warning 5 s before, like the server's.
import { check, equal, sleep, test, until } from '../harness.mjs';
import { js, pageErrors } from '../page.mjs';
import { advanceServer, B, seen, signIn } from '../server.mjs';

/** The SDK's default `revokeAheadMs` with a `revoke`: it logs out (and revokes) this long before the deadline. */
const AHEAD = 2000;

const state = (d) => js(d, () => ({ state: window.idle.state, events: window.events }));

test('one tab: API calls keep it signed in; idle, it warns, logs out, revokes once, refuses the token after', async (ctx) => {
  const d = await ctx.session();
  const token = await signIn('wk-alice');
  await d.get(`${B()}/e2e/sync.html?short=1&timeout=10000&warn=5000#${token}`);

  // 14 s of calls every 2 s: longer than the timeout, never a warning.
  for (let t = 0; t < 7; t++) {
    equal(await js(d, () => window.callApi()), 200, 'API call');
    await sleep(2000);
  }
  equal(await state(d), { state: 'active', events: [] }, 'after 14 s of API activity');

  // Quiet from now: the logout (and its revoke) 2 s ahead of the server's 10 s (revokeAheadMs), the warning 5 s
  // before that; not earlier.
  equal(await js(d, () => window.callApi()), 200, 'last API call');
  await until(() => state(d), { state: 'warning', events: ['warning'] }, { timeoutMs: 8000, what: 'warning' });
  await until(() => state(d), { state: 'logged-out', events: ['warning', 'logout:idle'] }, { timeoutMs: 8000, what: 'logout' });
  const { warned, out, last } = await js(d, () => ({ warned: window.times.warning, out: window.times.logout, last: window.lastCall }));
  check(warned - last >= 5000 - AHEAD && out - last >= 10_000 - AHEAD, `warning ${warned - last} ms and logout ${out - last} ms after the last call: too early`);

  // Exactly one revoke reaches the server, and no second one follows.
  await until(async () => (await seen('wk-alice')).revokes, 1, { what: 'revokes at the server' });
  await sleep(500);
  equal((await seen('wk-alice')).revokes, 1, 'revokes at the server, later');
  // The SDK refuses to send the dead token: the server sees no further request with it.
  const before = (await seen('wk-alice')).requests;
  equal(await js(d, () => window.callApi()), 'TokenLoggedOutError', 'API call after logout');
  equal((await seen('wk-alice')).requests, before, 'requests the server saw after logout');
  equal(await pageErrors(d), [], 'errors thrown into the page');
});

test('one tab: the server drops the token first (its test clock jumps): the 401 logs the page out, no revoke', async (ctx) => {
  const d = await ctx.session();
  const token = await signIn('wk-carol');
  await d.get(`${B()}/e2e/sync.html?short=1&timeout=10000&warn=5000#${token}`);
  equal(await js(d, () => window.callApi()), 200, 'first API call');
  // Only the server's clock moves: the page still believes the token alive (it has 10 s), the server has dropped it.
  await advanceServer(11_000);
  equal(await js(d, () => window.callApi()), 401, 'API call after the server timed out');
  await until(() => state(d), { state: 'logged-out', events: ['logout:revoked'] }, { what: 'logout after a 401' });
  await sleep(500);
  equal((await seen('wk-carol')).revokes, 0, 'revokes after a 401');
  equal(await pageErrors(d), [], 'errors thrown into the page');
});
