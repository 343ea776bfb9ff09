import { expect, test } from '@playwright/test';
import { bundle, docBlocks, readme, serve } from './recipes/support';
import { B, signIn, stats } from './support/server';

// README's "Create it before any HTTP client" with static ES imports and a client that takes the global fetch when it
// is created (openapi-fetch without wrapFetch): the instance in its own module, imported first, sees the client's
// requests; imported after the client's module, it does not (the pitfall README warns about). The server says
// whether a request arrived.

declare global {
  interface Window {
    st: { counted(): number; logout(): void; send(): Promise<{ status: number } | { caught: string }> };
  }
}

const requestsOf = async (user: string) => Object.values((await stats()).perToken).filter((t) => t.user === user).reduce((n, t) => n + t.requests, 0);

async function run(browser: import('@playwright/test').Browser, entry: string, user: string) {
  const token = await signIn(user);
  const context = await browser.newContext();
  await serve(context, B(), await bundle(entry));
  const page = await context.newPage();
  await page.addInitScript((t) => sessionStorage.setItem('access_token', t), token);
  await page.goto(`${B()}/__recipes/index.html`);
  await page.waitForFunction(() => 'st' in window);
  const first = await page.evaluate(() => window.st.send());
  const counted = await page.evaluate(() => window.st.counted());
  await page.evaluate(() => window.st.logout());
  const n = await requestsOf(user);
  const afterLogout = await page.evaluate(() => window.st.send());
  const reached = (await requestsOf(user)) - n;
  await context.close();
  return { first, counted, afterLogout, reached };
}

test('README shows the static-import setup exactly as run', () => {
  const blocks = docBlocks(readme()).filter((b) => b.path.startsWith('e2e/recipes/static/'));
  expect(blocks.map((b) => b.path)).toEqual(['e2e/recipes/static/idle.ts', 'e2e/recipes/static/main.ts']);
  for (const b of blocks) expect(b.doc, b.path).toBe(b.file);
});

test('static imports, the instance module imported first: the client’s requests count, and after logout it is refused in the page', async ({ browser }) => {
  const r = await run(browser, 'static/page-early.ts', `static-early-${Date.now()}`);
  expect(r).toEqual({ first: { status: 200 }, counted: 1, afterLogout: { caught: 'TokenLoggedOutError' }, reached: 0 });
});

test('static imports, the client module imported before the instance module: its requests are not seen and the dead token reaches the server', async ({ browser }) => {
  const r = await run(browser, 'static/page-late.ts', `static-late-${Date.now()}`);
  expect(r).toEqual({ first: { status: 200 }, counted: 0, afterLogout: { status: 200 }, reached: 1 });
});
