import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { B, resetStats, setTimeoutSeconds, signIn, stats } from './support/server';
import { storedRecords as storedInPage } from './support/stored-records.mjs';
import { AHEAD, pass } from './support/tabs';

// Tab sync at start-up (issue 20 item 3): an app creates the instance and calls its API at once, before tab sync has
// read the shared record (e2e/pages/sync-start.html). Such a request is held until the record is read (at most
// ~300 ms), then sent as activity, or refused if the token is already dead; a tab that made no request takes the
// stored last activity as it is. Several pages of one context; `context.clock` moves them (and the server) together.

const MIN = 60_000;
const TIMEOUT = 15 * MIN;

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), TIMEOUT / 1000);
  await resetStats();
});

async function open(context: BrowserContext, token: string, query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${B()}/e2e/sync-start.html?${query}#${token}`);
  return page;
}
const deadline = (page: Page) => page.evaluate(() => window.deadline());
/** How many sessions tab sync has stored in the origin's IndexedDB. */
const storedRecords = (page: Page) => page.evaluate(storedInPage);
const boot = (page: Page) => page.evaluate(() => window.boot);

test('a tab reloaded past the deadline sends nothing with the dead token but the revoke', async ({ context }) => {
  const token = await signIn('start-dead');
  await context.clock.install();
  const page = await open(context, token, 'boot=1');
  expect(await boot(page)).toBe(200);
  // The person works a moment (the tab stores the session's state), leaves the app, and comes back 16 minutes later.
  await expect.poll(() => storedRecords(page)).toBe(1);
  await page.goto(`${B()}/e2e/frames-sibling.html`);
  await pass(context, TIMEOUT + MIN);
  await resetStats();
  await page.goto(`${B()}/e2e/sync-start.html?boot=1#${token}`);
  // The boot call was held until the record was read, then refused: the token was dead.
  expect(await boot(page)).toBe('TokenLoggedOutError');
  await expect.poll(() => page.evaluate(() => window.events)).toEqual(['logout:idle']);
  await expect.poll(async () => (await stats()).revokes).toBe(1);
  await new Promise((r) => setTimeout(r, 300));
  const s = await stats();
  // One request reached the server with the token: the revoke.
  expect([s.requests, s.revokes]).toEqual([1, 1]);
});

test('a request made at boot, before tab sync read the shared record, moves the shared deadline in every tab', async ({ context }) => {
  const token = await signIn('start-boot');
  await context.clock.install();
  const a = await open(context, token);
  await expect.poll(() => deadline(a)).toBeGreaterThan(0);
  await pass(context, 5 * MIN);
  const b = await open(context, token, 'boot=1');
  expect(await boot(b)).toBe(200);
  const at = await b.evaluate(() => window.bootAt!);
  // The call counted from when it was let go (the record read: a few ms after it was made).
  await expect.poll(() => deadline(a)).toBeGreaterThanOrEqual(at + TIMEOUT - AHEAD);
  expect(await deadline(a)).toBeLessThan(at + TIMEOUT - AHEAD + 1000);
  expect(Math.abs((await deadline(a)) - (await deadline(b)))).toBeLessThanOrEqual(5);
});

test('a tab that has made no request of its own adopts the stored last activity exactly', async ({ context }) => {
  const token = await signIn('start-adopt');
  await context.clock.install();
  const a = await open(context, token, 'boot=1');
  expect(await boot(a)).toBe(200);
  await pass(context, 3 * MIN);
  const first = await deadline(a);
  const b = await open(context, token);
  await expect.poll(async () => Math.abs((await deadline(b)) - first)).toBeLessThanOrEqual(5);
  // Its own start moved nobody's deadline.
  expect(Math.abs((await deadline(a)) - first)).toBeLessThanOrEqual(5);
  await b.reload();
  await expect.poll(async () => Math.abs((await deadline(b)) - first)).toBeLessThanOrEqual(5);
});

declare global {
  interface Window {
    events: string[];
    deadline(): number;
    bootAt?: number;
    boot?: Promise<number | string>;
  }
}
