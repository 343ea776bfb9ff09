import { expect, test, type Frame, type Locator, type Page } from '@playwright/test';
import { A, advanceServer, B, resetStats, setServerClock, setTimeoutSeconds, signIn, stats, touch } from './support/server';

// Two sites: the host page on http://localhost:PORT, the embedded client on http://127.0.0.1:PORT (its API
// is the same-origin reference server, which enforces a 60 s idle timeout here). A third origin for hostile
// pages: http://[::1]:PORT (the server listens on IPv6 loopback too).
const SEC = 1000;
const TIMEOUT = 60 * SEC;
const KEEPALIVE = 15 * SEC;
const C = () => `http://[::1]:${process.env.E2E_PORT}`;

interface ClientConfig {
  user: string;
  allowed: string[];
  keepaliveMs?: number;
  serverClock?: boolean;
  ui?: boolean;
  /** The timeout from the server (`timeoutFrom`), as the demo does: 10 s (provisional) until it answers. */
  fromServer?: boolean;
}
interface Open {
  host?: string; // the host page's origin
  page?: 'frames-host.html' | 'frames-host-iife.html';
  connect?: boolean;
  /** The frame's size in CSS px, e.g. '320x300' (default 320x200). */
  size?: string;
  client: ClientConfig;
}

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), TIMEOUT / SEC);
  await resetStats();
  // The server's clock an hour ahead of the browser's: the client must correct the skew to read the server's clock.
  await setServerClock(Date.now() + 3600 * SEC);
});

async function open(page: Page, { host = A(), page: file = 'frames-host.html', connect = true, size = '320x200', client }: Open): Promise<Frame> {
  await page.clock.install();
  const src = `${B()}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(client))}`;
  const query = new URLSearchParams({ client: src, target: B(), interval: String(2 * SEC), connect: connect ? '1' : '0', size });
  await page.goto(`${host}/e2e/${file}?${query}`);
  let frame: Frame | null = null;
  await expect.poll(async () => (frame = page.frame({ name: 'client' })) !== null && (await frame.evaluate(() => window.ready === true).catch(() => false))).toBe(true);
  return frame!;
}

/** Moves both clocks by `ms` in steps; `work` moves the mouse in the host page (not over the frame) each step. */
async function pass(page: Page, ms: number, { step = 2 * SEC, work = false, each }: { step?: number; work?: boolean; each?: (t: number) => Promise<unknown> } = {}) {
  for (let t = 0; t < ms; t += step) {
    if (work) await page.mouse.move(20 + ((t / step) % 2) * 40, 30);
    await each?.(t);
    await advanceServer(step);
    await page.clock.runFor(step);
    // Fake time jumps in microseconds; the frame's requests (server-clock reads, keepalives) take real ones.
    await expect.poll(() => page.frame({ name: 'client' })?.evaluate(() => window.inflight) ?? 0).toBe(0);
  }
}

const client = (frame: Frame) => frame.evaluate(() => ({ state: window.idle.state, events: window.events, rejects: window.rejects, moves: window.moves }));
const tokenStats = async (user: string) => Object.values((await stats()).perToken).find((t) => t.user === user);

test('1. working only in the host page keeps the frame signed in; keepalives at the configured rate, no more', async ({ page }) => {
  const frame = await open(page, { client: { user: 'frame1', allowed: [A()], keepaliveMs: KEEPALIVE } });
  const WORK = 3 * TIMEOUT;
  await pass(page, WORK, { work: true });
  const c = await client(frame);
  expect(c.state).toBe('active');
  expect(c.events).toEqual([]);
  expect(c.moves).toBeGreaterThan(WORK / (3 * SEC));
  const s = await tokenStats('frame1');
  // One per interval: 180 s / 15 s = 12; the first is due 15 s after sign-in.
  expect(s?.keepalives).toBeGreaterThanOrEqual(WORK / KEEPALIVE - 1);
  expect(s?.keepalives).toBeLessThanOrEqual(WORK / KEEPALIVE);
  expect(s?.unauthorized).toBe(0);
});

test('2. the host stops: the frame warns, tells the host, logs out; the host sees both', async ({ page }) => {
  const frame = await open(page, { client: { user: 'frame2', allowed: [A()], keepaliveMs: KEEPALIVE } });
  await pass(page, TIMEOUT, { work: true });
  expect((await client(frame)).state).toBe('active');
  await pass(page, TIMEOUT - 20 * SEC);
  await expect.poll(() => client(frame)).toMatchObject({ state: 'warning', events: ['warning'] });
  await expect.poll(() => page.evaluate(() => window.states)).toEqual(['active', 'warning']);
  await pass(page, 22 * SEC);
  await expect.poll(() => client(frame)).toMatchObject({ state: 'logged-out', events: ['warning', 'logout:idle'] });
  await expect.poll(() => page.evaluate(() => window.states)).toEqual(['active', 'warning', 'logged-out']);
  await expect.poll(async () => (await tokenStats('frame2'))?.revokes).toBe(1);
});

