import { expect, test } from '@playwright/test';
import {
  ACCESS_TOKEN_TTL_S,
  activeTokens,
  appContext,
  config,
  EXPIRING_S,
  loggedOut,
  logOf,
  REVOKE_AHEAD_MS,
  settledRevocations,
  signInWithForm,
  startSuite,
  stopSuite,
  timeline,
  TIMEOUT_MS,
  work,
  type OidcSuite,
} from './support/oidc-setup';

// Access tokens that rotate while the person works (oidc-client-ts's automaticSilentRenew, its default) are the same
// sign-in: the idle clock runs from the last activity, not from the last renewal, and nothing renews once the person
// is idle into the warning. Renewals are counted at the real provider's token endpoint.
// Scaled down: access tokens of 8 s renewed every ~4 s (production: minutes), idle timeout 16 s.

let s: OidcSuite;
test.beforeAll(async () => {
  s = await startSuite();
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

test('renewals while active keep the clock; with automaticSilentRenew: true no token request from the warning on', async ({ browser }) => {
  test.setTimeout(90_000);
  const { world } = s;
  world.setApiIdleMs(TIMEOUT_MS);
  const context = await appContext(browser, world, config(world, { automaticSilentRenew: true }));
  const page = await context.newPage();
  await signInWithForm(page, world);
  const signedInAt = Date.now();

  // 1.25 × the idle timeout of calls: several renewals at the provider, no warning, every call accepted by the API.
  const { statuses, lastCall } = await work([page], 1.25 * TIMEOUT_MS);
  expect(new Set(statuses)).toEqual(new Set([200]));
  expect((await logOf(page)).filter((e) => e.type === 'warning' || e.type === 'logout')).toEqual([]);
  const renewals = () => world.tokenRequests().filter((r) => r.grantType === 'refresh_token');
  expect(renewals().filter((r) => r.at > signedInAt).length).toBeGreaterThanOrEqual(4);

  const out = await loggedOut(page);
  await settledRevocations(world, 2);
  const why = await timeline(world, [page], lastCall);
  const log = await logOf(page);
  const warning = log.find((e) => e.type === 'warning');
  expect(warning, why).toBeDefined();
  expect(out.reason, why).toBe('idle');
  // The clock ran from the last call: a renewal restarting it would put the logout up to a renewal period later.
  // Up to 1 s early is by design (fail closed): a call within a second of the one before does not move the deadline.
  expect(out.at - lastCall, why).toBeGreaterThan(TIMEOUT_MS - REVOKE_AHEAD_MS - 1_000 - 100);
  expect(out.at - lastCall, why).toBeLessThan(TIMEOUT_MS - REVOKE_AHEAD_MS + 1_000);

  // From the warning on, the provider saw no token request at all, although oidc-client-ts's expiring timer for the
  // last token (issued before the warning) fired between the warning and the logout: the renewal was held back.
  expect(world.tokenRequests().filter((r) => r.at >= warning!.at), why).toEqual([]);
  const lastRenewal = renewals().at(-1)!;
  expect(lastRenewal.at + (ACCESS_TOKEN_TTL_S - EXPIRING_S) * 1000, why).toBeLessThan(out.at);
  expect(renewals().every((r) => r.status === 200)).toBe(true);
  expect(world.revocations().filter((r) => r.hint === 'refresh_token')).toMatchObject([{ activeAtProvider: true, apiDropped: false }]);
  expect((await activeTokens(world)).activeKinds).toEqual([]);
  await context.close();
});
