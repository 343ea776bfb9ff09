import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLIENT_ID, startClientsWorld, type ClientsWorld } from './provider';
import type { ClientsTestConfig, LogEntry } from './shared/harness';
import { localContext } from '../support/local-http';
import { docBlocks as readDocBlocks, tscStrict } from '../support/strict';

// What the okta-auth-js and auth0-spa-js specs share: the app bundled with esbuild against the built package (dist/),
// the provider + API + static server, the steps a person takes, and the checks of the recipes and their doc.

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const HERE = join(ROOT, 'e2e/oidc-clients');
export type Client = 'okta' | 'auth0';

/**
 * Scaled-down timings (production: minutes): idle timeout 16 s, the warning 6 s before it, the logout and revoke 2 s
 * ahead of the deadline (revokeAheadMs' default): warning 10 s after the last call, logout at 14 s.
 */
export const TIMEOUT_MS = 16_000;
export const WARN_BEFORE_MS = 6_000;
export const REVOKE_AHEAD_MS = 2_000;

export interface Suite {
  world: ClientsWorld;
  dir: string;
}

/** Bundles `<client>/app.ts` into a fresh temp folder; `idle-logout` is the built package's ESM entry. */
async function buildApp(client: Client): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), `idle-logout-${client}-app-`));
  await build({
    entryPoints: [join(HERE, client, 'app.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: out,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    alias: { 'idle-logout': join(ROOT, 'dist/index.mjs') },
  });
  await copyFile(join(HERE, 'index.html'), join(out, 'index.html'));
  return out;
}

/**
 * Access tokens' lifetime at the provider. okta-auth-js treats a token as expired `expireEarlySeconds` (30, its
 * default) before that: 34 s = renewed every ~4 s. auth0-spa-js uses it as is: 5 s, so it has expired by the warning.
 */
export const ACCESS_TTL_S: Record<Client, number> = { okta: 34, auth0: 5 };

export async function startSuite(client: Client): Promise<Suite> {
  const dir = await buildApp(client);
  const world = await startClientsWorld({ appDir: dir, accessTokenTtlS: ACCESS_TTL_S[client] });
  return { world, dir };
}

export async function stopSuite(s: Suite | undefined) {
  if (!s) return;
  await s.world.close();
  await rm(s.dir, { recursive: true, force: true });
}

/** `tsc --strict --noEmit` on both apps and their recipes, against the libraries' real types and the package's .d.ts. */
export const typecheckApps = () => tscStrict(join(HERE, 'tsconfig.json'));

/** The code blocks docs/oidc-clients.md shows right after `<!-- file: PATH -->`, with the file at PATH now, to compare. */
export const docBlocks = async () => readDocBlocks(await readFile(join(ROOT, 'docs/oidc-clients.md'), 'utf8'));

export function config(world: ClientsWorld, over: Partial<ClientsTestConfig> = {}): ClientsTestConfig {
  return { origin: world.origin, clientId: CLIENT_ID, api: world.api, timeoutMs: TIMEOUT_MS, warnBeforeMs: WARN_BEFORE_MS, ...over };
}

/** A browser context for the app: the scenario's config before any script, requests to other hosts aborted. */
export const appContext = (browser: Browser, world: ClientsWorld, cfg: ClientsTestConfig): Promise<BrowserContext> =>
  localContext(browser, [world.app, world.origin, world.api], '__clientsTest', cfg);

export const ready = (page: Page) => page.waitForFunction(() => window.clientsApp?.ready === true);

/** Opens the app, clicks "Sign in", signs in at the provider's login form (asserting it is shown), back at the app. */
export async function signInWithForm(page: Page, world: ClientsWorld, user = 'alice') {
  if (!page.url().startsWith(world.app)) await page.goto(`${world.app}/`);
  await ready(page);
  await page.click('#signin');
  await expect(page.locator('input[name="login"]')).toBeVisible();
  expect(new URL(page.url()).origin).toBe(world.origin);
  await page.fill('input[name="login"]', user);
  await page.fill('input[name="password"]', 'any');
  await Promise.all([page.waitForURL((u) => u.origin === world.app && u.pathname === '/'), page.click('button[type="submit"]')]);
  await ready(page);
  await expect.poll(() => page.evaluate(() => window.clientsApp.signedIn())).toBe(true);
}

export const logOf = (page: Page): Promise<LogEntry[]> => page.evaluate(() => window.clientsApp.log);
export const stateOf = (page: Page): Promise<string> => page.evaluate(() => window.clientsApp.state());
export const callApi = (page: Page): Promise<number> => page.evaluate(() => window.clientsApp.callApi());
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the page's first event of `type`, returns it. */
export async function event(page: Page, type: LogEntry['type'], timeout = 40_000): Promise<LogEntry> {
  await page.waitForFunction((t) => window.clientsApp.log.some((e) => e.type === t), type, { timeout });
  return (await logOf(page)).find((e) => e.type === type) as LogEntry;
}

/** The provider's revocation requests settle (same count for 500 ms), then returns them. */
export async function settledRevocations(world: ClientsWorld, atLeast: number) {
  await expect.poll(() => world.revocations().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(atLeast);
  let n = -1;
  while (n !== world.revocations().length) {
    n = world.revocations().length;
    await sleep(500);
  }
  return world.revocations();
}

/** A person working: an API call every `everyMs` for `ms` (real time). Returns the statuses. */
export async function work(page: Page, ms: number, everyMs = 1_500) {
  const statuses: number[] = [];
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    if (i) await sleep(everyMs);
    statuses.push(await callApi(page));
  }
  return statuses;
}

/** What happened since `t0`, in ms relative to it, for failure messages: the page's events, token requests, revocations, API answers. No token values. */
export async function timeline(world: ClientsWorld, page: Page, t0: number) {
  const rel = (t: number) => t - t0;
  const log = await logOf(page).catch(() => [] as LogEntry[]);
  return JSON.stringify(
    {
      page: log.map((e) => ({ ...e, at: rel(e.at) })),
      tokenRequests: world.tokenRequests().map((r) => ({ ...r, at: rel(r.at) })),
      revocations: world.revocations().map((r) => ({ ...r, at: rel(r.at) })),
      api: world.apiCalls().map((c) => ({ ...c, at: rel(c.at) })),
    },
    null,
    1,
  );
}
