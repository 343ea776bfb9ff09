import { expect, test, type Page } from '@playwright/test';
import type { Caught, ClientName, Sent } from './recipes/clients-app';
import { bundle, docBlocks, open, readme, serve, typecheck, version } from './recipes/support';
import { B, signIn, stats } from './support/server';

// README's HTTP-client recipes with the real libraries (ky 2, ofetch, openapi-fetch, axios): the files README shows
// (e2e/recipes/clients/*.ts) are bundled by esbuild into one page, imported statically before any instance exists,
// type-checked by tsc --strict, and run in Chromium against the reference server. The server, not the SDK, says
// whether a request arrived.

declare global {
  interface Window {
    recipes: {
      start(name: ClientName, token: string, patch: boolean): void;
      remainingMs(): number;
      deadline(): number;
      send(name: ClientName): Promise<Sent>;
      logouts(): string[];
      errors(): string[];
      me(): Promise<unknown>;
      otherCopy(token: string): Promise<unknown>;
      stop(): void;
    };
  }
}

/** The server's idle timeout during these tests: not a default the SDK could fall back to. */
const SERVER_TIMEOUT_S = 1_020;

/** Requests the server received with `user`'s tokens. */
const requestsOf = async (user: string) => Object.values((await stats()).perToken).filter((t) => t.user === user).reduce((n, t) => n + t.requests, 0);

interface Row {
  client: ClientName;
  patch: boolean;
  status401: string;
  refused: Caught;
}
const rows: Row[] = [];

const SCENARIOS: [ClientName, boolean][] = [
  ['fetch', true],
  ['openapi-fetch', true],
  ['openapi-fetch', false],
  ['ky', true],
  ['ky', false],
  ['ofetch', true],
  ['ofetch', false],
  ['axios', true],
  ['axios', false],
  ["axios, adapter: 'fetch'", true],
  ["axios, adapter: 'fetch'", false],
];

const PACKAGE: Record<ClientName, string | undefined> = {
  fetch: undefined,
  'openapi-fetch': 'openapi-fetch',
  ky: 'ky',
  ofetch: 'ofetch',
  axios: 'axios',
  "axios, adapter: 'fetch'": 'axios',
};

