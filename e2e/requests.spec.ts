import { expect, test } from '@playwright/test';
import { orgTimeoutRead, pauseClock } from './support/demo-clock';
import { A, advanceServer, B, resetStats, setTimeoutSeconds, signIn, stats } from './support/server';

/** Issue 12 parts 2 and 3 in a real browser, against the reference server, through the script-tag build. */

declare global {
  interface Window {
    seen: string[];
    activity: { source: string; method?: string; url?: string }[];
    send: Record<'string' | 'relative' | 'request' | 'url' | 'xhr' | 'early' | 'poll', () => Promise<number | string>>;
  }
}

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

test('activity.api patterns see the absolute URL for every input form, and activity events name method and URL', async ({ page }) => {
  const token = await signIn('alice');
  await page.goto(`${B()}/e2e/req-app.html#${token}`);
  for (const form of ['string', 'relative', 'request', 'url', 'xhr'] as const) expect(await page.evaluate((f) => window.send[f](), form)).toBeTruthy();
  const base = B();
  expect(await page.evaluate(() => window.seen)).toEqual([
    `${base}/api/v2/users/me`,
    `${base}/e2e/users/me`,
    `${base}/api/v2/users/me?form=request`,
    `${base}/api/v2/users/me?form=url`,
    `${base}/api/v2/users/me?form=xhr`,
  ]);
  expect((await page.evaluate(() => window.activity)).at(-1)).toEqual({ source: 'api', method: 'GET', url: `${base}/api/v2/users/me?form=xhr` });
});

for (const patch of [true, false]) {
  test(`wrapFetch over a fetch bound before the instance: counts, and after logout the server never sees the token (patch: ${patch})`, async ({ page }) => {
    const token = await signIn('bob');
    await page.goto(`${B()}/e2e/req-app.html?patch=${patch ? 1 : 0}#${token}`);
    expect(await page.evaluate(() => window.send.early())).toBe(200);
    expect(await page.evaluate(() => window.activity.length)).toBe(1);
    await page.evaluate(() => window.idle.logout());
    const before = (await stats()).requests;
    expect(await page.evaluate(() => window.send.early())).toBe('TokenLoggedOutError');
    expect((await stats()).requests).toBe(before);
  });
}

test('explain() names the last activity and a 30 s poller, with the hint', async ({ page }) => {
  const token = await signIn('carol');
  await page.clock.install();
  await page.goto(`${B()}/e2e/req-app.html#${token}`);
  for (let i = 0; i < 5; i++) {
    expect(await page.evaluate(() => window.send.poll())).toBe(200);
    await page.clock.runFor(30_000);
  }
  expect(await page.evaluate(() => window.send.string())).toBe(200);
  const report = await page.evaluate(() => window.idle.explain());
  expect(report.last).toMatchObject({ source: 'api', method: 'GET', url: `${B()}/api/v2/users/me` });
  expect(report.endpoints).toMatchObject([
    { endpoint: 'GET /api/v2/analytics/queues/observations', count: 5, hint: expect.stringMatching(/^every 30 s: this looks like polling/) },
    { endpoint: 'GET /api/v2/users/me', count: 1 },
  ]);
  // The page's clock runs on between the fake steps while each request is in flight: a few ms over 30 s.
  expect(report.endpoints[0].periodMs).toBeGreaterThanOrEqual(30_000);
  expect(report.endpoints[0].periodMs).toBeLessThan(31_000);
  expect(report.endpoints[1].periodMs).toBeUndefined();
});

/** Dedicated workers: `connectWorker()` from idle-logout/worker, a page instance with `workers: true`. */
declare global {
  interface Window {
    events: string[];
    startWorker(): Promise<unknown>;
    worker: { call(kind: 'fetch' | 'xhr', path?: string): Promise<number | string> };
  }
}

/**
 * Waits until the worker refuses the token: the logout notice crosses a BroadcastChannel, asynchronously. The probe
 * goes to a port nothing listens on, so a probe sent before the notice arrived fails there and no server sees it.
 */
