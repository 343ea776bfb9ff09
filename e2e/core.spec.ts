import { expect, test } from '@playwright/test';
import { advanceServer, B, resetStats, setTimeoutSeconds, signIn, stats } from './support/server';

const MIN = 60_000;

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

/** Moves the page's clock and the server's clock together, in steps, firing the page's timers. */
async function pass(page: import('@playwright/test').Page, ms: number, step = MIN) {
  for (let done = 0; done < ms; done += step) {
    await advanceServer(step);
    await page.clock.runFor(step);
  }
}

test('a page that stays idle is logged out and its revoke reaches the server', async ({ page }) => {
  const token = await signIn('alice');
  await page.clock.install();
  await page.goto(`${B()}/e2e/core.html#${token}`);
  expect(await page.evaluate(() => window.callApi())).toBe(200);

  await pass(page, 14 * MIN);
  expect(await page.evaluate(() => [window.idle.state, window.events])).toEqual(['warning', ['warning']]);
  await pass(page, MIN);
  expect(await page.evaluate(() => [window.idle.state, window.events])).toEqual(['logged-out', ['warning', 'logout:idle']]);

  await expect.poll(async () => (await stats()).revokes).toBe(1);
  // The SDK refuses to send the dead token at all: the server never sees it again.
  const before = (await stats()).requests;
  expect(await page.evaluate(() => window.callApi())).toBe('TokenLoggedOutError');
  expect((await stats()).requests).toBe(before);
});

test('a page that keeps calling the API is not logged out, nor is its token on the server', async ({ page }) => {
  const token = await signIn('bob');
  await page.clock.install();
  await page.goto(`${B()}/e2e/core.html#${token}`);
  for (let i = 0; i < 6; i++) {
    expect(await page.evaluate(() => window.callApi())).toBe(200);
    await pass(page, 10 * MIN);
  }
  expect(await page.evaluate(() => [window.idle.state, window.events])).toEqual(['active', []]);
  expect(await page.evaluate(() => window.callApi())).toBe(200);
  expect((await stats()).revokes).toBe(0);
});

test('the server enforces the same timeout: a 401 logs the page out with reason revoked', async ({ page }) => {
  const token = await signIn('carol');
  await page.clock.install();
  await page.goto(`${B()}/e2e/core.html#${token}`);
  // Only the server's clock moves: the page still believes the token alive, the server has dropped it.
  await advanceServer(16 * MIN);
  expect(await page.evaluate(() => window.callApi())).toBe(401);
  await expect.poll(() => page.evaluate(() => window.events)).toEqual(['logout:revoked']);
  expect((await stats()).revokes).toBe(0);
});

declare global {
  interface Window {
    events: string[];
    callApi(): Promise<number | string>;
  }
}
