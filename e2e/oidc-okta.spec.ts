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

// okta-auth-js 8 against a real OpenID provider (node-oidc-provider) and a resource API that checks tokens by
// introspection. The app runs docs/oidc-clients.md's recipe (e2e/oidc-clients/okta/recipe.ts). Every claim about
// tokens is read from the provider (its token and revocation requests, its introspection endpoint) and the API, never
// from the SDK. Timings scaled down (16 s idle timeout); access tokens renewed every ~4 s while allowed.

let s: Suite;
test.beforeAll(async () => {
  s = await startSuite('okta');
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

test('the okta-auth-js and auth0-spa-js apps, recipes and the doc’s usage examples type-check with tsc --strict against the real libraries and the package types', async () => {
  const { code, output } = await typecheckApps();
  expect(output).toBe('');
  expect(code).toBe(0);
});

test('docs/oidc-clients.md shows the okta-auth-js recipe and its usage exactly as the tests run and type-check them', async () => {
  const blocks = await docBlocks();
  const mine = blocks.filter((b) => b.path.startsWith('e2e/oidc-clients/okta/'));
  expect(mine.map((b) => b.path).sort()).toEqual(['e2e/oidc-clients/okta/recipe.ts', 'e2e/oidc-clients/okta/usage.ts']);
  for (const b of mine) expect(b.doc, b.path).toBe(b.file);
});

test('okta-auth-js with its defaults (autoRemove, autoRenew off): the library removes the expired token → a logout event with reason signed-out, state logged-out, the grant revoked', async ({
  browser,
}) => {
  const { world } = s;
  const context = await appContext(browser, world, config(world, { oktaDefaults: true }));
  const page = await context.newPage();
  await signInWithForm(page, world);
  const t0 = Date.now();
  expect(await callApi(page)).toBe(200);

  // okta-auth-js drops the access token ~4 s after it was issued (34 s lifetime, expireEarlySeconds 30), long before
  // the idle warning (8 s after the last call). The SDK sees it at its next look at getToken() (its next timer, a
  // request, a read of its state): a logout with a reason, instead of the warning.
  const removed = await event(page, 'removed', 20_000);
  const out = await event(page, 'logout', 20_000);
  const why = await timeline(world, page, t0);
  expect(out.reason, why).toBe('signed-out');
  expect(out.at, why).toBeGreaterThanOrEqual(removed.at);
  expect((await logOf(page)).some((e) => e.type === 'warning'), why).toBe(false);
  test.info().annotations.push({ type: 'signed-out latency', description: `${out.at - removed.at} ms after the library removed the token` });
  expect(await stateOf(page)).toBe('logged-out');
  expect(await page.evaluate(() => window.clientsApp.canRenew())).toBe(false);

  // Every logout revokes: the refresh token okta-auth-js kept (it ends the grant, with every access token of it).
  const revoked = await settledRevocations(world, 1);
  expect(revoked.map((r) => r.hint), why).toContain('refresh_token');
  expect(revoked.every((r) => r.status === 200), why).toBe(true);
  const tokens = await world.introspectIssued();
  expect(tokens.filter((t) => t.active), why).toEqual([]);
  await context.close();
});

test('okta-auth-js recipe: sign in at the form, API calls count while renewals keep the clock, idle → warning (no renewal) → logout → refresh and access tokens inactive at the provider, next sign-in at the form', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { world } = s;
  const context = await appContext(browser, world, config(world));
  const page = await context.newPage();
  await signInWithForm(page, world);
  expect(world.logins()).toBe(1);
  const t0 = Date.now();

  // Work past the idle timeout: every call reaches the API (200) and counts; the access token is renewed every ~4 s
  // (refresh_token grants at the provider) and each renewal keeps the clock (same sign-in session): no warning.
  const statuses = await work(page, TIMEOUT_MS + 4_000);
  const lastCall = Date.now();
  let why = await timeline(world, page, t0);
  expect(statuses.every((st) => st === 200), why).toBe(true);
  expect(world.apiCalls().filter((c) => c.status === 200).length, why).toBe(statuses.length);
  const renewalsWhileWorking = world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.status === 200).length;
  expect(renewalsWhileWorking, why).toBeGreaterThanOrEqual(3);
  expect((await logOf(page)).filter((e) => e.type === 'warning' || e.type === 'logout'), why).toEqual([]);

  // Idle: the warning; in it the library's expiry asks for a renewal and the app tries one itself: neither happens.
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
  expect(world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at > lastCall && r.at < warning.at).length, why).toBeGreaterThanOrEqual(1);
  // Renewals after the last call (every ~4 s until the warning) kept its clock: a renewal read as a new sign-in would
  // have pushed the logout past this.
  expect(out.at - lastCall, why).toBeLessThan(TIMEOUT_MS - REVOKE_AHEAD_MS + 1_500);
  expect(await stateOf(page)).toBe('logged-out');
  const log = await logOf(page);
  expect(log.filter((e) => e.type === 'expired-gated' && e.at >= warning.at && e.at <= out.at).length, why).toBeGreaterThanOrEqual(1);
  expect(log.filter((e) => e.type === 'expired-renewable' && e.at >= warning.at).length, why).toBe(0);
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

test('okta-auth-js recipe: a token that expired during the warning is renewed when the person stays signed in', async ({ browser }) => {
  const { world } = s;
  const context = await appContext(browser, world, config(world));
  const page = await context.newPage();
  await signInWithForm(page, world);
  expect(await callApi(page)).toBe(200);
  const t0 = Date.now();

  // Into the warning, until okta-auth-js reports the token expired there (not renewed: the gate is closed).
  const warning = await event(page, 'warning');
  await page.waitForFunction((at) => window.clientsApp.log.some((e) => e.type === 'expired-gated' && e.at >= at), warning.at);
  const staying = Date.now();
  let why = await timeline(world, page, t0);
  expect(world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at >= warning.at), why).toEqual([]);

  // "Stay signed in": active again, the expired token renewed (a refresh_token grant at the provider), calls work.
  await page.evaluate(() => window.clientsApp.extend());
  await expect.poll(() => world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.status === 200 && r.at >= staying).length).toBeGreaterThanOrEqual(1);
  expect(await stateOf(page)).toBe('active');
  expect(await callApi(page)).toBe(200);
  why = await timeline(world, page, t0);
  expect((await logOf(page)).filter((e) => e.type === 'logout'), why).toEqual([]);
  await context.close();
});