/** Hostile senders, each tried for longer than the timeout: none may keep the client alive. */
const hostile: Array<{ name: string; host?: () => string; connect?: boolean; reason: string; send?: (page: Page) => Promise<unknown> }> = [
  // A third-origin page frames the client and runs connectHeartbeat with real mouse activity.
  { name: 'a third-origin page framing the client, well-formed heartbeats', host: C, reason: 'origin' },
  {
    name: "a third-origin parent posting to '*'",
    host: C,
    connect: false,
    reason: 'origin',
    send: (page) => page.evaluate(() => window.frames[0].postMessage({ type: 'idle-logout:heartbeat', v: 1 }, '*')),
  },
  {
    name: 'a sibling frame of the allowed origin',
    connect: false,
    reason: 'source',
    send: (page) => sibling(page, A(), (hb) => parent.frames[0].postMessage(hb, '*')),
  },
  {
    name: "a sibling frame of an unlisted origin posting to '*'",
    connect: false,
    reason: 'origin',
    send: (page) => sibling(page, C(), (hb) => parent.frames[0].postMessage(hb, '*')),
  },
  ...(
    [
      ['a JSON string', 'shape', '"{\\"type\\":\\"idle-logout:heartbeat\\",\\"v\\":1}"'],
      ['another version', 'version', '{ type: "idle-logout:heartbeat", v: 2 }'],
      ['no version', 'version', '{ type: "idle-logout:heartbeat" }'],
      ['an oversized payload (1 MB)', 'size', '{ type: "idle-logout:heartbeat", v: 1, pad: "x".repeat(1 << 20) }'],
      ['a nested object', 'size', '{ type: "idle-logout:heartbeat", v: 1, then: { toString: "alert(1)" } }'],
      ['an array', 'shape', '["idle-logout:heartbeat", 1]'],
      ['null', 'shape', 'null'],
      ['a Blob', 'shape', 'new Blob(["idle-logout:heartbeat"])'],
    ] as const
  ).map(([what, reason, payload]) => ({
    name: `the allowed parent posting ${what}`,
    connect: false,
    reason,
    send: (page: Page) => page.evaluate((p) => window.frames[0].postMessage(new Function(`return ${p}`)(), '*'), payload),
  })),
];

async function sibling(page: Page, origin: string, post: (hb: unknown) => void) {
  const name = `sibling-${origin.replace(/\W/g, '')}`;
  if (!page.frame({ name })) {
    await page.evaluate(([src, n]) => {
      const f = document.createElement('iframe');
      f.name = n;
      f.src = src;
      document.body.append(f);
      return new Promise((resolve) => f.addEventListener('load', resolve));
    }, [`${origin}/e2e/frames-sibling.html`, name]);
  }
  await page.frame({ name })!.evaluate(post, { type: 'idle-logout:heartbeat', v: 1 });
}

for (const [i, h] of hostile.entries()) {
  test(`3.${i + 1} cannot keep the client alive: ${h.name}`, async ({ page }) => {
    const user = `hostile${i}`;
    const frame = await open(page, { host: h.host?.(), connect: h.connect, client: { user, allowed: [A()], keepaliveMs: KEEPALIVE } });
    await pass(page, TIMEOUT + 2 * SEC, { work: true, each: async () => h.send?.(page) });
    const c = await client(frame);
    expect(c.moves).toBe(0);
    expect(c.state).toBe('logged-out');
    expect(c.events).toEqual(['warning', 'logout:idle']);
    expect(c.rejects.map((r: string) => r.split(' ')[0])).toContain(h.reason);
    expect((await tokenStats(user))?.keepalives ?? 0).toBe(0);
  });
}

