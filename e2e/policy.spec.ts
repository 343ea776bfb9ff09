import { expect, test } from '@playwright/test';
import { advanceServer, B, resetStats, signIn, stats } from './support/server';

const MIN = 60_000;
/** The org default is 15 minutes; people in the `monitoring` group (the demo's `supervisor`) get an hour. */
const MONITORING_HOUR = {
  enableIdleTokenTimeout: true,
  idleTokenTimeoutSeconds: 900,
  inactivityTimeoutGroupsEnabled: true,
  inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'] }],
};

async function putTimeout(body: object) {
  const admin = await signIn('admin');
  const r = await fetch(`${B()}/api/v2/tokens/timeout`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

/** Moves the page's clock and the server's clock together, in steps, firing the page's timers. */
async function pass(page: import('@playwright/test').Page, ms: number, step = MIN) {
  for (let done = 0; done < ms; done += step) {
    await advanceServer(step);
    await page.clock.runFor(step);
  }
}

test.afterEach(async () => {
  // Back to the org default the other specs expect, without bundles.
  await putTimeout({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 900, inactivityTimeoutGroupsEnabled: false });
});

test('a supervisor in a 60-minute bundle is neither warned nor signed out at the 15-minute org default; at 60 minutes both page and server end it', async ({ page }) => {
  await putTimeout(MONITORING_HOUR);
  await resetStats();
  const token = await signIn('supervisor');
  await page.clock.install();
  await page.goto(`${B()}/e2e/groups.html#${token}`);
  await expect.poll(() => page.evaluate(() => window.idle.remainingMs())).toBeGreaterThan(55 * MIN);

  await pass(page, 16 * MIN);
  expect(await page.evaluate(() => [window.idle.state, window.events])).toEqual(['active', []]);
  // The server agrees: its own enforcement uses the person's bundle.
  expect(await page.evaluate(() => window.callApi())).toBe(200);

  await pass(page, 60 * MIN);
  expect(await page.evaluate(() => window.events)).toEqual(['warning', 'logout:idle']);
  await expect.poll(async () => (await stats()).revokes).toBe(1);
});

test('an agent in no bundle keeps the org default', async ({ page }) => {
  await putTimeout(MONITORING_HOUR);
  const token = await signIn('alice');
  await page.clock.install();
  await page.goto(`${B()}/e2e/groups.html#${token}`);
  await expect.poll(() => page.evaluate(() => window.idle.remainingMs())).toBeGreaterThan(14 * MIN);
  await pass(page, 15 * MIN);
  expect(await page.evaluate(() => window.events)).toEqual(['warning', 'logout:idle']);
});

test('idle gates renewal: a silent renewal goes ahead while the person is active, not once warned; a renewed token keeps the clock', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${B()}/e2e/renew.html#session-a.1`);
  await page.clock.runFor(5 * MIN);
  // Renewed while active: the same sign-in, so the clock carries over (10 minutes left, not 15).
  expect(await page.evaluate(() => window.renewSilently())).toBe(true);
  const left = await page.evaluate(() => window.idle.remainingMs());
  expect(left).toBeLessThanOrEqual(10 * MIN);
  expect(left).toBeGreaterThan(10 * MIN - 1000);
  await page.clock.runFor(9 * MIN + 1000);
  expect(await page.evaluate(() => window.idle.state)).toBe('warning');
  // Idle into the warning: no renewal, so the idle timeout bites.
  expect(await page.evaluate(() => window.renewSilently())).toBe(false);
  // A new sign-in (another session) starts a fresh clock.
  await page.evaluate(() => (window.token = 'session-b.1'));
  expect(await page.evaluate(() => window.idle.remainingMs())).toBeGreaterThan(15 * MIN - 1000);
});

declare global {
  interface Window {
    events: string[];
    token: string;
    callApi(): Promise<number | string>;
    renewSilently(): boolean;
  }
}
