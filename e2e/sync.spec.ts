import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { advanceServer, B, resetStats, setTimeoutSeconds, signIn, touch } from './support/server';
import { AHEAD, election, events, pass, remaining, revokes, state } from './support/tabs';

// Tab sync: every tab holding a token shares one idle clock (IndexedDB + BroadcastChannel, leader election).
// Several pages of one browser context; `context.clock` moves all their clocks together, the server's in step.

const MIN = 60_000;

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

async function open(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${B()}/e2e/sync.html#${token}`);
  // Ready once its transport has opened the token's channel (and asked for the election's lock).
  await expect.poll(() => page.evaluate(() => window.syncing)).toBe(true);
  return page;
}

test('activity in one tab keeps the others signed in; when it stops, all log out together with one revoke', async ({ context }) => {
  const token = await signIn('alice');
  await context.clock.install();
  const tabs = [await open(context, token), await open(context, token), await open(context, token)];
  const [a] = tabs;

  // 25 minutes of API calls in tab A only: B and C never even warn.
  await pass(context, 25 * MIN, () => a.evaluate(() => window.callApi()));
  expect(await state(tabs)).toEqual(['active', 'active', 'active']);
  expect(await events(tabs)).toEqual([[], [], []]);
  expect(await a.evaluate(() => window.callApi())).toBe(200);
  await expect.poll(() => remaining(tabs[2])).toBeGreaterThan(15 * MIN - AHEAD - 1000);

  // A goes quiet: 14 minutes later all warn, at 15 all log out, at the same instant.
  await pass(context, 14 * MIN);
  expect(await state(tabs)).toEqual(['warning', 'warning', 'warning']);
  // In quarter seconds: Playwright runs one page's timers through a whole step before the next page's, so with
  // minute steps a tab that logs out at its deadline reaches the others while their clocks are still a minute
  // behind (they follow it at once, by their own clock a minute "early"). Small steps keep the clocks together.
  await pass(context, MIN + 2000, undefined, 250);
  expect(await events(tabs)).toEqual(Array(3).fill(['warning', 'logout:idle']));
  const times = await Promise.all(tabs.map((p) => p.evaluate(() => window.times.logout)));
  expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(1000);

  await revokes(1);
});

test('a tab opened (or reloaded) ten minutes into the idle period logs out five minutes later, not fifteen', async ({ context }) => {
  const token = await signIn('bob');
  await context.clock.install();
  const a = await open(context, token);
  await pass(context, 10 * MIN);

  const b = await open(context, token);
  await expect.poll(() => remaining(b)).toBeLessThanOrEqual(5 * MIN);
  expect(await remaining(b)).toBeGreaterThan(4 * MIN);
  // A reload reads the shared state back too (here with B still open, and alone below).
  await a.reload();
  await expect.poll(() => remaining(a)).toBeLessThanOrEqual(5 * MIN);
  await b.close();
  await a.reload();
  await expect.poll(() => remaining(a)).toBeLessThanOrEqual(5 * MIN);
  const c = await open(context, token);
  await expect.poll(() => remaining(c)).toBeLessThanOrEqual(5 * MIN);

  await pass(context, 4 * MIN);
  expect(await state([a, c])).toEqual(['warning', 'warning']);
  await pass(context, MIN);
  expect(await events([a, c])).toEqual(Array(2).fill(['warning', 'logout:idle']));
  await revokes(1);
});

/** Its renderer dies: no pagehide, no last message. */
async function crash(context: BrowserContext, page: Page) {
  (await context.newCDPSession(page)).send('Page.crash').catch(() => {});
  await expect.poll(() => page.evaluate(() => 1).catch(() => 'crashed')).toBe('crashed');
  // A crashed page would fail context.clock.runFor.
  await page.close();
}

for (const how of ['closing', 'crashing'] as const) {
  test(`${how} the acting tab mid-countdown: the others still log out on time, with exactly one revoke`, async ({ context }) => {
    const token = await signIn(`carol-${how}`);
    await context.clock.install();
    const a = await open(context, token);
    await expect.poll(() => election(a)).toEqual([1, 0]); // A is elected
    const b = await open(context, token);
    const c = await open(context, token);

    await pass(context, 7 * MIN);
    if (how === 'closing') await a.close();
    else await crash(context, a);
    // Another tab takes over at once (the election's Web Lock is freed with the tab).
    expect(await election(b)).toEqual([1, 1]);
    await pass(context, 7 * MIN);
    expect(await state([b, c])).toEqual(['warning', 'warning']);
    await pass(context, MIN);
    expect(await events([b, c])).toEqual(Array(2).fill(['warning', 'logout:idle']));
    await revokes(1);
  });
}