test('4. a token kept alive by API calls elsewhere: the frame reads the server clock and stays signed in', async ({ page }) => {
  const frame = await open(page, { connect: false, client: { user: 'frame4', allowed: [A()], serverClock: true } });
  const token = await frame.evaluate(() => window.token);
  // Another tab with the same token calls the API every 10 s; nothing happens in the host or the frame.
  await pass(page, 3 * TIMEOUT, { each: async (t) => t % (10 * SEC) === 0 && touch(token) });
  let c = await client(frame);
  expect(c.state).toBe('active');
  expect(c.events).toEqual([]); // not even a warning
  // The other tab stops: the frame warns and logs out on the server's schedule.
  await pass(page, TIMEOUT + 2 * SEC);
  c = await client(frame);
  expect(c.state).toBe('logged-out');
  expect(c.events.slice(0, 1)).toEqual(['warning']);
  const s = await tokenStats('frame4');
  // The reads do not reset the server's timer, and they are occasional, not a poll: at most one per 10 s of
  // simulated time (the other tab's own rate), where one per second would be ~240.
  const simulated = 3 * TIMEOUT + TIMEOUT + 2 * SEC;
  expect(s?.requests).toBeLessThanOrEqual(simulated / (10 * SEC));
});

test('5. script tag: the host page loads only the IIFE and calls IdleLogout.connectHeartbeat', async ({ page }) => {
  const frame = await open(page, { page: 'frames-host-iife.html', client: { user: 'frame5', allowed: [A()], keepaliveMs: KEEPALIVE } });
  const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src.replace(location.origin, '')).filter(Boolean));
  expect(scripts).toEqual(['/dist/idle-logout.iife.js', '/e2e/frames-host.js']);
  await pass(page, 2 * TIMEOUT, { work: true });
  expect(await client(frame)).toMatchObject({ state: 'active', events: [] });
  await pass(page, TIMEOUT + 2 * SEC);
  await expect.poll(() => page.evaluate(() => window.states)).toEqual(['active', 'warning', 'logged-out']);
});

test('6. the host hears the frame state at once: when the frame starts, and when the host connects later', async ({ page }) => {
  const frame = await open(page, { connect: false, client: { user: 'frame6', allowed: [A()] } });
  await pass(page, TIMEOUT - 20 * SEC);
  await expect.poll(() => client(frame)).toMatchObject({ state: 'warning', events: ['warning'] });
  // Heartbeats were off; the host connects now, in the middle of the warning: no change needed to hear it.
  await page.evaluate(() => window.connectNow());
  await expect.poll(() => page.evaluate(() => window.states)).toEqual(['warning']);
  // Asking is not the person's activity: the frame still warns.
  expect((await client(frame)).state).toBe('warning');
});

test('7. a frame warning never takes focus from the host page the person types in; it is announced instead', async ({ page }) => {
  const frame = await open(page, { connect: false, client: { user: 'frame7', allowed: [A()], ui: true } });
  const draft = page.getByLabel('Draft');
  await draft.click();
  await page.keyboard.type('Dear customer');
  await pass(page, TIMEOUT - 20 * SEC);
  await expect.poll(() => client(frame)).toMatchObject({ state: 'warning', events: ['warning'] });
  await expect(frame.getByRole('dialog', { name: 'You’re about to be signed out' })).toBeVisible();
  // Focus stays in the host page's textarea; the next keys go there, not into the frame.
  await expect(draft).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('draft');
  await page.keyboard.type(',');
  await expect(draft).toHaveValue('Dear customer,');
  expect((await client(frame)).state).toBe('warning');
  // Not focused, nothing read the dialog when it opened: its live region speaks on the next tick.
  await pass(page, 2 * SEC);
  await expect(frame.locator('idle-logout-ui [aria-live="polite"]')).toContainText('we will sign you out in');
});

const WARNING = 'You’re about to be signed out';
const SIGNED_OUT = 'You have been signed out';
const shot = (name: string) => `e2e/screenshots/${name}.png`;

/** Each part's box (Playwright's, in page coordinates) lies inside `area`'s box: nothing cut off, nothing to scroll to. */
async function expectInside(area: Locator, parts: Locator[]) {
  const outer = (await area.boundingBox())!;
  for (const part of parts) {
    const box = (await part.boundingBox())!;
    const where = `${await part.evaluate((e) => e.textContent)} at ${JSON.stringify(box)} in ${JSON.stringify(outer)}`;
    expect(box.x, where).toBeGreaterThanOrEqual(outer.x);
    expect(box.y, where).toBeGreaterThanOrEqual(outer.y);
    expect(box.x + box.width, where).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
    expect(box.y + box.height, where).toBeLessThanOrEqual(outer.y + outer.height + 0.5);
  }
}

/** The dialog needs no scrolling: its content fits it, and the frame's page is not scrolled to show it. */
const fits = (frame: Frame) =>
  frame.evaluate(() => {
    const d = document.querySelector('idle-logout-ui')!.shadowRoot!.querySelector('dialog')!;
    return { overflow: d.scrollHeight - d.clientHeight, scrolled: scrollY };
  });