test.describe('HTTP-client recipes', () => {
  let page: Page;
  let admin: string;
  let before: object | undefined;
  const putTimeout = async (body: object) => {
    const r = await fetch(`${B()}/api/v2/tokens/timeout`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(r.status, await r.text()).toBe(200);
  };

  test.beforeAll(async ({ browser }) => {
    const files = await bundle('clients-app.ts');
    const context = await browser.newContext();
    await serve(context, B(), files);
    page = await context.newPage();
    await open(page, B());
    admin = await signIn('admin');
    before = await (await fetch(`${B()}/api/v2/tokens/timeout`, { headers: { authorization: `Bearer ${admin}` } })).json();
    // The org default only: no group timeouts (those need the app's `groups` option).
    await putTimeout({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: SERVER_TIMEOUT_S, inactivityTimeoutGroupsEnabled: false, hipaa: false });
  });
  test.afterAll(async () => {
    if (before) await putTimeout(before);
    await page?.context().close();
  });

  test('the recipes and test apps type-check with tsc --strict against the real libraries and the package types', async () => {
    const { code, output } = await typecheck();
    expect(output).toBe('');
    expect(code).toBe(0);
  });

  test("README shows the client recipes exactly as bundled and run, and its timeoutFrom table's rows are the tested code", () => {
    const md = readme();
    const blocks = docBlocks(md).filter((b) => b.path.startsWith('e2e/recipes/clients/'));
    expect(blocks.map((b) => b.path).sort()).toEqual(
      ['axios', 'ky', 'ofetch', 'openapi-fetch', 'refused'].map((c) => `e2e/recipes/clients/${c}.ts`),
    );
    for (const b of blocks) expect(b.doc, b.path).toBe(b.file);
    for (const c of ['fetch', 'axios', 'ky', 'ofetch', 'openapi-fetch']) {
      const file = docBlocks(`<!-- file: e2e/recipes/clients/${c}.timeout.ts -->\n\`\`\`\n\`\`\``)[0]!.file;
      const code = /^export const timeoutFrom = (.*);$/m.exec(file)?.[1];
      expect(code, c).toBeTruthy();
      // Inline code holding a backtick is fenced with two.
      const cell = code!.includes('`') ? `\`\` ${code} \`\`` : `\`${code}\``;
      expect(md, `README's timeoutFrom row for ${c}`).toContain(`| ${cell} |`);
    }
  });

  for (const [client, patch] of SCENARIOS) {
    test(`${client} (patch: ${patch}): timeoutFrom reads the server's timeout, a request counts, a 401 logs out, then it is refused locally`, async () => {
      const user = `recipe-${client.replace(/\W+/g, '-')}-${patch}-${Date.now()}`.slice(0, 32);
      const token = await signIn(user);
      await page.evaluate(([n, t, p]) => window.recipes.start(n, t, p), [client, token, patch] as const);

      // timeoutFrom (README's row for this client) gave the server's 17 min, not a fallback.
      await expect.poll(() => page.evaluate(() => window.recipes.remainingMs())).toBeGreaterThan((SERVER_TIMEOUT_S - 60) * 1000);
      expect(await page.evaluate(() => window.recipes.errors())).toEqual([]);

      // (a) A request through the client counts: the server sees it and the deadline moves.
      const n0 = await requestsOf(user);
      const d0 = await page.evaluate(() => window.recipes.deadline());
      // The SDK skips activity within a second of the last (here the timeoutFrom request): wait past it.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1_100)));
      expect(await page.evaluate((n) => window.recipes.send(n), client)).toEqual({ status: 200 });
      expect(await requestsOf(user)).toBe(n0 + 1);
      expect(await page.evaluate(() => window.recipes.deadline())).toBeGreaterThan(d0 + 1_000);

      // (b) The server revokes the token: the client's next request gets a 401, which logs out.
      const revoked = await fetch(`${B()}/api/v2/tokens/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(revoked.status).toBe(204);
      const answer = await page.evaluate((n) => window.recipes.send(n), client);
      await expect.poll(() => page.evaluate(() => window.recipes.logouts())).toEqual(['revoked']);

      // (c) After logout the request fails in the page and never reaches the server.
      const n1 = await requestsOf(user);
      const refused = await page.evaluate((n) => window.recipes.send(n), client);
      expect(refused).toMatchObject({ caught: { refusal: true } });
      expect(await requestsOf(user)).toBe(n1);
      // README's isTokenLoggedOutError example (its ky client).
      if (client === 'ky') expect(await page.evaluate(() => window.recipes.me())).toBeUndefined();
      expect(await requestsOf(user)).toBe(n1);
      await page.evaluate(() => window.recipes.stop());

      rows.push({ client, patch, status401: 'status' in answer ? `${answer.status}` : `${answer.caught.name} thrown`, refused: (refused as { caught: Caught }).caught });
    });
  }

  test('isTokenLoggedOutError recognises a refusal thrown by another copy of the SDK (the script tag beside the bundle), where instanceof fails', async () => {
    const user = `recipe-other-copy-${Date.now()}`;
    const token = await signIn(user);
    await page.addScriptTag({ url: `${B()}/dist/idle-logout.iife.js` });
    const n0 = await requestsOf(user);
    expect(await page.evaluate((t) => window.recipes.otherCopy(t), token)).toEqual({ name: 'TokenLoggedOutError', recognised: true, instanceOfOurs: false });
    expect(await requestsOf(user)).toBe(n0);
  });

  test('README lists each client, its version and what these tests checked (the table below is generated from this run)', () => {
    expect(rows.length, 'run the whole spec: the table covers every scenario').toBe(SCENARIOS.length);
    const md = readme();
    const lines = [
      '| client | version | `patch` | a request counts | a 401 logs out | refused in the page, your code gets | `isTokenLoggedOutError(err)` |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map((r) => {
        const pkg = PACKAGE[r.client];
        const got = `\`${r.refused.name}\`${r.refused.code ? ` (code \`${r.refused.code}\`)` : ''}`;
        return `| ${r.client} | ${pkg ? version(pkg) : 'browser'} | ${r.patch} | yes | yes | ${got} | ${r.refused.refusal} |`;
      }),
    ];
    const table = lines.join('\n');
    const m = /<!-- recipes-table:start -->\n([\s\S]*?)\n<!-- recipes-table:end -->/.exec(md);
    expect(m?.[1], `README's table between <!-- recipes-table:start/end --> should be:\n${table}\n`).toBe(table);
  });
});
