import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOidcWorld, type OidcWorld } from '../oidc/server';
import type { LogEntry, TestConfig } from '../oidc/app/main';
import { localContext } from './local-http';
import { tscStrict } from './strict';

// What the OpenID specs share: the SPA bundled from e2e/oidc/app with esbuild against the built package (dist/), the
// provider + API + static server started in the worker, and the steps a person takes (sign in through the form).

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const APP = join(ROOT, 'e2e/oidc/app');

/** Bundles the SPA into a fresh temp folder: `idle-logout/oidc` and `idle-logout` are the built package's files. */
export async function buildApp(): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'idle-logout-oidc-app-'));
  await build({
    entryPoints: [join(APP, 'main.ts')],
    bundle: true,
    format: 'esm',
    splitting: true,
    outdir: out,
    platform: 'browser',
    target: 'es2022',
    sourcemap: false,
    logLevel: 'silent',
    alias: { 'idle-logout/oidc': join(ROOT, 'dist/oidc.mjs'), 'idle-logout': join(ROOT, 'dist/index.mjs') },
  });
  await copyFile(join(APP, 'index.html'), join(out, 'index.html'));
  return out;
}

/** `tsc --strict --noEmit` on the app with its own tsconfig (real oidc-client-ts types, the package's .d.ts). */
export const typecheckApp = () => tscStrict(join(ROOT, 'e2e/oidc/tsconfig.json'));

export interface OidcSuite {
  world: OidcWorld;
  dir: string;
}

/** Starts everything for one spec file. Access tokens live `accessTokenTtlS` seconds so renewals happen in the test. */
export async function startSuite(accessTokenTtlS = ACCESS_TOKEN_TTL_S): Promise<OidcSuite> {
  const dir = await buildApp();
  const world = await startOidcWorld({ appDir: dir, accessTokenTtlS });
  return { world, dir };
}

export async function stopSuite(s: OidcSuite | undefined) {
  if (!s) return;
  await s.world.close();
  await rm(s.dir, { recursive: true, force: true });
}

/**
 * Scaled-down timings (production: minutes; here seconds, with `unsafeShortTimeouts`): idle timeout 16 s, warning 6 s
 * before it, the logout and revoke 2 s ahead of the deadline (revokeAheadMs' default), access tokens of 8 s that
 * oidc-client-ts renews 4 s before they expire (every ~4 s: at least once in any 4 s window, e.g. the warning's).
 */
export const TIMEOUT_MS = 16_000;
export const WARN_BEFORE_MS = 6_000;
export const REVOKE_AHEAD_MS = 2_000;
export const ACCESS_TOKEN_TTL_S = 8;
export const EXPIRING_S = 4;

export function config(world: OidcWorld, over: Partial<TestConfig> = {}): TestConfig {
  return {
    authority: world.issuer,
    api: world.api,
    store: 'session',
    expiringS: EXPIRING_S,
    timeoutMs: TIMEOUT_MS,
    warnBeforeMs: WARN_BEFORE_MS,
    ...over,
  };
}

/** A browser context for the app: the scenario's config before any script, requests to other hosts aborted. */
export const appContext = (browser: Browser, world: OidcWorld, cfg: TestConfig): Promise<BrowserContext> =>
  localContext(browser, [world.app, world.issuer, world.api], '__oidcTest', cfg);

export const ready = (page: Page) => page.waitForFunction(() => window.app?.ready === true);

/** Runs `action` (a click that starts or ends a visit at the provider), waits for the app's callback to finish. */
export async function throughCallback(page: Page, world: OidcWorld, action: () => Promise<unknown>) {
  await Promise.all([page.waitForURL((u) => u.origin === world.app && u.pathname === '/callback'), action()]);
  await ready(page);
}

/** Opens the app and signs in through the provider's login form (asserting the form is shown). */
export async function signInWithForm(page: Page, world: OidcWorld, user = 'alice') {
  if (!page.url().startsWith(world.app)) await page.goto(`${world.app}/`);
  await ready(page);
  await page.click('#signin');
  // Generous: several people may sign in at once on a busy 2-core machine.
  await expect(page.locator('input[name="login"]'))
    .toBeVisible({ timeout: 15_000 })
    .catch(async (e) => {
      throw new Error(`no login form at ${page.url()}: ${(await page.locator('body').innerText().catch(() => '')).slice(0, 500)}\n${e}`);
    });
  expect(new URL(page.url()).origin).toBe(world.issuer);
  await page.fill('input[name="login"]', user);
  await page.fill('input[name="password"]', 'any');
  await throughCallback(page, world, () => page.click('button[type="submit"]'));
  await expect.poll(() => page.evaluate(() => window.app.signedIn())).toBe(true);
}

