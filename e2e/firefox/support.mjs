// What the Firefox scenarios share: the reference server's test hooks, polling, pages, the token's channel name
// and a wall-clock jump. Firefox through puppeteer has no `page.clock`: time is real, timeouts are short.
import { createHash } from 'node:crypto';
import { referenceClient } from '../support/reference.mjs';

export const SEC = 1000;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The reference server on its two sites (its port set by run.mjs once it listens). */
export const server = { port: 0 };
const reference = referenceClient(() => server.port);
export const { A, B, stats, resetStats, advanceServer, signIn } = reference;
/** What the server saw of one user's token (users are unique per run). */
export const tokenStats = async (user) =>
  Object.values((await stats()).perToken).find((t) => t.user === user) ?? { requests: 0, keepalives: 0, revokes: 0, unauthorized: 0 };

let users = 0;
/** A user name no other test of this run signs in with. */
export const uniqueUser = (name) => `${name}-${++users}`;

/** The name of the SDK's channel for a token: `idle-logout:` + hex SHA-256 of the token. */
export const channelOf = (token) => `idle-logout:${createHash('sha256').update(token).digest('hex')}`;

/** Polls `get` until `ok(value)` or `ms` have passed; returns the last value either way. */
export async function settle(get, ok, ms = 5 * SEC) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() > end) return value;
    await sleep(100);
  }
}

/** Polls `get` until `ok(value)`; throws with the last value seen after `ms`. */
export async function until(what, get, ok, ms = 5 * SEC) {
  const value = await settle(get, ok, ms);
  if (!ok(value)) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
  return value;
}

/**
 * A wall-clock jump for one page, as when a laptop sleeps: `Date.now()` moves on, no timer fires.
 * Installed before the page's scripts; `window.jumpClock(ms)` jumps.
 */
export const installJump = (page) =>
  page.evaluateOnNewDocument(() => {
    const real = Date.now;
    let skew = 0;
    Date.now = () => real() + skew;
    window.jumpClock = (ms) => void (skew += ms);
  });

/** Opens e2e/pages/sync.html (short real timeouts) for `token` (timeout and warning in ms) and waits until tab sync has opened its channel. */
export async function openTab(t, token, { timeout = 10 * SEC, warn = 5 * SEC, jump = false } = {}) {
  const page = await t.page();
  if (jump) await installJump(page);
  await page.goto(`${B()}/e2e/sync.html?short=1&timeout=${timeout}&warn=${warn}#${token}`);
  await until('tab sync opens the token channel', () => page.evaluate(() => window.syncing === true), Boolean);
  return page;
}

/** Reading `idle.state` (or the deadline) re-checks the deadline: polls for transitions read `events` instead. */
export const state = (pages) => Promise.all(pages.map((p) => p.evaluate(() => window.idle.state)));
export const events = (pages) => Promise.all(pages.map((p) => p.evaluate(() => window.events)));
export const deadline = (page) => page.evaluate(() => window.deadline());
/** Every tab's latest event is `name`. */
export const allAt = (name) => (tabs) => tabs.every((e) => e.at(-1) === name);

/** A plain page on the tabs' origin (same browser context), for posting on their channel as another script would. */
export async function attacker(t) {
  const page = await t.page();
  await page.goto(`${B()}/e2e/frames-sibling.html`);
  return page;
}

/**
 * Another tab's view of the token, posted on its channel in tab sync's wire format (version 2,
 * src/core/sync-record.ts) inside broadcast-channel's envelope (`{ time, type, data }`, time in µs), as any
 * script of the origin can: tab `from`, last activity `activityIn` ms from now, a hold lease ending `holdIn` ms
 * from now. Returns the page's `Date.now()` when it posted.
 */
export const postView = (page, token, { from, activityIn, holdIn }) =>
  page.evaluate(
    (name, from, activityIn, holdIn) => {
      const c = new BroadcastChannel(name);
      const now = Date.now();
      const view = {
        v: 2,
        tokenHash: name.slice('idle-logout:'.length),
        from,
        last: activityIn === null ? 0 : now + activityIn,
        holds: holdIn === null ? {} : { [from]: now + holdIn },
      };
      c.postMessage({ time: now * 1000, type: 'message', data: view });
      c.close();
      return now;
    },
    channelOf(token),
    from,
    activityIn ?? null,
    holdIn ?? null,
  );

/**
 * Host page on http://localhost (e2e/pages/frames-host.html) embedding e2e/pages/frames-client.html from
 * http://127.0.0.1 (another site) with connectHeartbeat. Returns the host page and the client frame.
 */
export async function openFrame(t, client, { interval = SEC } = {}) {
  const page = await t.page();
  const src = `${B()}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(client))}`;
  const query = new URLSearchParams({ client: src, target: B(), interval: String(interval) });
  await page.goto(`${A()}/e2e/frames-host.html?${query}`);
  const frame = await until(
    'the client frame is ready',
    async () => {
      const f = page.frames().find((f) => f.url().startsWith(`${B()}/e2e/frames-client.html`));
      return f && (await f.evaluate(() => window.ready === true).catch(() => false)) ? f : null;
    },
    Boolean,
  );
  return { page, frame };
}

/**
 * The client frame's record: events, degraded features, heartbeats that moved its deadline. Polls read this, not
 * `idle.state`: reading the state re-checks the deadline, which would do the SDK's timers' work for them.
 */
export const client = (frame) => frame.evaluate(() => ({ events: window.events, errors: window.errors, moves: window.moves }));

/** Moves the mouse in the host page (not over the frame) every 500 ms for `ms`: the person works in the host. */
export async function workInHost(page, ms) {
  for (let n = 0; n * 500 < ms; n++) {
    await page.mouse.move(20 + (n % 2) * 40, 30);
    await sleep(500);
  }
}

/** What a frame's storage APIs do (storage partitioning or blocking): 'ok' or the error's name. */
export const probeStorage = (frame) =>
  frame.evaluate(async () => {
    const tryIt = async (f) => {
      try {
        return await f();
      } catch (e) {
        return e?.name ?? String(e);
      }
    };
    return {
      localStorage: await tryIt(() => (localStorage.setItem('ff-probe', '1'), 'ok')),
      indexedDB: await tryIt(
        () =>
          new Promise((resolve) => {
            const open = indexedDB.open('ff-probe');
            open.onsuccess = () => (open.result.close(), resolve('ok'));
            open.onerror = () => resolve(open.error?.name ?? 'error');
          }),
      ),
      BroadcastChannel: await tryIt(() => (new BroadcastChannel('ff-probe').close(), 'ok')),
      locks: await tryIt(() => (navigator.locks ? navigator.locks.query().then(() => 'ok') : 'missing')),
    };
  });
