// Two windows (not tabs: WebKit hides and throttles background tabs) of one browser, one token: one idle clock
// through IndexedDB + BroadcastChannel. Activity in one moves the other's deadline, extend() in one clears the
// warning in the other, a logout in one logs out both, and the server sees one revoke. Then a hidden tab (WebKit's
// background tabs are hidden, their timers throttled) of a token: it still logs out with the visible window.
import { equal, sleep, test, until } from '../harness.mjs';
import { inWindow, inWindows } from '../page.mjs';
import { B, seen, signIn } from '../server.mjs';

test('two windows, one token: shared activity, extend in one clears the warning in both, logout everywhere, one revoke', async (ctx) => {
  const d = await ctx.session();
  const token = await signIn('wk-dave');
  const url = `${B()}/e2e/sync.html?short=1&timeout=10000&warn=5000#${token}`;
  await d.get(url);
  const a = await d.getWindowHandle();
  await d.switchTo().newWindow('window');
  const b = await d.getWindowHandle();
  await d.get(url);
  const both = (fn) => inWindows(d, [a, b], fn);
  await until(() => both(() => window.syncing === true), [true, true], { what: 'tab sync open in both windows' });
  ctx.note(`visibility of the two windows: ${(await both(() => `${document.visibilityState}/${document.hasFocus() ? 'focused' : 'unfocused'}`)).join(', ')}`);

  // 14 s of API calls in A only: B never warns, and B's deadline follows A's activity.
  // When A's calls were, by its clock: a warning in B with calls 2 s apart is tab sync lagging, not the test's pace.
  const calls = [];
  for (let t = 0; t < 7; t++) {
    const [status, at] = await inWindow(d, a, () => window.callApi().then((s) => [s, window.lastCall]));
    equal(status, 200, 'API call in A');
    calls.push(at);
    // Paced from the call itself, not from the WebDriver round trip's end (a second or more on a loaded machine):
    // B warns 3 s after A's last call (`revoke` logs out 2 s before the server's 10 s).
    await sleep(at + 2000 - Date.now());
  }
  ctx.note(`gaps between A's calls (ms): ${calls.slice(1).map((c, i) => c - calls[i]).join(', ')}; B's events and their times: ${JSON.stringify(await inWindow(d, b, () => [window.events, window.times]))}`);
  equal(await both(() => [window.idle.state, window.events]), [['active', []], ['active', []]], 'after 14 s of activity in A');
  equal(await inWindow(d, a, () => window.callApi()), 200, 'last API call in A');

  // Quiet: both warn; "stay signed in" in B clears the warning in A too.
  await until(() => both(() => window.idle.state), ['warning', 'warning'], { timeoutMs: 8000, what: 'warning in both' });
  await inWindow(d, b, () => window.idle.extend());
  await until(() => both(() => [window.idle.state, window.events]), [['active', ['warning', 'active']], ['active', ['warning', 'active']]], {
    what: 'after extend() in B',
  });

  // Logout in A reaches B at once; one revoke for both; B no longer sends the token.
  await inWindow(d, a, () => window.idle.logout());
  await until(() => both(() => [window.idle.state, window.events.at(-1)]), [['logged-out', 'logout:manual'], ['logged-out', 'logout:manual']], {
    what: 'after logout() in A',
  });
  await until(async () => (await seen('wk-dave')).revokes, 1, { what: 'revokes at the server' });
  await sleep(500);
  equal((await seen('wk-dave')).revokes, 1, 'revokes at the server, later');
  equal(await inWindow(d, b, () => window.callApi()), 'TokenLoggedOutError', 'API call in B after logout');
  equal(await both(() => window.pageErrors), [[], []], 'errors thrown into the pages');
});

test('a hidden tab of the token (WebKit throttles its timers) warns and logs out with the visible window; one revoke', async (ctx) => {
  const d = await ctx.session();
  const token = await signIn('wk-heidi');
  const url = `${B()}/e2e/sync.html?short=1&timeout=10000&warn=5000#${token}`;
  await d.get(url);
  const a = await d.getWindowHandle();
  await d.switchTo().newWindow('tab');
  const t = await d.getWindowHandle();
  await d.get(url);
  const both = (fn) => inWindows(d, [a, t], fn);
  await until(() => both(() => window.syncing === true), [true, true], { what: 'tab sync open in both' });
  // The premise: a background tab is hidden (and its timers throttled), the window is not.
  equal(await both(() => document.visibilityState), ['visible', 'hidden'], 'visibility of the window and the tab');

  equal(await inWindow(d, a, () => window.callApi()), 200, 'API call in the window');
  await until(() => both(() => window.events), [['warning', 'logout:idle'], ['warning', 'logout:idle']], { timeoutMs: 15_000, what: 'events in both' });
  const [wa, wt] = await both(() => window.times);
  ctx.note(`hidden tab's warning ${wt.warning - wa.warning} ms and logout ${wt.logout - wa.logout} ms after the visible window's`);
  await until(async () => (await seen('wk-heidi')).revokes, 1, { what: 'revokes at the server' });
  await sleep(500);
  equal((await seen('wk-heidi')).revokes, 1, 'revokes at the server, later');
  equal(await both(() => window.pageErrors), [[], []], 'errors thrown into the pages');
});
