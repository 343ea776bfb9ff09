import { expect, test } from '@playwright/test';
import { activeTokens, appContext, config, loggedOut, ready, sleep, startSuite, stopSuite, throughCallback, type OidcSuite } from './support/oidc-setup';

// A logout right after sign-in, before tab sync's election has settled, is still revoked exactly once. Counted at
// the real provider's revocation endpoint and checked by its introspection endpoint, not taken from the SDK.

let s: OidcSuite;
test.beforeAll(async () => {
  s = await startSuite();
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

const RUNS = 20;

test(`idle.logout() 0–50 ms after the first API call, ${RUNS} fresh pages: ${RUNS} revokes, 0 tokens left active`, async ({ browser }) => {
  test.setTimeout(180_000);
  const { world } = s;
  const perRun: { delay: number; grants?: number; refresh?: number; access?: number; logout?: string; error?: string }[] = [];
  const run = async (i: number) => {
    const delay = Math.round((i * 50) / (RUNS - 1));
    const account = `run${i}`;
    // A fresh browser each time: empty storage, no provider session, no other tab.
    const context = await appContext(browser, world, config(world, { logoutAfterFirstCallMs: delay }));
    try {
      const page = await context.newPage();
      await page.goto(`${world.app}/`);
      await ready(page);
      await page.click('#signin');
      await page.fill('input[name="login"]', account);
      await page.fill('input[name="password"]', 'any');
      // Back from the provider, the app calls the API once and logs out `delay` ms later.
      await throughCallback(page, world, () => page.click('button[type="submit"]'));
      const out = await loggedOut(page, 5_000).catch(() => undefined);
      // This sign-in's two revocation requests (refresh, access), or 5 s; then 500 ms more for any duplicate.
      const mine = () => world.revocations().filter((r) => r.account === account);
      for (const until = Date.now() + 5_000; mine().length < 2 && Date.now() < until; ) await sleep(100);
      await sleep(500);
      perRun.push({
        delay,
        grants: world.grants(account).length,
        logout: out?.reason,
        refresh: mine().filter((r) => r.hint === 'refresh_token').length,
        access: mine().filter((r) => r.hint === 'access_token').length,
      });
    } catch (e) {
      perRun.push({ delay, error: String(e).slice(0, 200) });
    }
    await context.close();
  };
  // Two people at a time (separate browsers), to keep the test short; each run is on its own.
  for (let i = 0; i < RUNS; i += 2) await Promise.all([i, i + 1].filter((n) => n < RUNS).map(run));
  const why = JSON.stringify(perRun);
  // Each sign-in: a manual logout and exactly one revoke (its refresh token, then its access token), all accepted.
  expect(perRun.filter((r) => r.error || r.grants !== 1), why).toEqual([]);
  expect(perRun.filter((r) => r.logout !== 'manual'), why).toEqual([]);
  expect(perRun.filter((r) => r.refresh !== 1 || r.access !== 1), why).toEqual([]);
  const revoked = world.revocations();
  expect(revoked.filter((r) => r.hint === 'refresh_token' && r.activeAtProvider).length, why).toBe(RUNS);
  expect(revoked.every((r) => r.status === 200)).toBe(true);
  // And nothing the provider issued is still active.
  const tokens = await activeTokens(world);
  expect(tokens.total).toBeGreaterThanOrEqual(2 * RUNS);
  expect(tokens.activeKinds).toEqual([]);
});
