import { expect, test, type Page } from '@playwright/test';
import {
  activeTokens,
  appContext,
  callApi,
  config,
  countTokenRequests,
  loggedOut,
  logOf,
  openSignedIn,
  settledRevocations,
  signInWithForm,
  sleep,
  startSuite,
  stateOf,
  stopSuite,
  timeline,
  TIMEOUT_MS,
  work,
  type OidcSuite,
} from './support/oidc-setup';
import type { LogEntry } from './oidc/app/main';

// Several tabs of one sign-in at a real OpenID provider. Scaled down (production: an hour of work and a 15-minute
// timeout): 16 s idle timeout, 1.25 × that of work, access tokens renewed every ~4 s. Every token claim is read from
// the provider: its revocation log, its token-endpoint log and its introspection endpoint.

let s: OidcSuite;
test.beforeAll(async () => {
  s = await startSuite();
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

const warningsOrLogouts = async (pages: Page[]) =>
  (await Promise.all(pages.map(logOf))).flat().filter((e) => e.type === 'warning' || e.type === 'logout');

/** All tabs log out idle, within 1 s of each other, exactly one of them leading the person back, all at sign-in. */
async function allLogOutTogether(pages: Page[], t0: number) {
  const outs: LogEntry[] = await Promise.all(pages.map((p) => loggedOut(p)));
  const why = await timeline(s.world, pages, t0);
  expect(outs.map((o) => o.reason), why).toEqual(pages.map(() => 'idle'));
  const at = outs.map((o) => o.at);
  expect(Math.max(...at) - Math.min(...at), why).toBeLessThanOrEqual(1_000);
  expect(outs.filter((o) => o.lead).length, why).toBe(1);
  for (const p of pages) {
    expect(await stateOf(p)).toBe('logged-out');
    await expect.poll(() => p.evaluate(() => window.app.signedIn())).toBe(false);
    await expect(p.locator('#signin')).toBeVisible();
  }
  return outs;
}

/**
 * One idle logout of the sign-in: each token family (one per tab with per-tab tokens, one for all with a shared user)
 * has its refresh token revoked exactly once, then its access token, all before the API's deadline; the first refresh
 * revoke reached a live token. Nothing the provider issued is active afterwards.
 */
async function oneRevokePerFamilyAndNothingActive(families: number, pages: Page[], t0: number) {
  const { world } = s;
  expect(world.families().length).toBe(families);
  await settledRevocations(world, 2 * families);
  const revoked = world.revocations();
  const why = await timeline(world, pages, t0);
  for (const f of world.families()) {
    const mine = revoked.filter((r) => r.family === f);
    expect(mine.map((r) => r.hint), `family ${f}: ${why}`).toEqual(['refresh_token', 'access_token']);
  }
  expect(revoked.filter((r) => r.family === undefined), why).toEqual([]);
  expect(revoked.find((r) => r.hint === 'refresh_token'), why).toMatchObject({ kind: 'RefreshToken', activeAtProvider: true, status: 200 });
  expect(revoked.filter((r) => r.apiDropped || (r.msBeforeApiDeadline ?? 0) <= 0), why).toEqual([]);
  // Every tab's tokens, renewed ones too, are inactive at the provider.
  expect((await activeTokens(world)).activeKinds).toEqual([]);
}

test('two tabs with their own tokens (sessionStorage): activity in A keeps B signed in, idle logs both out together, one revoke per token family, one lead', async ({ browser }) => {
  test.setTimeout(120_000);
  const { world } = s;
  world.setApiIdleMs(TIMEOUT_MS);
  const context = await appContext(browser, world, config(world, { store: 'session' }));
  const a = await context.newPage();
  await signInWithForm(a, world);
  // B signs in on its own (oidc-client-ts's default per-tab store): the provider session answers, no form. A keeps
  // working meanwhile: on a busy machine B's sign-in can take longer than A's way into its warning (and A's 8 s token
  // then expires with renewals held back; see README, "OpenID Connect").
  let signingIn = true;
  const keepA = (async () => {
    while (signingIn) await Promise.all([callApi(a), sleep(1500)]);
  })();
  const b = await openSignedIn(context, world, '/');
  signingIn = false;
  await keepA;
  expect(world.logins()).toBe(1);
  const codes = world.tokenRequests().filter((r) => r.grantType === 'authorization_code');
  expect(codes.length).toBe(2);
  expect(world.grants().length).toBe(1);
  const start = Date.now();

  // Work in A only, for longer than the idle timeout: B neither warns nor logs out, and is still signed in.
  const { statuses } = await work([a], 1.25 * TIMEOUT_MS);
  expect(new Set(statuses), await timeline(world, [a, b], start)).toEqual(new Set([200]));
  expect(await warningsOrLogouts([a, b]), await timeline(world, [a, b], start)).toEqual([]);
  expect(await stateOf(b)).toBe('active');
  expect(await callApi(b)).toBe(200);
  const lastCall = Date.now();

  await allLogOutTogether([a, b], lastCall);
  // Two token families (one per tab), one grant.
  await oneRevokePerFamilyAndNothingActive(2, [a, b], lastCall);
  await context.close();
});

test('two tabs sharing the user (localStorage), renewing: one clock, one renewer', async ({ browser }) => {
  test.setTimeout(120_000);
  const { world } = s;
  world.setApiIdleMs(TIMEOUT_MS);
  const context = await appContext(browser, world, config(world, { store: 'local' }));
  const a = await context.newPage();
  const renewsA = countTokenRequests(a, world);
  await signInWithForm(a, world);
  // B reads the shared user: no sign-in of its own.
  const b = await openSignedIn(context, world, '/');
  const renewsB = countTokenRequests(b, world);
  expect(world.tokenRequests().filter((r) => r.grantType === 'authorization_code').length).toBe(1);
  const start = Date.now();

  const { statuses } = await work([a], 1.25 * TIMEOUT_MS);
  // One renewer: the renewals come from one tab, one at a time, and the rotating refresh token is never reused
  // (a reuse is refused, invalid_grant, and the provider revokes the whole grant: 401 from then on).
  const renewals = world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at >= start);
  expect(renewals.filter((r) => r.status !== 200)).toEqual([]);
  expect([renewsA, renewsB].filter((seen) => seen.some((t) => t >= start)).length).toBe(1);
  expect(renewals.length).toBeGreaterThanOrEqual(3);
  const gaps = renewals.slice(1).map((r, i) => r.at - renewals[i]!.at);
  expect(Math.min(...gaps)).toBeGreaterThan(2_000);
  // One clock: A's work kept B signed in.
  expect(new Set(statuses), await timeline(world, [a, b], start)).toEqual(new Set([200]));
  expect(await warningsOrLogouts([a, b]), await timeline(world, [a, b], start)).toEqual([]);
  expect(await callApi(b)).toBe(200);
  const lastCall = Date.now();

  await allLogOutTogether([a, b], lastCall);
  await oneRevokePerFamilyAndNothingActive(1, [a, b], lastCall);
  await context.close();
});

test('three tabs sharing the user, one renewing, work rotating between them: no warning while working, all log out within 1 s, one revoke', async ({ browser }) => {
  test.setTimeout(120_000);
  const { world } = s;
  world.setApiIdleMs(TIMEOUT_MS);
  const context = await appContext(browser, world, config(world, { store: 'local' }));
  const a = await context.newPage();
  const counts = [countTokenRequests(a, world)];
  await signInWithForm(a, world);
  const b = await openSignedIn(context, world, '/b');
  counts.push(countTokenRequests(b, world));
  const c = await openSignedIn(context, world, '/c');
  counts.push(countTokenRequests(c, world));
  const start = Date.now();

  // Work moves from tab to tab with every call (an hour scaled down to 1.25 × the timeout).
  const { statuses, lastCall } = await work([a, b, c], 1.25 * TIMEOUT_MS);
  const renewals = world.tokenRequests().filter((r) => r.grantType === 'refresh_token' && r.at >= start);
  expect(renewals.filter((r) => r.status !== 200)).toEqual([]);
  expect(counts.filter((seen) => seen.some((t) => t >= start)).length).toBe(1);
  expect(renewals.length).toBeGreaterThanOrEqual(3);
  expect(new Set(statuses), await timeline(world, [a, b, c], start)).toEqual(new Set([200]));
  expect(await warningsOrLogouts([a, b, c]), await timeline(world, [a, b, c], start)).toEqual([]);

  await allLogOutTogether([a, b, c], lastCall);
  await oneRevokePerFamilyAndNothingActive(1, [a, b, c], lastCall);
  await context.close();
});
