import { expect, test } from '@playwright/test';
import {
  appContext,
  callApi,
  config,
  docBlocks,
  event,
  logOf,
  REVOKE_AHEAD_MS,
  settledRevocations,
  sleep,
  signInWithForm,
  startSuite,
  stateOf,
  stopSuite,
  timeline,
  TIMEOUT_MS,
  typecheckApps,
  WARN_BEFORE_MS,
  work,
  type Suite,
} from './oidc-clients/setup';

// auth0-spa-js 2 against a real OpenID provider (node-oidc-provider, with Auth0's routes) and a resource API that
// checks tokens by introspection. The app runs docs/oidc-clients.md's recipe (e2e/oidc-clients/auth0/recipe.ts).
// Every claim about tokens is read from the provider (its token and revocation requests, its introspection endpoint)
// and the API, never from the SDK. Timings scaled down (16 s idle timeout); access tokens live 5 s, renewed by
// getTokenSilently when a call needs one, while allowed.

let s: Suite;
test.beforeAll(async () => {
  s = await startSuite('auth0');
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

test('the okta-auth-js and auth0-spa-js apps, recipes and the doc’s usage examples type-check with tsc --strict against the real libraries and the package types', async () => {
  const { code, output } = await typecheckApps();
  expect(output).toBe('');
  expect(code).toBe(0);
});

test('docs/oidc-clients.md shows the auth0-spa-js recipe and its usage exactly as the tests run and type-check them', async () => {
  const blocks = await docBlocks();
  const mine = blocks.filter((b) => b.path.startsWith('e2e/oidc-clients/auth0/'));
  expect(mine.map((b) => b.path).sort()).toEqual(['e2e/oidc-clients/auth0/recipe.ts', 'e2e/oidc-clients/auth0/usage.ts']);
  for (const b of mine) expect(b.doc, b.path).toBe(b.file);
});

test('auth0-spa-js recipe: sign in at the form, API calls count while renewals keep the clock, idle → warning (getTokenSilently does not renew) → logout → refresh and access tokens inactive at the provider, next sign-in at the form', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { world } = s;
  const context = await appContext(browser, world, config(world));
  const page = await context.newPage();
  await signInWithForm(page, world);
  expect(world.logins()).toBe(1);
  const t0 = Date.now();

  // Work past the idle timeout: every call reaches the API (200) and counts; getTokenSilently renews the 5 s access
  // token (refresh_token grants at the provider) and each renewal keeps the clock (same sign-in session): no warning.
  const statuses = await work(page, TIMEOUT_MS + 4_000);
  const lastCall = Date.now();
  let why = await timeline(world, page, t0);
  expect(statuses.every((st) => st === 200), why).toBe(true);
  expect(world.apiCalls().filter((c) => c.status === 200).length, why).toBe(statuses.length);
  const renewalsWhileWorking = world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.status === 200).length;
  expect(renewalsWhileWorking, why).toBeGreaterThanOrEqual(3);
  expect((await logOf(page)).filter((e) => e.type === 'warning' || e.type === 'logout'), why).toEqual([]);

  // Idle, before the warning: a background job takes a token (no API call, so no activity) and auth0-spa-js renews
  // it: a renewal of the same sign-in, which keeps the idle clock (checked by the logout's time below).
  await sleep(3_000);
  expect(await page.evaluate(() => window.clientsApp.renew())).toBe(true);
  await expect.poll(() => world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.status === 200 && r.at > lastCall).length).toBe(1);

  // The warning. The token has expired by then; the background job asks getTokenSilently again: from the cache only,
  // so no renewal.
  const warning = await event(page, 'warning');
  // The logout (and revoke) comes REVOKE_AHEAD_MS before the deadline, the warning WARN_BEFORE_MS before that logout.
  expect(warning.at - lastCall).toBeGreaterThanOrEqual(TIMEOUT_MS - REVOKE_AHEAD_MS - WARN_BEFORE_MS - 1_000);
  expect(await page.evaluate(() => window.clientsApp.canRenew())).toBe(false);
  expect(await page.evaluate(() => window.clientsApp.renew())).toBe(false);
  const out = await event(page, 'logout');
  why = await timeline(world, page, t0);
  expect(out.reason, why).toBe('idle');
  expect(out.endSession, why).toBe(true);
  expect(out.at - lastCall, why).toBeGreaterThanOrEqual(TIMEOUT_MS - REVOKE_AHEAD_MS - 1_000);
  // And not later: the renewal after the last call kept its clock (read as a new sign-in, it would have pushed the
  // logout past this).
  expect(out.at - lastCall, why).toBeLessThan(TIMEOUT_MS - REVOKE_AHEAD_MS + 1_500);
  expect(await stateOf(page)).toBe('logged-out');
  const log = await logOf(page);
  expect(log.filter((e) => e.type === 'renew-refused' && e.at >= warning.at && e.at <= out.at).length, why).toBe(1);
  // From the provider: no refresh_token grant from the warning on.
  expect(world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at >= warning.at), why).toEqual([]);

  // The revoke: refresh token first, then the access token, both accepted; every token issued is inactive.
  const revoked = await settledRevocations(world, 2);
  why = await timeline(world, page, t0);
  expect(revoked.map((r) => r.hint), why).toEqual(['refresh_token', 'access_token']);
  expect(revoked.every((r) => r.status === 200), why).toBe(true);
  const tokens = await world.introspectIssued();
  expect(tokens.some((t) => t.kind === 'RefreshToken') && tokens.some((t) => t.kind === 'AccessToken'), why).toBe(true);
  expect(tokens.filter((t) => t.active), why).toEqual([]);
  expect(world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at >= warning.at), why).toEqual([]);

  // Signing in again asks for credentials (prompt=login), then calls work again.
  await signInWithForm(page, world);
  expect(world.logins()).toBe(2);
  expect(await callApi(page)).toBe(200);
  expect(await stateOf(page)).toBe('active');
  await context.close();
});