for (const size of ['320x300', '400x400']) {
  test(`8. in a ${size} frame without focus, the warning and the signed-out notice fit: time and buttons in view, nothing cut off`, async ({ page }) => {
    const frame = await open(page, { connect: false, size, client: { user: `frame8-${size}`, allowed: [A()], ui: true } });
    const iframe = page.locator('iframe[name="client"]');
    await pass(page, TIMEOUT - 20 * SEC);
    const warning = frame.getByRole('dialog', { name: WARNING });
    await expect(warning).toBeVisible();
    // The countdown is the dialog's one <b>; the buttons and the whole dialog in the frame's viewport.
    await expectInside(iframe, [warning, warning.locator('b'), warning.getByRole('button', { name: 'Stay signed in' }), warning.getByRole('button', { name: 'Sign out now' })]);
    await expect(warning.locator('b')).toHaveText(/^\d+ seconds$/);
    await iframe.screenshot({ path: shot(`frame-${size}-warning`) });
    if (size === '400x400') await page.screenshot({ path: shot('frame-host-warning-full'), fullPage: true });
    expect(await fits(frame)).toEqual({ overflow: 0, scrolled: 0 });
    await pass(page, 22 * SEC);
    const notice = frame.getByRole('dialog', { name: SIGNED_OUT });
    await expect(notice).toContainText('You were signed out after 1 minute of inactivity.');
    await expectInside(iframe, [notice, notice.getByRole('button', { name: 'Sign in again' })]);
    await iframe.screenshot({ path: shot(`frame-${size}-signed-out`) });
    expect(await fits(frame)).toEqual({ overflow: 0, scrolled: 0 });
  });
}