/** Opens the app in a new tab of the context and signs it in silently where the provider session allows (no form). */
export async function openSignedIn(context: BrowserContext, world: OidcWorld, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.app}${path}`);
  await ready(page);
  if (!(await page.evaluate(() => window.app.signedIn()))) {
    await throughCallback(page, world, () => page.click('#signin'));
  }
  await expect.poll(() => page.evaluate(() => window.app.signedIn())).toBe(true);
  return page;
}

export const logOf = (page: Page): Promise<LogEntry[]> => page.evaluate(() => window.app.log);
export const stateOf = (page: Page): Promise<string> => page.evaluate(() => window.app.state());
export const callApi = (page: Page, path?: string): Promise<number> => page.evaluate((p) => window.app.callApi(p), path);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the page logged out, returns its logout entry. */
export async function loggedOut(page: Page, timeout = 40_000): Promise<LogEntry> {
  await page.waitForFunction(() => window.app?.log.some((e) => e.type === 'logout'), undefined, { timeout });
  return (await logOf(page)).find((e) => e.type === 'logout') as LogEntry;
}

/**
 * The provider's revocation requests: waits (up to 10 s) for `atLeast`, then until none came for 500 ms. Returns what
 * arrived either way: the caller's assertions say what was missing.
 */
export async function settledRevocations(world: OidcWorld, atLeast: number) {
  for (const until = Date.now() + 10_000; world.revocations().length < atLeast && Date.now() < until; ) await sleep(100);
  let n = -1;
  while (n !== world.revocations().length) {
    n = world.revocations().length;
    await sleep(500);
  }
  return world.revocations();
}

/** Every token the provider issued since reset, as its introspection endpoint answers now: how many are active. */
export async function activeTokens(world: OidcWorld) {
  const all = await world.introspectIssued();
  return { total: all.length, active: all.filter((t) => t.active).length, activeKinds: all.filter((t) => t.active).map((t) => t.kind) };
}

/**
 * A person working: API calls from `pages` in turn every `everyMs` for `ms` (real time). Returns the statuses and when
 * the last call answered (the last activity).
 */
export async function work(pages: Page[], ms: number, everyMs = 1_500) {
  const statuses: number[] = [];
  const end = Date.now() + ms;
  let lastCall = 0;
  for (let i = 0; Date.now() < end; i++) {
    if (i) await sleep(everyMs);
    statuses.push(await callApi(pages[i % pages.length]!));
    lastCall = Date.now();
  }
  return { statuses, lastCall };
}

/** Token-endpoint requests each page sends (seen in the browser's network, not reported by the app). */
export function countTokenRequests(page: Page, world: OidcWorld) {
  const seen: number[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url() === `${world.issuer}/token` && (r.postData() ?? '').includes('grant_type=refresh_token')) seen.push(Date.now());
  });
  return seen;
}

/**
 * What happened since `t0`, in ms relative to it, for failure messages: each page's idle events, the provider's token
 * requests and revocations, the API's answers. No token values.
 */
export async function timeline(world: OidcWorld, pages: Page[], t0: number) {
  const rel = (t: number) => t - t0;
  const logs = await Promise.all(pages.map((p) => logOf(p).catch(() => [] as LogEntry[])));
  return JSON.stringify(
    {
      pages: logs.map((l) => l.map((e) => ({ ...e, at: rel(e.at) }))),
      tokenRequests: world.tokenRequests().map((r) => ({ ...r, at: rel(r.at) })),
      revocations: world.revocations().map((r) => ({ at: rel(r.at), hint: r.hint, kind: r.kind, family: r.family, active: r.activeAtProvider, msBeforeApiDeadline: r.msBeforeApiDeadline, status: r.status })),
      api: world.apiCalls().map((c) => ({ at: rel(c.at), path: c.path, status: c.status, ...(c.error ? { error: c.error } : {}) })),
    },
    null,
    1,
  );
}
