import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './recipes/support';
import { B, signIn, stats } from './support/server';

// idle-logout beside the real error tracker and RUM agent that wrap fetch and XMLHttpRequest: @sentry/browser and
// @datadog/browser-rum, each installed after the SDK in a later task, then destroy() and a new instance. Every request
// is counted once by the SDK, still seen by their wrapper, and reaches the server once (the unit tests in
// test/features/wrappers.test.ts cover the same wrapper shapes, before and after, synchronous or not).
// Both are devDependencies (exact versions in package.json), bundled from node_modules as an app would.

const modules = [join(ROOT, 'node_modules')];

declare global {
  interface Window {
    w: {
      state(): { counted: number; sentry: number; datadog: number };
      make(): void;
      destroy(): void;
      logout(): void;
      sentry(): Promise<void>;
      datadog(): Promise<void>;
      send(kind: 'fetch' | 'xhr'): Promise<number | string>;
    };
  }
}

let app: string | undefined;
async function open(page: Page, token: string) {
  app ??= (
    await build({
      entryPoints: [join(ROOT, 'e2e/pages/wrappers-app.js')],
      bundle: true,
      format: 'esm',
      write: false,
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
      nodePaths: modules,
      alias: { 'idle-logout': join(ROOT, 'dist/index.mjs') },
    })
  ).outputFiles[0]!.text;
  const chunks = join(ROOT, 'dist');
  await page.route(`${B()}/__wrappers/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/__wrappers/index.html')
      return route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>wrappers</title><script type="module" src="/__wrappers/app.js"></script>' });
    if (path === '/__wrappers/app.js') return route.fulfill({ contentType: 'text/javascript', body: app });
    return route.fulfill({ path: join(chunks, path.replace('/__wrappers/', '')) }); // the SDK's lazy chunks
  });
  // Nothing leaves the machine: Datadog's intake goes to the proxy path, Sentry's envelopes to the page's origin.
  await page.route(/\/__dd|\/api\/1\/envelope/, (route) => route.fulfill({ status: 202, body: '' }));
  await page.goto(`${B()}/__wrappers/index.html#${token}`);
  await page.waitForFunction(() => 'w' in window);
}

const requestsOf = async (user: string) => Object.values((await stats()).perToken).filter((t) => t.user === user).reduce((n, t) => n + t.requests, 0);

for (const lib of ['sentry', 'datadog'] as const)
  test(`${lib} wraps fetch and XHR after the SDK, in a later task; through destroy() and re-creation every request is counted once, still seen by ${lib}, sent once`, async ({ page }) => {
    const user = `wrappers-${lib}-${Date.now()}`;
    await open(page, await signIn(user));
    await page.evaluate(() => window.w.make());
    await page.evaluate((l) => window.w[l](), lib);
    const round = async () => {
      expect(await page.evaluate(() => window.w.send('fetch'))).toBe(200);
      expect(await page.evaluate(() => window.w.send('xhr'))).toBe(200);
    };
    await round();
    expect((await page.evaluate(() => window.w.state())).counted).toBe(2);
    await page.evaluate(() => window.w.destroy());
    await page.evaluate(() => window.w.make());
    await round();
    expect((await page.evaluate(() => window.w.state())).counted).toBe(4);
    await expect.poll(() => page.evaluate((l) => window.w.state()[l], lib)).toBe(4);
    expect(await requestsOf(user)).toBe(4);

    // Destroyed for good: their wrapper still sees requests; nothing counts.
    await page.evaluate(() => window.w.destroy());
    await round();
    await expect.poll(() => page.evaluate((l) => window.w.state()[l], lib)).toBe(6);
    expect((await page.evaluate(() => window.w.state())).counted).toBe(4);

    // A new instance still refuses a logged-out token through their wrappers: the server never sees it.
    await page.evaluate(() => (window.w.make(), window.w.logout()));
    const before = await requestsOf(user);
    expect(await page.evaluate(() => window.w.send('fetch'))).toBe('TokenLoggedOutError');
    expect(await page.evaluate(() => window.w.send('xhr'))).toBe('TokenLoggedOutError');
    expect(await requestsOf(user)).toBe(before);
  });

/**
 * The unseen-requests hint (README "Create it before any HTTP client") with openapi-fetch and static imports, no
 * wrapFetch: the instance is built from the sources (every instance starts the check); the rest is as an app has it.
 */
declare global {
  interface Window {
    u: { errors(): { code: string; url: string; message: string }[]; counted(): number; finished(): string[]; send(): Promise<number> };
  }
}

async function openUnseen(page: Page, entry: string) {
  const js = (
    await build({ entryPoints: [join(ROOT, 'e2e/pages', entry)], bundle: true, format: 'esm', write: false, platform: 'browser', target: 'es2022', logLevel: 'silent' })
  ).outputFiles[0]!.text;
  await page.route(`${B()}/__unseen/**`, (route) =>
    new URL(route.request().url()).pathname === '/__unseen/app.js'
      ? route.fulfill({ contentType: 'text/javascript', body: js })
      : route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>unseen</title><script type="module" src="/__unseen/app.js"></script>' }),
  );
  await page.addInitScript((t) => sessionStorage.setItem('access_token', t), await signIn(`unseen-${Date.now()}`));
  await page.goto(`${B()}/__unseen/index.html`);
  await page.waitForFunction(() => 'u' in window);
}

test('unseen-requests: openapi-fetch imported before the instance; its first request is reported once, naming the URL and the fix', async ({ page }) => {
  await openUnseen(page, 'wrappers-unseen-late.js');
  expect(await page.evaluate(() => window.u.send())).toBe(200);
  await expect.poll(() => page.evaluate(() => window.u.errors())).toEqual([{ code: 'unseen-requests', url: `${B()}/api/v2/users/me`, message: expect.stringMatching(/imported first, or give the client wrapFetch\(fetch\)/) }]);
  expect(await page.evaluate(() => window.u.counted())).toBe(0);
  expect(await page.evaluate(() => window.u.send())).toBe(200);
  await expect.poll(() => page.evaluate(() => window.u.finished().filter((u) => u.endsWith('/api/v2/users/me')).length)).toBe(2);
  expect(await page.evaluate(() => window.u.errors().length)).toBe(1);
});

test('unseen-requests: the instance imported first; the client’s requests pass the SDK and nothing is reported', async ({ page }) => {
  await openUnseen(page, 'wrappers-unseen-early.js');
  for (let i = 0; i < 3; i++) expect(await page.evaluate(() => window.u.send())).toBe(200);
  // The page's observer was registered after the SDK's: once it has all three, the SDK's has had them too.
  await expect.poll(() => page.evaluate(() => window.u.finished().filter((u) => u.endsWith('/api/v2/users/me')).length)).toBe(3);
  expect(await page.evaluate(() => window.u.counted())).toBe(3);
  expect(await page.evaluate(() => window.u.errors())).toEqual([]);
});