test('the warning shows in every tab and extend() in any one clears it in all; a 401 logs every tab out', async ({ context }) => {
  const token = await signIn('ivan');
  await context.clock.install();
  const tabs = [await open(context, token), await open(context, token), await open(context, token)];
  await pass(context, 14 * MIN);
  expect(await state(tabs)).toEqual(['warning', 'warning', 'warning']);
  await tabs[1].evaluate(() => window.idle.extend());
  await expect.poll(() => state(tabs)).toEqual(['active', 'active', 'active']);
  expect(await events(tabs)).toEqual(Array(3).fill(['warning', 'active']));

  // The server drops the token (as after its own timeout): the tab that hears the 401 tells the others.
  await advanceServer(16 * MIN);
  expect(await tabs[2].evaluate(() => window.callApi())).toBe(401);
  await expect.poll(() => events(tabs)).toEqual(Array(3).fill(['warning', 'active', 'logout:revoked']));
  await revokes(0);
});

test('two tokens in two sets of tabs: logging one out leaves the other untouched', async ({ context }) => {
  const [t1, t2] = [await signIn('dave'), await signIn('erin')];
  await context.clock.install();
  const one = [await open(context, t1), await open(context, t1)];
  const two = [await open(context, t2), await open(context, t2)];
  await pass(context, 2 * MIN);

  await one[1].evaluate(() => window.idle.logout());
  await expect.poll(() => state(one)).toEqual(['logged-out', 'logged-out']);
  expect(await events(one)).toEqual([['logout:manual'], ['logout:manual']]);
  // The logged-out tabs no longer send that token; the other token's tabs carry on.
  expect(await one[0].evaluate(() => window.callApi())).toBe('TokenLoggedOutError');
  expect(await state(two)).toEqual(['active', 'active']);
  expect(await events(two)).toEqual([[], []]);
  expect(await two[0].evaluate(() => window.callApi())).toBe(200);
  await revokes(1);

  // The other token keeps its own clock: activity in it, then 15 quiet minutes.
  await pass(context, 14 * MIN);
  expect(await state(two)).toEqual(['warning', 'warning']);
  await pass(context, MIN);
  expect(await events(two)).toEqual(Array(2).fill(['warning', 'logout:idle']));
  await revokes(2);
});

test('a hold in tab B keeps every tab alive; closing tab B releases it', async ({ context }) => {
  const token = await signIn('frank');
  await context.clock.install();
  const [a, b, c] = [await open(context, token), await open(context, token), await open(context, token)];
  await b.evaluate(() => void window.idle.hold('call'));
  await expect.poll(() => state([a, b, c])).toEqual(['held', 'held', 'held']);

  // 40 minutes on a call (the server kept alive as a keepalive would).
  await pass(context, 40 * MIN, () => touch(token));
  expect(await state([a, b, c])).toEqual(['held', 'held', 'held']);
  expect(await events([a, c])).toEqual([[], []]);

  await b.close();
  await expect.poll(() => state([a, c])).toEqual(['active', 'active']);
  // The countdown restarts when the hold ends.
  await pass(context, 14 * MIN, () => touch(token));
  expect(await state([a, c])).toEqual(['warning', 'warning']);
  await pass(context, MIN);
  expect(await state([a, c])).toEqual(['logged-out', 'logged-out']);
});

test('a hold of a tab that crashed lapses with its lease', async ({ context }) => {
  const token = await signIn('grace');
  await context.clock.install();
  const [a, b] = [await open(context, token), await open(context, token)];
  await b.evaluate(() => void window.idle.hold('call'));
  await expect.poll(() => state([a, b])).toEqual(['held', 'held']);
  // B's renderer dies: no pagehide, no message. A drops the hold once its lease (3 min) has run out.
  await crash(context, b);
  await pass(context, 2.5 * MIN, () => touch(token), MIN / 2);
  expect(await state([a])).toEqual(['held']);
  await pass(context, 1.5 * MIN, () => touch(token), MIN / 2);
  expect(await state([a])).toEqual(['active']);
  await pass(context, 15 * MIN);
  expect(await a.evaluate(() => window.events)).toEqual(['active', 'warning', 'logout:idle']);
});

test('IndexedDB unavailable in one page: the SDK still syncs there over messages and reports it once', async ({ context }) => {
  const token = await signIn('heidi');
  await context.clock.install();
  const a = await open(context, token);
  const page = await context.newPage();
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'UnknownError');
    };
  });
  await page.goto(`${B()}/e2e/sync.html#${token}`);
  await expect.poll(() => page.evaluate(() => window.events)).toEqual(['error:storage']);

  // Activity in A keeps the IndexedDB-less page alive, and its own activity counts for A.
  await pass(context, 20 * MIN, () => a.evaluate(() => window.callApi()));
  expect(await state([a, page])).toEqual(['active', 'active']);
  await pass(context, 20 * MIN, () => page.evaluate(() => window.callApi()));
  expect(await state([a, page])).toEqual(['active', 'active']);
  await page.evaluate(() => window.idle.logout());
  await expect.poll(() => state([a, page])).toEqual(['logged-out', 'logged-out']);
  expect(await page.evaluate(() => window.events)).toEqual(['error:storage', 'logout:manual']);
  expect(await a.evaluate(() => window.events)).toEqual(['logout:manual']);
  await revokes(1);
});

declare global {
  interface Window {
    events: string[];
    times: Record<string, number>;
    syncing?: boolean;
    callApi(): Promise<number | string>;
  }
}
