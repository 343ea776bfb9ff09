import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { rm } from 'node:fs/promises';
import { startOidcWorld, type OidcWorld } from './oidc/server';
import {
  activeTokens,
  appContext,
  buildApp,
  config,
  loggedOut,
  logOf,
  openSignedIn,
  settledRevocations,
  signInWithForm,
  stateOf,
  timeline,
} from './support/oidc-setup';

// The OIDC adapter's revoke at the edges, against the real provider (its revocation log and introspection endpoint
// say what was revoked, never the SDK):
// - a provider that publishes no `revocation_endpoint` (Microsoft Entra ID): nothing carrying a token goes anywhere at
//   the logout, and the app hears why (`error`, code `revoke`);
// - a revoke deferred while the tabs' election is undecided, the user removed by the app's `logout` handler meanwhile:
//   both tokens read at the logout are still revoked.
// Access tokens live 2 minutes here: no renewal within a test, so the tokens read after sign-in are those at the logout.

const ACCESS_TOKEN_TTL_S = 120;

async function startWorld(revocation: boolean) {
  const dir = await buildApp();
  const world = await startOidcWorld({ appDir: dir, accessTokenTtlS: ACCESS_TOKEN_TTL_S, revocation });
  return { world, dir, stop: async () => (await world.close(), await rm(dir, { recursive: true, force: true })) };
}

/** The user's tokens as oidc-client-ts stored them (sessionStorage): for checking requests only, never printed. */
async function storedTokens(page: Page, world: OidcWorld) {
  const raw = await page.evaluate((key) => sessionStorage.getItem(key), `oidc.user:${world.issuer}:spa`);
  const u = JSON.parse(raw ?? '{}') as { access_token?: string; refresh_token?: string };
  expect(u.access_token, 'an access token after sign-in').toBeTruthy();
  expect(u.refresh_token, 'a refresh token after sign-in').toBeTruthy();
  return { access: u.access_token!, refresh: u.refresh_token! };
}

/**
 * Every request of the context from now on that leaks a token: the token in its URL or body, in any header of a
 * request not to the API, or any request to a path ending `/undefined`. Described without the token values.
 */
function leaks(context: BrowserContext, world: OidcWorld, tokens: { access: string; refresh: string }) {
  const found: string[] = [];
  const values = [tokens.access, tokens.refresh];
  const redact = (s: string) => s.replaceAll(tokens.access, '<access token>').replaceAll(tokens.refresh, '<refresh token>');
  context.on('request', (r) => {
    const url = new URL(r.url());
    const body = r.postData() ?? '';
    const headers = Object.values(r.headers()).join('\n');
    const why = [
      url.pathname.endsWith('/undefined') && 'to a path ending /undefined',
      values.some((v) => r.url().includes(v)) && 'a token in the URL',
      values.some((v) => body.includes(v)) && 'a token in the body',
      url.origin !== world.api && values.some((v) => headers.includes(v)) && 'a token in a header, not to the API',
    ].filter(Boolean);
    if (why.length) found.push(`${r.method()} ${redact(url.origin + url.pathname)}: ${why.join(', ')}`);
  });
  return found;
}