test('8.1 the demo: in the CRM host page\'s 400-px client frame the warning and the notice are in view (full-page screenshot)', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/host.html`);
  const frame = page.frameLocator('#client');
  const iframe = page.locator('#client');
  await frame.getByLabel('Name').fill('frame8-demo');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.locator('#state')).toHaveText('active');
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  // Heartbeats off: the frame warns while the person is in the host page (non-modal, unfocused).
  await page.getByLabel(/Send heartbeats/).uncheck();
  const warning = frame.getByRole('dialog', { name: WARNING });
  for (let t = 0; t < 60 * SEC && !(await warning.isVisible()); t += SEC) await pass(page, SEC, { step: SEC });
  await expect(warning).toBeVisible();
  await expectInside(iframe, [warning, warning.locator('b'), warning.getByRole('button', { name: 'Stay signed in' }), warning.getByRole('button', { name: 'Sign out now' })]);
  await page.screenshot({ path: shot('frame-demo-warning-full'), fullPage: true });
  for (let t = 0; t < 60 * SEC && (await warning.isVisible()); t += SEC) await pass(page, SEC, { step: SEC });
  const notice = frame.getByRole('dialog', { name: SIGNED_OUT });
  await expect(notice).toBeVisible();
  await expectInside(iframe, [notice, notice.getByRole('button', { name: 'Sign in again' })]);
  // A second more, so the pages' own timers (the client's countdown, the host's log) show the logout too.
  await pass(page, SEC, { step: SEC });
  await expect(page.locator('#frame-state')).toHaveText('logged-out');
  await page.screenshot({ path: shot('frame-demo-signed-out-full'), fullPage: true });
});

test('9. a frame warning is one Tab away from the host page, "Stay signed in" first; the non-modal dialogs never trap focus', async ({ page }) => {
  const frame = await open(page, { connect: false, size: '320x300', client: { user: 'frame9', allowed: [A()], ui: true } });
  // The countdown moves only when the test moves it, however long the key presses take.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const draft = page.getByLabel('Draft');
  await draft.click();
  await pass(page, TIMEOUT - 20 * SEC);
  const warning = frame.getByRole('dialog', { name: WARNING });
  await expect(warning).toBeVisible();
  await expect(draft).toBeFocused();
  const stay = warning.getByRole('button', { name: 'Stay signed in' });
  const out = warning.getByRole('button', { name: 'Sign out now' });
  const own = frame.getByRole('button', { name: 'Open ticket' });
  /** Presses each key and checks where focus went. */
  const walk = async (steps: Array<[string, Locator]>) => {
    for (const [key, target] of steps) {
      await page.keyboard.press(key);
      await expect(target).toBeFocused();
    }
  };
  // One Tab from the host page: "Stay signed in", although the client's own button comes first in its page.
  // Shift+Tab goes back to the host; Tab and Shift+Tab move between the buttons without trapping; Esc means "Stay signed in".
  await walk([['Tab', stay], ['Shift+Tab', draft], ['Tab', stay], ['Tab', out], ['Shift+Tab', stay]]);
  expect((await client(frame)).state).toBe('warning');
  await page.keyboard.press('Escape');
  await expect(warning).toBeHidden();
  expect((await client(frame)).state).toBe('active');
  // The next warning: Tab goes on past the dialog to the client's own controls (keys aimed at the dialog are not activity).
  await draft.click();
  await pass(page, TIMEOUT - 20 * SEC);
  await expect(warning).toBeVisible();
  await walk([['Tab', stay], ['Tab', out], ['Tab', own]]);
  expect((await client(frame)).state).toBe('warning');

  // The signed-out notice, opened while the person is in the host page: reachable, and Tab, Shift+Tab, Esc leave it.
  await draft.click();
  await pass(page, 22 * SEC);
  const notice = frame.getByRole('dialog', { name: SIGNED_OUT });
  const again = notice.getByRole('button', { name: 'Sign in again' });
  await expect(notice).toBeVisible();
  await expect(draft).toBeFocused();
  await walk([['Tab', again], ['Tab', own], ['Shift+Tab', again], ['Shift+Tab', draft], ['Tab', again]]);
  await page.keyboard.press('Escape');
  await expect(again).not.toBeFocused();
  expect(await frame.evaluate(() => document.activeElement?.localName)).toBe('body');
  await expect(notice).toBeVisible();
});

/** What the host believes the frame's remaining time is now (its last state message, aged), and the frame's own. */
async function beliefs(page: Page, frame: Frame) {
  const host = await page.evaluate(() => {
    const m = window.told.at(-1);
    return m && { state: m.state, left: m.remainingMs - (Date.now() - m.at) };
  });
  const own = await frame.evaluate(() => ({ state: window.idle.state, left: window.idle.remainingMs() }));
  return { host, frame: own, apart: host ? Math.abs(host.left - own.left) : Infinity };
}

test("10. the host's state messages and the frame agree on the remaining time (±1 s): after timeoutFrom, while working, in the warning", async ({ page }) => {
  // The frame learns its timeout from the server (60 s) after starting on the provisional 10 s.
  const frame = await open(page, { client: { user: 'frame10', allowed: [A()], fromServer: true } });
  await expect.poll(() => frame.evaluate(() => window.idle.remainingMs())).toBeGreaterThan(20 * SEC);
  await expect.poll(async () => (await beliefs(page, frame)).apart).toBeLessThanOrEqual(SEC);
  expect((await beliefs(page, frame)).host?.state).toBe('active');
  // Work in the host moves the frame's deadline (heartbeats) without a new state.
  await pass(page, 20 * SEC);
  await pass(page, 20 * SEC, { work: true });
  await expect.poll(async () => (await beliefs(page, frame)).apart).toBeLessThanOrEqual(SEC);
  // The host stops: the warning.
  await pass(page, 40 * SEC);
  await expect.poll(() => client(frame)).toMatchObject({ state: 'warning' });
  await expect.poll(async () => (await beliefs(page, frame)).apart).toBeLessThanOrEqual(SEC);
  expect((await beliefs(page, frame)).host?.state).toBe('warning');
});

test('10.1 the demo: the CRM host page shows the remaining time the embedded client shows', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/host.html`);
  const frame = page.frameLocator('#client');
  // From here the clock moves only when the test moves it: a log line and the countdown are read at one time.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  await frame.getByLabel('Name').fill('frame10-demo');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.locator('#session')).toBeVisible();
  // The host's "Frame signs out in" says "N s"; the frame's countdown says m:ss (it redraws every 250 ms).
  const said = async () => {
    await page.clock.runFor(250);
    const left = (await page.locator('#frame-left').textContent()) ?? '';
    const [m, ss] = ((await frame.locator('#countdown').textContent()) ?? '').split(':').map(Number);
    return { left, apart: Math.abs(Number(/^(\d+) s$/.exec(left)?.[1]) - (m * 60 + ss)) };
  };
  await expect.poll(async () => (await said()).apart).toBeLessThanOrEqual(1);
  await expect(page.locator('#states li span').first()).toHaveText(/^active, \d+ s left$/);
});

declare global {
  interface Window {
    told: Array<{ state: string; remainingMs: number; at: number }>;
    inflight: number;
    token: string;
    events: string[];
    rejects: string[];
    moves: number;
    states: string[];
    connectNow(): void;
  }
}
