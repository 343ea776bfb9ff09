import { expect, test, type Page } from '@playwright/test';
import { bundle, doc, docBlocks, readme, serve, version } from './recipes/support';
import { B, signIn, stats } from './support/server';

// docs/frameworks.md's React, Vue and Angular recipes with the real frameworks: the files the doc shows
// (e2e/recipes/frameworks/*) bundled by esbuild, type-checked by e2e/recipes.spec.ts's tsc run, and run in Chromium:
// the component renders the state and re-renders on the warning, on "stay" (extend) and on logout, and unmounting
// (destroying) it gives the page back the browser's own fetch and XMLHttpRequest. Angular runs JIT and zoneless, with
// HttpClient on its default fetch backend and on withXhr().

declare global {
  interface Window {
    fw: {
      unmount(): void;
      nativeNetwork(): boolean;
      send?: () => Promise<{ status: number } | { caught: { name: string; status?: number; refusal: boolean } }>;
    };
  }
}

const requestsOf = async (user: string) => Object.values((await stats()).perToken).filter((t) => t.user === user).reduce((n, t) => n + t.requests, 0);

const VUE_FULL = { alias: { vue: 'vue/dist/vue.esm-bundler.js' }, define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' } };

const APPS = [
  { name: 'React 19 (StrictMode)', pkg: 'react', entry: 'frameworks/react-main.tsx', query: '' },
  { name: 'Vue 3', pkg: 'vue', entry: 'frameworks/vue-main.ts', query: '', extra: VUE_FULL },
  { name: 'Angular (HttpClient, fetch backend)', pkg: '@angular/core', entry: 'frameworks/angular-main.ts', query: '' },
  { name: 'Angular (HttpClient, withXhr())', pkg: '@angular/core', entry: 'frameworks/angular-main.ts', query: '?backend=xhr' },
];

const rows: string[] = [];

test('docs/frameworks.md (and README\'s React block) show the recipes exactly as bundled and run', () => {
  const blocks = docBlocks(doc('docs/frameworks.md'));
  expect(blocks.map((b) => b.path).sort()).toEqual(
    ['angular-service.ts', 'angular.ts', 'react.tsx', 'vue-use-idle-logout.ts', 'vue.ts'].map((f) => `e2e/recipes/frameworks/${f}`),
  );
  for (const b of blocks) expect(b.doc, b.path).toBe(b.file);
  const inReadme = docBlocks(readme()).filter((b) => b.path.startsWith('e2e/recipes/frameworks/'));
  expect(inReadme.map((b) => b.path)).toEqual(['e2e/recipes/frameworks/react.tsx']);
  for (const b of inReadme) expect(b.doc, `README: ${b.path}`).toBe(b.file);
});

for (const app of APPS) {
  test(`${app.name}: the component shows signed in, the warning, signed in again after "stay", signed out after logout; unmounting restores fetch and XHR`, async ({ browser }) => {
    const files = await bundle(app.entry, app.extra);
    const user = `fw-${app.pkg.replace(/\W+/g, '')}-${app.query ? 'xhr' : 'd'}-${Date.now()}`;
    const token = await signIn(user);
    const context = await browser.newContext();
    await serve(context, B(), files);
    const page: Page = await context.newPage();
    await page.clock.install();
    await page.addInitScript((t) => sessionStorage.setItem('access_token', t), token);
    await page.goto(`${B()}/__recipes/index.html${app.query}`);
    await page.waitForFunction(() => 'fw' in window);

    await expect(page.getByText('Signed in')).toBeVisible();
    expect(await page.evaluate(() => window.fw.nativeNetwork())).toBe(false);
    let checked = 'renders; warning, stay, logout re-render; unmount restores fetch/XHR';

    if (app.pkg === '@angular/core') {
      // A request through HttpClient reaches the server and counts.
      const n0 = await requestsOf(user);
      expect(await page.evaluate(() => window.fw.send!())).toEqual({ status: 200 });
      expect(await requestsOf(user)).toBe(n0 + 1);
    }

    // 15 min timeout, warning 60 s before the logout (which is 2 s ahead of the deadline).
    await page.clock.fastForward(14 * 60_000);
    const stay = page.getByRole('button', { name: /^Signing out at .+: stay$/ });
    await expect(stay).toBeVisible();
    await stay.click();
    await expect(page.getByText('Signed in')).toBeVisible();
    await expect(stay).toHaveCount(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('Signed out')).toBeVisible();

    if (app.pkg === '@angular/core') {
      // After logout HttpClient's request is refused in the page: an HttpErrorResponse (status 0) that
      // isTokenLoggedOutError recognises, and the server never sees it.
      const n1 = await requestsOf(user);
      expect(await page.evaluate(() => window.fw.send!())).toEqual({ caught: { name: 'HttpErrorResponse', status: 0, refusal: true } });
      expect(await requestsOf(user)).toBe(n1);
      checked += '; HttpClient request counts, refused after logout as HttpErrorResponse (status 0), isTokenLoggedOutError true';
    }

    await page.evaluate(() => window.fw.unmount());
    // React's StrictMode-safe hook destroys one task after a real unmount.
    await expect.poll(() => page.evaluate(() => window.fw.nativeNetwork())).toBe(true);
    await context.close();
    rows.push(`| ${app.name} | ${version(app.pkg)} | ${checked} |`);
  });
}

test('docs/frameworks.md lists each framework, its version and what these tests checked (generated from this run)', () => {
  expect(rows.length, 'run the whole spec: the table covers every app').toBe(APPS.length);
  const table = ['| framework | version | checked in Chromium |', '| --- | --- | --- |', ...rows].join('\n');
  const m = /<!-- frameworks-table:start -->\n([\s\S]*?)\n<!-- frameworks-table:end -->/.exec(doc('docs/frameworks.md'));
  expect(m?.[1], `docs/frameworks.md's table between <!-- frameworks-table:start/end --> should be:\n${table}\n`).toBe(table);
});
