// A cross-site embedded client: the host page on http://localhost, the client frame on http://127.0.0.1 (another
// site). The person works in the host only (real pointer moves through WebDriver Actions); connectHeartbeat turns
// that into heartbeats, the client's keepalives keep the server's timer running. When the host goes quiet the
// client warns, logs out, revokes once, and tells the host both.
import { Origin } from 'selenium-webdriver';
import { check, equal, sleep, test, until } from '../harness.mjs';
import { inFrame, inWindow, js, pageErrors, recordErrors } from '../page.mjs';
import { A, B, seen, setTimeoutSeconds, signIn } from '../server.mjs';

const WORK_MS = 22_000; // more than twice the 10 s timeout
const KEEPALIVE_MS = 3000;

test('cross-site embedded client: host heartbeats keep it signed in; when they stop it warns, logs out, tells the host', async (ctx) => {
  const d = await ctx.session();
  const config = { user: 'wk-frame', allowed: [A()], keepaliveMs: KEEPALIVE_MS, timeoutMs: 12_000, warnMs: 5000 }; // 12 s: with the revoke 2 s ahead, the warning still comes 5 s into quiet
  const client = `${B()}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(config))}`;
  const query = new URLSearchParams({ client, target: B(), interval: '1000' });
  const started = Date.now();
  await d.get(`${A()}/e2e/frames-host.html?${query}`);
  await until(() => inFrame(d, 'client', () => window.ready === true).catch(() => false), true, { what: 'client ready' });
  const frame = () => inFrame(d, 'client', () => ({ state: window.idle.state, events: window.events, moves: window.moves, rejects: window.rejects }));
  await js(d, recordErrors);
  await inFrame(d, 'client', recordErrors);

  // What storage the cross-site frame gets in this engine (Chromium blocks it; WebKit partitions it).
  const storage = await inFrame(d, 'client', async () => {
    const tryIt = async (f) => {
      try {
        await f();
        return 'ok';
      } catch (e) {
        return e.name;
      }
    };
    return {
      indexedDB: await tryIt(() => new Promise((ok, no) => Object.assign(indexedDB.open('wk-probe'), { onsuccess: ok, onerror: () => no(new Error('error')) }))),
      localStorage: await tryIt(() => localStorage.length),
      locks: navigator.locks ? await tryIt(() => navigator.locks.query()) : 'missing',
      BroadcastChannel: typeof BroadcastChannel,
      sdkErrors: window.errors,
    };
  });
  ctx.note(`storage in the cross-site frame: ${JSON.stringify(storage)}`);

  // The person works in the host page, away from the frame (bottom right).
  const end = Date.now() + WORK_MS;
  for (let i = 0; Date.now() < end; i++) {
    await d.actions().move({ x: 40 + (i % 2) * 60, y: 40, origin: Origin.VIEWPORT }).perform();
    await sleep(500);
  }
  const worked = await frame();
  equal([worked.state, worked.events, worked.rejects], ['active', [], []], 'client after 22 s of work in the host');
  check(worked.moves >= WORK_MS / 3000, `heartbeats that moved the deadline: ${worked.moves}, expected at least ${WORK_MS / 3000}`);
  const posted = () => js(d, () => window.states);
  const early = await posted();
  check(early.every((s) => s === 'active'), `states posted to the host while it worked: ${early}`);
  const server = await seen('wk-frame');
  const most = Math.floor((Date.now() - started) / KEEPALIVE_MS) + 1;
  check(server.keepalives >= 1 && server.keepalives <= most, `keepalives: ${server.keepalives}, expected 1 to ${most} (one per 3 s at most)`);
  equal(server.unauthorized, 0, '401s while the host worked');

  // The host goes quiet: warning (5 s), logout (10 s), both told to the host; one revoke.
  await until(frame, (c) => c.state === 'warning' && c.events.join() === 'warning', { timeoutMs: 8000, what: 'client warning' });
  await until(posted, (s) => s.at(-1) === 'warning' && s.filter((x) => x !== 'active').join() === 'warning', { what: 'host told of the warning' });
  await until(frame, (c) => c.state === 'logged-out' && c.events.join() === 'warning,logout:idle', { timeoutMs: 8000, what: 'client logout' });
  await until(posted, (s) => s.slice(s.indexOf('warning')).join() === 'warning,logged-out', { what: 'host told of the logout' });
  await until(async () => (await seen('wk-frame')).revokes, 1, { what: 'revokes at the server' });
  await sleep(500);
  equal((await seen('wk-frame')).revokes, 1, 'revokes at the server, later');
  equal([await pageErrors(d), await inFrame(d, 'client', () => window.pageErrors)], [[], []], 'errors thrown into the host page and the frame');
}, { timeoutMs: 90_000 });

