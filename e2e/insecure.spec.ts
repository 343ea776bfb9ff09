import { createHash } from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import config from '../playwright.config';
import { resetStats, setTimeoutSeconds, signIn } from './support/server';
import { events, pass, revokes, state } from './support/tabs';

// A plain-http page on a name other than localhost (an intranet app, `http://crm.intranet`) is an insecure context:
// no `crypto.subtle`, no Web Locks. The SDK hashes tokens with its own SHA-256 there (a file loaded only then) and
// elects over messages, so tabs still share one clock. `intranet.test` is mapped to the reference server's 127.0.0.1.
// Two tabs of one context, e2e/pages/rel-sync.html in both builds.

const MIN = 60_000;

// playwright.config.ts's launch options, plus the name (a launch option: it holds for the whole file).
const launchOptions = config.use?.launchOptions;
test.use({ launchOptions: { ...launchOptions, args: [...(launchOptions?.args ?? []), '--host-resolver-rules=MAP intranet.test 127.0.0.1'] } });

const INTRANET = () => `http://intranet.test:${process.env.E2E_PORT}`;
/** dist/index.mjs (the fallback a chunk beside it) and the script-tag build (a file beside the script). */
const BUILDS = ['esm', 'iife'] as const;

/** What the test reads from e2e/pages/rel-sync.html, and what `open` adds. */
type Tab = Window & {
  ready: Promise<void>;
  idle: import('../src/index').IdleLogout;
  events: string[];
  /** Uncaught errors and unhandled rejections (the page records them). */
  errors: string[];
  callApi(): Promise<number | string>;
  channels: string[];
  leads: boolean[];
};

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

async function open(context: BrowserContext, token: string, query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The names of the channels the SDK opens: they carry the token's hash.
  await page.addInitScript(() => {
    const Native = BroadcastChannel;
    const w = window as unknown as Tab;
    w.channels = [];
    window.BroadcastChannel = class extends Native {
      constructor(name: string) {
        super(name);
        w.channels.push(name);
      }
    };
  });
  await page.goto(`${INTRANET()}/e2e/rel-sync.html?${query}#${token}`);
  expect(await page.evaluate(() => [isSecureContext, typeof crypto.subtle, typeof navigator.locks])).toEqual([false, 'undefined', 'undefined']);
  await page.evaluate(() => (window as unknown as Tab).ready);
  // Ready once tab sync has opened the token's channel, named by its SHA-256 as Web Crypto gives it elsewhere (tabs
  // on secure pages would agree): the fallback hashed it. A busy machine may take seconds: the cap is generous.
  const hash = createHash('sha256').update(token).digest('hex');
  await expect.poll(() => page.evaluate(() => (window as unknown as Tab).channels), { timeout: 30_000 }).toContain(`idle-logout:${hash}`);
  await page.evaluate(() => {
    const w = window as unknown as Tab;
    w.leads = [];
    w.idle.on('logout', (e) => w.leads.push(e.lead));
  });
  return { page, errors };
}

/** Which tabs lead the person back after the shared logout, sorted. */
const leads = async (tabs: Page[]) => (await Promise.all(tabs.map((p) => p.evaluate(() => (window as unknown as Tab).leads)))).flat().sort();
const deadline = (p: Page) => p.evaluate(() => Date.now() + (window as unknown as Tab).idle.remainingMs());

for (const build of BUILDS) {
  test(`${build}: plain-http intranet origin (no Web Crypto, no Web Locks): tabs share one clock and both log out`, async ({ context }) => {
    const token = await signIn(`intranet-ivy-${build}`);
    await context.clock.install();
    const [a, b] = [await open(context, token, `build=${build}&timeout=900&warn=60`), await open(context, token, `build=${build}&timeout=900&warn=60`)];
    const tabs = [a.page, b.page];

    // Activity in A (an API call five minutes in) moves B's deadline with it: both tabs then agree on the new one.
    await pass(context, 5 * MIN);
    const before = await deadline(b.page);
    expect(await a.page.evaluate(() => (window as unknown as Tab).callApi())).toBe(200);
    await expect.poll(() => deadline(b.page)).toBeGreaterThan(before + 4 * MIN);
    expect(Math.abs((await deadline(b.page)) - (await deadline(a.page)))).toBeLessThanOrEqual(1000);

    // Then nothing: both warn at 14 minutes and have logged out by 16, one of them leading.
    await pass(context, 14 * MIN);
    expect(await state(tabs)).toEqual(['warning', 'warning']);
    await pass(context, 2 * MIN);
    expect(await events(tabs)).toEqual([
      ['warning', 'logout:idle'],
      ['warning', 'logout:idle'],
    ]);
    expect(await leads(tabs)).toEqual([false, true]);
    // No revoke count here: the election without Web Locks runs on timers, and Playwright moves one page's clock
    // through a whole step before the next page's, so a jump can elect a second tab before the first answers. The
    // next test counts revokes in real time.

    expect([a.errors, b.errors]).toEqual([[], []]);
    expect(await Promise.all(tabs.map((p) => p.evaluate(() => (window as unknown as Tab).errors)))).toEqual([[], []]);
  });

  test(`${build}: plain-http intranet origin, in real time: an idle logout reaches both tabs, one leads and one revokes`, async ({ context }) => {
    const token = await signIn(`intranet-jay-${build}`);
    // A short timeout (15 s, a warning 5 s before), no clock moved: the election runs over messages in real time.
    const query = `build=${build}&timeout=15&warn=5`;
    const [a, b] = [await open(context, token, query), await open(context, token, query)];
    const tabs = [a.page, b.page];
    // Activity with both tabs there: the shared countdown starts again from now, however long opening B took.
    expect(await a.page.evaluate(() => (window as unknown as Tab).callApi())).toBe(200);
    await expect.poll(() => state(tabs), { timeout: 30_000 }).toEqual(['logged-out', 'logged-out']);
    // However slowly a busy machine opened the tabs, each ends with the idle logout, and nothing failed on the way.
    for (const e of await events(tabs)) expect([e.at(-1), e.filter((x) => x.startsWith('error:'))]).toEqual(['logout:idle', []]);
    expect(await leads(tabs)).toEqual([false, true]);
    await revokes(1);
    // The hash came from the fallback: in the ESM build a chunk of its own, fetched once per page (and only here, where
    // Web Crypto is missing); the script-tag build carries it inside its one file, so nothing more is fetched.
    for (const page of tabs) {
      const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
      expect(fetched.filter((url) => /sha256/.test(url))).toHaveLength(build === 'esm' ? 1 : 0);
    }
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect(await Promise.all(tabs.map((p) => p.evaluate(() => (window as unknown as Tab).errors)))).toEqual([[], []]);
  });
}
