import { expect, test } from '@playwright/test';
import {
  activeTokens,
  appContext,
  callApi,
  config,
  loggedOut,
  logOf,
  REVOKE_AHEAD_MS,
  settledRevocations,
  signInWithForm,
  sleep,
  startSuite,
  stateOf,
  stopSuite,
  timeline,
  TIMEOUT_MS,
  typecheckApp,
  WARN_BEFORE_MS,
  type OidcSuite,
} from './support/oidc-setup';

// One person, one tab, oidc-client-ts with its defaults (sessionStorage, automaticSilentRenew) against a real OpenID
// provider. Every claim about tokens is read from the provider (its revocation log and introspection endpoint) and
// the resource API, never from the SDK. Timings scaled down: a 16 s idle timeout instead of minutes.

let s: OidcSuite;
test.beforeAll(async () => {
  s = await startSuite();
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

test('the test app type-checks with tsc --strict against the real oidc-client-ts and the package types', async () => {
  const { code, output } = await typecheckApp();
  expect(output).toBe('');
  expect(code).toBe(0);
});

test('one tab: sign in at the login form, calls, warning, idle logout with both tokens revoked, API 401, sign in again at the form, route restored', async ({ browser }) => {
  test.setTimeout(90_000);
  const { world } = s;
  // The API enforces the same idle timeout as the SDK.
  world.setApiIdleMs(TIMEOUT_MS);
  const context = await appContext(browser, world, config(world));
  const page = await context.newPage();
  await signInWithForm(page, world);
  expect(world.logins()).toBe(1);

  await page.evaluate(() => window.app.go('/work/42'));
  for (let i = 0; i < 3; i++) {
    if (i) await sleep(500);
    expect(await callApi(page)).toBe(200);
  }
  const lastCall = Date.now();

  // Idle: the warning WARN_BEFORE_MS before the deadline, the logout REVOKE_AHEAD_MS before it.
  const out = await loggedOut(page);
  const revoked = await settledRevocations(world, 2);
  const why = await timeline(world, [page], lastCall);
  const log = await logOf(page);
  const warning = log.find((e) => e.type === 'warning');
  expect(warning, why).toBeDefined();
  // The warning comes WARN_BEFORE_MS before the deadline, or before the (earlier) logout: either is fine.
  expect(warning!.at - lastCall, why).toBeGreaterThan(TIMEOUT_MS - REVOKE_AHEAD_MS - WARN_BEFORE_MS - 500);
  expect(warning!.at - lastCall, why).toBeLessThan(TIMEOUT_MS - WARN_BEFORE_MS + 1_000);
  expect(out, why).toMatchObject({ reason: 'idle', lead: true });
  expect(out.at - lastCall, why).toBeLessThan(TIMEOUT_MS - REVOKE_AHEAD_MS + 1_000);
  expect(out.at - lastCall, why).toBeGreaterThan(TIMEOUT_MS - REVOKE_AHEAD_MS - 500);

  // At the provider: one revoke of the refresh token, then one of the access token, before the API's deadline.
  expect(revoked.map((r) => r.hint), why).toEqual(['refresh_token', 'access_token']);
  expect(revoked[0], why).toMatchObject({ kind: 'RefreshToken', activeAtProvider: true, apiDropped: false, status: 200, client: 'spa' });
  expect(revoked[0]!.msBeforeApiDeadline, why).toBeGreaterThan(0);
  // Every token the provider issued (access and refresh, renewed ones too) is inactive; the API answers 401.
  const tokens = await activeTokens(world);
  expect(tokens.total).toBeGreaterThanOrEqual(2);
  expect(tokens.active).toBe(0);
  expect(new Set(await world.apiStatusForIssued())).toEqual(new Set([401]));

  // Back at sign-in.
  expect(await stateOf(page)).toBe('logged-out');
  await expect(page.locator('#signin')).toBeVisible();
  expect(await page.evaluate(() => window.app.signedIn())).toBe(false);

  // Signing in again shows the login form (the provider session does not undo the idle logout), then the route.
  await signInWithForm(page, world);
  expect(world.logins()).toBe(2);
  await expect.poll(() => page.evaluate(() => window.app.restored)).toBe('/work/42');
  expect(new URL(page.url()).pathname).toBe('/work/42');
  expect(await callApi(page), await timeline(world, [page], lastCall)).toBe(200);
  expect(await stateOf(page)).toBe('active');
  await context.close();
});
