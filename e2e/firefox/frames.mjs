// Scenarios 2 and 5: an embedded client from http://127.0.0.1 (another site) in a host page on http://localhost,
// kept alive by the host's heartbeats (connectHeartbeat). Scenario 2 in Firefox as shipped (a cross-site frame's
// storage is partitioned), scenario 5 with third-party storage blocked (it throws; the SDK runs on memory).
import assert from 'node:assert/strict';
import { A, B, SEC, client, openFrame, probeStorage, resetStats, tokenStats, uniqueUser, until, workInHost } from './support.mjs';

const TIMEOUT = 10 * SEC;
const WARN = 5 * SEC;

/**
 * Work in the host for `work` ms keeps the frame signed in; then it warns, logs out and tells the host each time.
 * `seen(storage)` gets what the frame's storage APIs do, before any of that.
 */
async function heartbeatsThenQuiet(t, name, work, seen) {
  await resetStats();
  const user = uniqueUser(name);
  const { page, frame } = await openFrame(t, { user, allowed: [A()], timeoutMs: TIMEOUT, warnMs: WARN });
  seen(await probeStorage(frame));

  await workInHost(page, work);
  const kept = await client(frame);
  assert.equal(await frame.evaluate(() => window.idle.state), 'active', 'signed in after working in the host for longer than the timeout');
  assert.deepEqual(kept.events, []);
  assert.ok(kept.moves > 0, 'heartbeats moved the deadline');

  await until('the frame warns', () => client(frame), (c) => c.events.includes('warning'), TIMEOUT);
  await until('the host hears the warning', () => page.evaluate(() => window.states), (s) => s.includes('warning'), 2 * SEC);
  await until('the frame logs out', () => client(frame), (c) => c.events.includes('logout:idle'), WARN + 2 * SEC);
  assert.deepEqual((await client(frame)).events, ['warning', 'logout:idle']);
  assert.equal(await frame.evaluate(() => window.idle.state), 'logged-out');
  await until('the host hears the logout', () => page.evaluate(() => window.states), (s) => s.at(-1) === 'logged-out', 2 * SEC);
  // The frame posts its state when it starts (the host learns it at once), then each change: active while the
  // person worked in the host, then the warning and the logout, and nothing after.
  const states = await page.evaluate(() => window.states);
  assert.deepEqual(states.filter((s) => s !== 'active'), ['warning', 'logged-out']);
  assert.ok(states.indexOf('active') < states.indexOf('warning'), `active only before the warning: ${states}`);
  await until('one revoke reaches the server', () => tokenStats(user), (s) => s.revokes === 1);
  t.note(`SDK error events in the frame: ${JSON.stringify((await client(frame)).errors)}`);
}

/**
 * The host page (no heartbeats: keys pressed there would be activity) with a 320 × 300 client frame showing the
 * built-in UI, and helpers to press keys and see where focus is: the host's element id, or the frame's focused
 * control's text (`body` when focus is on the frame's page itself).
 */
async function openUiFrame(t, user) {
  const page = await t.page();
  const config = { user, allowed: [A()], ui: true, timeoutMs: 30 * SEC, warnMs: 20 * SEC };
  const src = `${B()}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(config))}`;
  const framed = page.waitForFrame((f) => f.url().startsWith(`${B()}/e2e/frames-client.html`));
  await page.goto(`${A()}/e2e/frames-host.html?${new URLSearchParams({ client: src, target: B(), connect: '0', size: '320x300' })}`);
  const frame = await framed;
  await until('the client frame is ready', () => frame.evaluate(() => window.ready === true).catch(() => false), Boolean);
  const press = async (key) => {
    const shift = key.startsWith('Shift+');
    if (shift) await page.keyboard.down('Shift');
    await page.keyboard.press(shift ? key.slice(6) : key);
    if (shift) await page.keyboard.up('Shift');
  };
  const focus = async () => {
    const inFrame = await frame.evaluate(() => {
      if (!document.hasFocus()) return null;
      const a = document.activeElement;
      const inner = a?.shadowRoot?.activeElement ?? a;
      return inner === document.body ? 'body' : inner?.textContent?.trim();
    });
    return inFrame ?? (await page.evaluate(() => `#${document.activeElement?.id}`));
  };
  /** Presses each key, then checks where focus went. */
  const walk = async (steps) => {
    for (const [key, want] of steps) {
      await press(key);
      await until(`${key} focuses ${want}`, focus, (f) => f === want, 2 * SEC);
    }
  };
  return { page, frame, press, focus, walk };
}

/** Each of the dialog's buttons and its countdown lie inside the frame's viewport, and the dialog needs no scrolling. */
const fitsFrame = (frame) =>
  frame.evaluate(() => {
    const d = document.querySelector('idle-logout-ui').shadowRoot.querySelector('dialog');
    const out = [...d.querySelectorAll('button, b')].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth;
    });
    return { outside: out.map((e) => e.textContent), overflow: d.scrollHeight - d.clientHeight, size: `${innerWidth}x${innerHeight}` };
  });

export const tests = [
  {
    name: '2. embedded frame (cross-site, storage partitioned): host input keeps it alive; without heartbeats it warns and logs out; the host hears its state',
    async fn(t) {
      await heartbeatsThenQuiet(t, 'ff-frame', 2 * TIMEOUT, (storage) => t.note(`cross-site frame storage in Firefox as shipped: ${JSON.stringify(storage)}`));
    },
  },
  {
    name: '5. storage-less frame (third-party storage blocked, it throws): heartbeats, warning and logout still work on memory',
    profile: 'strict',
    async fn(t) {
      await heartbeatsThenQuiet(t, 'ff-frame-blocked', 1.5 * TIMEOUT, (storage) => {
        t.note(`cross-site frame storage with third-party cookies blocked: ${JSON.stringify(storage)}`);
        assert.ok(Object.values(storage).every((v) => v !== 'ok'), `the premise: every storage API throws in the frame (${JSON.stringify(storage)})`);
      });
    },
  },
  {
    name: '6. a frame warning is one Tab away from the host, "Stay signed in" first; the non-modal warning and notice fit a 320 × 300 frame and never trap focus',
    async fn(t) {
      const { page, frame, press, focus, walk } = await openUiFrame(t, uniqueUser('ff-frame-focus'));
      await page.click('#draft');
      await until('the frame warns', () => client(frame), (c) => c.events.includes('warning'), 15 * SEC);
      assert.deepEqual(await fitsFrame(frame), { outside: [], overflow: 0, size: '320x300' });
      assert.equal(await focus(), '#draft', 'the warning took no focus from the host page');
      // One Tab from the host: "Stay signed in"; Shift+Tab back to the host; Tab past the dialog to the client's own button.
      await walk([['Tab', 'Stay signed in'], ['Shift+Tab', '#draft'], ['Tab', 'Stay signed in'], ['Tab', 'Sign out now'], ['Tab', 'Open ticket']]);
      assert.deepEqual((await client(frame)).events, ['warning'], 'keys aimed at the dialog are not activity');

      await page.click('#draft');
      await until('the frame logs out', () => client(frame), (c) => c.events.includes('logout:idle'), 25 * SEC);
      assert.deepEqual(await fitsFrame(frame), { outside: [], overflow: 0, size: '320x300' });
      assert.equal(await focus(), '#draft');
      await walk([['Tab', 'Sign in again'], ['Tab', 'Open ticket'], ['Shift+Tab', 'Sign in again'], ['Shift+Tab', '#draft'], ['Tab', 'Sign in again']]);
      await press('Escape');
      await until('Esc leaves the notice', focus, (f) => f === 'body', 2 * SEC);
    },
  },
];
