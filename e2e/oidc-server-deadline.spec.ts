import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  activeTokens,
  appContext,
  config,
  loggedOut,
  signInWithForm,
  sleep,
  startSuite,
  stopSuite,
  timeline,
  TIMEOUT_MS,
  work,
  type OidcSuite,
} from './support/oidc-setup';

// The API drops a sign-in after the same idle timeout the SDK enforces (told to the SDK by `timeoutFrom`). The SDK's
// revoke must reach the provider before the API's deadline, every time: measured at the provider against the API's
// own clock for that grant. Scaled down: 16 s timeout; the logouts run side by side, one browser context (one person)
// each, so that many fit in a short test (the 20 sequential ones would take 10 minutes even scaled down).

let s: OidcSuite;
test.beforeAll(async () => {
  s = await startSuite();
});
test.afterAll(async () => stopSuite(s));
test.beforeEach(() => s.world.reset());

const PEOPLE = 10;

test(`server idle timeout = SDK timeout, ${PEOPLE} idle logouts: 0 revokes after the server's deadline, 0 tokens left active`, async ({ browser }) => {
  test.setTimeout(120_000);
  const { world } = s;
  world.setApiIdleMs(TIMEOUT_MS);
  world.setTimeoutMs(TIMEOUT_MS);
  // Sign-ins two at a time (the login form on a busy 2-core machine), each person then works a moment and goes idle.
  const people: { context: BrowserContext; page: Page }[] = [];
  const signIn = async (i: number) => {
    const context = await appContext(browser, world, config(world, { timeoutFrom: true }));
    const page = await context.newPage();
    await signInWithForm(page, world, `person${i}`);
    const { statuses } = await work([page], 1_000, 500);
    expect(new Set(statuses)).toEqual(new Set([200]));
    people.push({ context, page });
  };
  for (let i = 0; i < PEOPLE; i += 2) await Promise.all([i, i + 1].filter((n) => n < PEOPLE).map(signIn));
  const t0 = Date.now();
  const outs = await Promise.all(people.map(({ page }) => loggedOut(page, 45_000)));
  // Let every revoke (and any retry) land.
  await expect
    .poll(() => world.revocations().filter((r) => r.hint === 'refresh_token').length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(PEOPLE)
    .catch(() => undefined);
  await sleep(1_000);
  const why = await timeline(world, people.map((p) => p.page), t0);
  expect(outs.map((o) => o.reason), why).toEqual(people.map(() => 'idle'));

  const revoked = world.revocations();
  const grants = world.grants();
  expect(grants.length).toBe(PEOPLE);
  // Each sign-in's refresh token revoked exactly once, while still active, before the API had dropped it.
  for (const g of grants) {
    const mine = revoked.filter((r) => r.grantId === g && r.hint === 'refresh_token');
    expect(mine.length, why).toBe(1);
    expect(mine[0], why).toMatchObject({ activeAtProvider: true, apiDropped: false, status: 200 });
  }
  const late = revoked.filter((r) => r.apiDropped || (r.msBeforeApiDeadline ?? 0) <= 0);
  expect(late, why).toEqual([]);
  // How far ahead of the API's deadline the revokes came (for the report).
  const ahead = revoked.filter((r) => r.hint === 'refresh_token').map((r) => r.msBeforeApiDeadline!);
  test.info().annotations.push({ type: 'ms ahead of the API deadline', description: `min ${Math.min(...ahead)}, max ${Math.max(...ahead)}` });
  expect((await activeTokens(world)).activeKinds).toEqual([]);
  await Promise.all(people.map(({ context }) => context.close()));
});