test.describe('a provider without a revocation endpoint (Microsoft Entra ID)', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  test.beforeAll(async () => {
    w = await startWorld(false);
  });
  test.afterAll(async () => w?.stop());
  test.beforeEach(() => w.world.reset());

  for (const how of ['manual', 'idle'] as const) {
    test(`${how} logout: no request carries the tokens anywhere, the app hears 'revoke': no revocation_endpoint`, async ({ browser }) => {
      const { world } = w;
      const discovery = (await (await fetch(`${world.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      expect(discovery).not.toHaveProperty('revocation_endpoint');
      const context = await appContext(browser, world, config(world));
      const page = await context.newPage();
      const t0 = Date.now();
      await signInWithForm(page, world);
      const tokens = await storedTokens(page, world);
      const leaked = leaks(context, world, tokens);
      if (how === 'manual') await page.evaluate(() => window.app.logout());
      const out = await loggedOut(page);
      expect(out.reason).toBe(how);
      // The adapter's answer: the error (fixed), or a request with the tokens (the bug: POST <app>/undefined).
      const revokeErrors = async () => (await logOf(page)).filter((e) => e.type === 'error' && e.code === 'revoke');
      await expect.poll(async () => leaked.length + (await revokeErrors()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      // The user is removed all the same.
      await expect.poll(() => page.evaluate(() => window.app.signedIn())).toBe(false);
      const why = await timeline(world, [page], t0);
      expect(leaked, why).toEqual([]);
      expect(world.revocations(), why).toEqual([]);
      // No renewal since the tokens were read: they are the ones the logout had.
      expect(world.tokenRequests().map((r) => r.grantType), why).toEqual(['authorization_code']);
      const errors = await revokeErrors();
      expect(errors, why).toHaveLength(1);
      expect(errors[0]!.name).toBe('IdleLogoutError');
      expect(errors[0]!.message).toMatch(/publishes no revocation_endpoint/);
      expect(errors[0]!.message).toMatch(/could not be revoked/);
      expect(errors[0]!.message).toMatch(/pass `revoke`/);
      // Nothing was revoked: the provider still holds both tokens (what the message warns of).
      expect((await activeTokens(world)).activeKinds.sort()).toEqual(['AccessToken', 'RefreshToken']);
      await context.close();
    });
  }
});

test.describe('a revoke deferred while the election is undecided', () => {
  let w: Awaited<ReturnType<typeof startWorld>>;
  test.beforeAll(async () => {
    w = await startWorld(true);
  });
  test.afterAll(async () => w?.stop());
  test.beforeEach(() => w.world.reset());

  const lock = (p: Page) => p.evaluate(async () => {
    const q = await navigator.locks.query();
    const mine = (l: LockInfo) => !!l.name?.startsWith('idle-logout:lead:');
    return { held: (q.held ?? []).filter(mine).map((l) => l.name!), pending: (q.pending ?? []).filter(mine).map((l) => l.name!) };
  });

  test("the app's logout handler removes the user: both tokens read at the logout are still revoked", async ({ browser }) => {
    const { world } = w;
    // A shared user store (one user for all tabs, ended by the acting tab); the app removes the user in its handler.
    const context = await appContext(browser, world, config(world, { store: 'local', removeUserOnLogout: true, timeoutMs: 120_000, warnBeforeMs: 20_000 }));
    const t0 = Date.now();
    // Tab A signs in and is elected for the sign-in: it holds the election's lock.
    const a = await context.newPage();
    await signInWithForm(a, world);
    await expect.poll(async () => (await lock(a)).held).toHaveLength(1);
    const [name] = (await lock(a)).held;
    // A tab that queues for the lock and, once it has it, keeps it and never answers (a hung or frozen tab): a
    // document of the app's origin that runs none of the app.
    const holder = await context.newPage();
    await holder.route(`${world.app}/holder`, (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>holder</title>' }));
    await holder.goto(`${world.app}/holder`);
    await holder.evaluate((n) => {
      void navigator.locks.request(n!, () => {
        (window as unknown as { holding: boolean }).holding = true;
        return new Promise(() => {});
      });
    }, name);
    await expect.poll(async () => (await lock(holder)).pending).toEqual([name]);
    await a.close();
    await expect.poll(() => holder.evaluate(() => (window as unknown as { holding?: boolean }).holding === true)).toBe(true);
    // Tab B opens on the stored user: its place in the election waits behind the holder, and nobody tells it who
    // leads, so the election stays undecided (not a race: nothing can decide it).
    const b = await openSignedIn(context, world);
    await expect.poll(async () => (await lock(b)).pending).toEqual([name]);
    expect(await stateOf(b)).toBe('active');
    expect(world.revocations()).toEqual([]);
    await b.evaluate(() => window.app.logout());
    expect((await loggedOut(b)).reason).toBe('manual');
    // The handler removed the user at once; the revoke comes a second later (no elected tab answered).
    await expect.poll(() => b.evaluate(() => window.app.signedIn())).toBe(false);
    await settledRevocations(world, 2);
    const why = await timeline(world, [b], t0);
    const revoked = world.revocations();
    expect(revoked.map((r) => [r.hint, r.kind, r.status]), why).toEqual([
      ['refresh_token', 'RefreshToken', 200],
      ['access_token', 'AccessToken', 200],
    ]);
    expect(revoked[0]?.activeAtProvider, why).toBe(true);
    expect((await logOf(b)).filter((e) => e.type === 'error'), why).toEqual([]);
    expect((await activeTokens(world)).activeKinds, why).toEqual([]);
    await context.close();
  });
});