const workerRefuses = (page: import('@playwright/test').Page) =>
  expect.poll(() => page.evaluate(() => window.worker.call('fetch', 'http://127.0.0.1:9/probe'))).toBe('TokenLoggedOutError');

test("a worker's fetch and XHR count as the page's activity, with method and absolute URL", async ({ page }) => {
  const token = await signIn('dave');
  await page.goto(`${B()}/e2e/req-worker.html#${token}`);
  await page.evaluate(() => window.startWorker());
  expect(await page.evaluate(() => window.worker.call('fetch'))).toBe(200);
  expect(await page.evaluate(() => window.worker.call('xhr', '/api/v2/routing/queues'))).toBe(200);
  await expect
    .poll(() => page.evaluate(() => window.activity))
    .toEqual([
      { source: 'api', method: 'GET', url: `${B()}/api/v2/users/me` },
      { source: 'api', method: 'GET', url: `${B()}/api/v2/routing/queues` },
    ]);
});

test('after the page logs out, the worker refuses the token (fetch and XHR) and the server never sees it', async ({ page }) => {
  const token = await signIn('erin');
  await page.goto(`${B()}/e2e/req-worker.html#${token}`);
  await page.evaluate(() => window.startWorker());
  expect(await page.evaluate(() => window.worker.call('fetch'))).toBe(200);
  await page.evaluate(() => window.idle.logout());
  await workerRefuses(page);
  const before = (await stats()).requests;
  expect(await page.evaluate(() => window.worker.call('fetch'))).toBe('TokenLoggedOutError');
  expect(await page.evaluate(() => window.worker.call('xhr'))).toBe('TokenLoggedOutError');
  expect((await stats()).requests).toBe(before);
});

test('a worker started after the logout asks the page, learns it and refuses the token', async ({ page }) => {
  const token = await signIn('frank');
  await page.goto(`${B()}/e2e/req-worker.html#${token}`);
  await page.evaluate(() => window.idle.logout());
  await page.evaluate(() => window.startWorker());
  await workerRefuses(page);
  const before = (await stats()).requests;
  expect(await page.evaluate(() => window.worker.call('fetch'))).toBe('TokenLoggedOutError');
  expect((await stats()).requests).toBe(before);
});

test("a 401 to a worker's request logs the page out (reason revoked)", async ({ page }) => {
  const token = await signIn('grace');
  await page.goto(`${B()}/e2e/req-worker.html#${token}`);
  await page.evaluate(() => window.startWorker());
  await advanceServer(16 * 60_000); // only the server's clock: it has dropped the token, the page has not
  expect(await page.evaluate(() => window.worker.call('fetch'))).toBe(401);
  await expect.poll(() => page.evaluate(() => window.events)).toEqual(['logout:revoked']);
});

test('demo: the Activity panel names the counted poller, and "Exclude it" stops counting it', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/app/`);
  await expect(page).toHaveURL(/\/login\.html/);
  await pauseClock(page);
  await page.getByLabel('Your name').fill('why-agent');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await orgTimeoutRead(page, 10 * 60_000);
  await page.getByLabel('Count the poller as activity').check();
  await expect(page.locator('#api-config')).toContainText('api: true');
  await orgTimeoutRead(page, 10 * 60_000);
  for (let t = 0; t < 20_000; t += 1000) {
    await advanceServer(1000);
    await page.clock.runFor(1000);
  }
  const panel = page.locator('#why-endpoints');
  await expect(panel).toContainText('GET /api/v2/analytics/queues/observations');
  await expect(panel).toContainText("every 3 s: this looks like polling; activity.api.exclude it if it is not the person's work");
  await page.getByRole('button', { name: 'Exclude it' }).click();
  await expect(page.getByLabel('Count the poller as activity')).not.toBeChecked();
  await expect(page.locator('#api-config')).toContainText("exclude: ['/analytics/']");
});