test('cross-site frame and a top-level tab of its origin, one token: partitioned apart, the frame follows the tab through serverClock', async (ctx) => {
  // 15 s timeouts: serverClock asks the server 3 s before the warning, so the time from an adopted deadline to the next
  // read (15 - 5 - 3 = 7 s) must be longer than the tab's 2 s between calls, as it is with real timeouts (minutes).
  await setTimeoutSeconds(15);
  const d = await ctx.session();
  const token = await signIn('wk-ivan');
  // The top-level tab of the client's origin (127.0.0.1), calling the API.
  await d.get(`${B()}/e2e/sync.html?short=1&timeout=15000&warn=5000#${token}`);
  const tab = await d.getWindowHandle();
  await d.switchTo().newWindow('window');
  const host = await d.getWindowHandle();
  // The host page on localhost embeds the client, with no heartbeats at all (connect=0): only the server links them.
  const config = { token, allowed: [A()], serverClock: true, timeoutMs: 15_000, warnMs: 5000 };
  const client = `${B()}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(config))}`;
  await d.get(`${A()}/e2e/frames-host.html?${new URLSearchParams({ client, target: B(), connect: '0' })}`);
  await until(() => inFrame(d, 'client', () => window.ready === true).catch(() => false), true, { what: 'client ready' });
  const frame = () => inFrame(d, 'client', () => ({ state: window.idle.state, events: window.events }));
  await js(d, recordErrors);
  await inFrame(d, 'client', recordErrors);

  // Evidence of the partition: a message from the top-level tab on the frame's origin does not reach the frame.
  await inFrame(d, 'client', () => {
    window.heard = [];
    new BroadcastChannel('wk-partition').onmessage = (e) => window.heard.push(e.data);
  });
  await inWindow(d, tab, () => new BroadcastChannel('wk-partition').postMessage('from the top-level tab'));
  await sleep(300);
  await d.switchTo().window(host);
  ctx.note(`BroadcastChannel from a top-level 127.0.0.1 tab to the 127.0.0.1 frame under localhost: ${JSON.stringify(await inFrame(d, 'client', () => window.heard))}`);

  // 16 s of API calls in the tab: the frame never warns.
  for (let i = 0; i < 8; i++) {
    equal(await inWindow(d, tab, () => window.callApi()), 200, 'API call in the tab');
    await sleep(2000);
  }
  await d.switchTo().window(host);
  equal(await frame(), { state: 'active', events: [] }, 'frame after 16 s of activity in the tab');

  // The tab stops: both warn and log out.
  await until(frame, { state: 'logged-out', events: ['warning', 'logout:idle'] }, { timeoutMs: 20_000, what: 'frame logout' });
  await until(() => inWindow(d, tab, () => window.events), ['warning', 'logout:idle'], { what: 'tab logout' });
  await sleep(500);
  ctx.note(`revokes for the one token from the partitioned tab and frame: ${(await seen('wk-ivan')).revokes}`);
  equal(await inWindow(d, tab, () => window.pageErrors), [], 'errors thrown into the tab');
  await d.switchTo().window(host);
  equal([await pageErrors(d), await inFrame(d, 'client', () => window.pageErrors)], [[], []], 'errors thrown into the host page and the frame');
}, { timeoutMs: 90_000 });
