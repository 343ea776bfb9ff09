// Scenarios 2 and 5: an embedded client from http://127.0.0.1 (another site) in a host page on http://localhost,
// kept alive by the host's heartbeats (connectHeartbeat). Scenario 2 in Firefox as shipped (a cross-site frame's
// storage is partitioned), scenario 5 with third-party storage blocked (it throws; the SDK runs on memory).
import assert from 'node:assert/strict';
import { A, SEC, client, openFrame, probeStorage, resetStats, tokenStats, uniqueUser, until, workInHost } from './support.mjs';

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
];
