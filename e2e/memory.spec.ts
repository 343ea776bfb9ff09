import { expect, test, type Page } from '@playwright/test';
import { A, advanceServer, B, resetStats, setTimeoutSeconds, signIn } from './support/server';

const MIN = 60_000;

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

/** Moves the page's clock and the server's together. */
async function pass(page: Page, ms: number, step = MIN) {
  for (let done = 0; done < ms; done += step) {
    await advanceServer(step);
    await page.clock.runFor(step);
  }
}

const where = (page: Page) => page.evaluate(() => location.pathname + location.search + location.hash);

/** Signed in as `user` at `route` with a half-filled form, then idle until logged out. */
async function workThenIdle(page: Page, user: string, route = '/queues/42?tab=stats#top') {
  await page.goto(`${B()}/e2e/memory.html`);
  await page.evaluate((u) => window.signIn(u), user);
  await page.evaluate((r) => window.go(r), route);
  await page.getByLabel('Subject').fill('Refund for order 1234');
  await page.getByLabel('Notes').fill('Customer called twice, half written…');
  await page.getByLabel('Urgent').check();
  await page.getByLabel('Queue').selectOption('support');
  await page.getByLabel('Password').fill('hunter2');
  await page.getByLabel('Card').fill('4111111111111111');
  await page.getByLabel('Private note').fill('do not keep');
  await pass(page, 5 * MIN);
  expect(await page.evaluate(() => window.events)).toEqual(['warning', 'logout:idle']);
  // The save is asynchronous (hash, IndexedDB): wait until it is there.
  await expect.poll(() => page.evaluate(() => window.storedRecords().then((r) => r.length))).toBe(2);
}

test('idle logout on /queues/42?tab=stats#top, the same person signs in again and lands there', async ({ page }) => {
  await page.clock.install();
  await workThenIdle(page, 'alice');
  // The sign-in starts from the app's home page (a reload, as after a sign-in redirect).
  await page.goto(`${B()}/e2e/memory.html`);
  expect(await where(page)).toBe('/e2e/memory.html');
  await page.evaluate(() => window.signIn('alice'));
  await expect.poll(() => where(page)).toBe('/queues/42?tab=stats#top');
  await expect(page.locator('#where')).toHaveText('/queues/42?tab=stats#top');
  // Once: the records are consumed.
  expect(await page.evaluate(() => window.idle.takeSavedRoute())).toBeUndefined();
});

test('a half-filled form comes back after re-login, without its sensitive fields', async ({ page }) => {
  await page.clock.install();
  await workThenIdle(page, 'alice', '/e2e/memory.html?case=42');
  const stored = JSON.stringify(await page.evaluate(() => window.storedRecords()));
  for (const secret of ['hunter2', '4111', 'do not keep', 'alice']) expect(stored).not.toContain(secret);

  await page.goto(`${B()}/e2e/memory.html`);
  await expect(page.getByLabel('Subject')).toHaveValue('');
  await page.evaluate(() => window.signIn('alice'));
  await expect(page.getByLabel('Subject')).toHaveValue('Refund for order 1234');
  await expect(page.getByLabel('Notes')).toHaveValue('Customer called twice, half written…');
  await expect(page.getByLabel('Urgent')).toBeChecked();
  await expect(page.getByLabel('Queue')).toHaveValue('support');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Card')).toHaveValue('');
  await expect(page.getByLabel('Private note')).toHaveValue('');
  expect(await where(page)).toBe('/e2e/memory.html?case=42');
  await expect.poll(() => page.evaluate(() => window.storedRecords())).toEqual([]);
});

test('a form the app renders again right after the sign-in is refilled too; once the person types it is theirs', async ({ page }) => {
  await page.clock.install();
  await workThenIdle(page, 'alice', '/e2e/memory.html?case=7');
  await page.goto(`${B()}/e2e/memory.html`);
  await page.evaluate(() => window.signIn('alice'));
  await expect(page.getByLabel('Notes')).toHaveValue('Customer called twice, half written…');
  // The app's re-render after the sign-in replaces the refilled form (the race that lost a tab's draft).
  await page.evaluate(() => window.rerender());
  await expect(page.getByLabel('Notes')).toHaveValue('Customer called twice, half written…');
  await expect(page.getByLabel('Urgent')).toBeChecked();
  await expect(page.getByLabel('Password')).toHaveValue('');
  // The person types: from then on the form is the app's; a re-render shows what the app renders.
  await page.getByLabel('Subject').fill('Refund, second try');
  await page.evaluate(() => window.rerender());
  await expect(page.getByLabel('Subject')).toHaveValue('');
  await expect(page.getByLabel('Notes')).toHaveValue('');
  expect(await page.evaluate(() => window.idle.takeDrafts())).toBeUndefined();
});

test('another person signing in lands on the home page and can read nothing of the first one’s', async ({ page }) => {
  await page.clock.install();
  await workThenIdle(page, 'alice');
  await page.goto(`${B()}/e2e/memory.html`);
  await page.evaluate(() => window.signIn('bob'));
  // The first person's records are discarded at bob's sign-in, whichever tab wrote them.
  await expect.poll(() => page.evaluate(() => window.storedRecords())).toEqual([]);
  expect(await where(page)).toBe('/e2e/memory.html');
  expect(await page.evaluate(() => Promise.all([window.idle.takeSavedRoute(), window.idle.takeDrafts()]))).toEqual([undefined, undefined]);
  await expect(page.getByLabel('Subject')).toHaveValue('');
  await expect(page.getByLabel('Notes')).toHaveValue('');
  // Nor does alice get them back afterwards.
  await page.goto(`${B()}/e2e/memory.html`);
  await page.evaluate(() => window.signIn('alice'));
  expect(await page.evaluate(() => window.idle.takeSavedRoute())).toBeUndefined();
  expect(await where(page)).toBe('/e2e/memory.html');
});

test('every logged-out tab restores its own route; the first to sign in does not take the others’', async ({ context }) => {
  await context.clock.install();
  const one = await context.newPage();
  const two = await context.newPage();
  for (const [page, route] of [[one, '/queues/1#a'], [two, '/queues/2?tab=b']] as const) {
    await page.goto(`${B()}/e2e/memory.html`);
    await page.evaluate(() => window.signIn('alice'));
    await page.evaluate((r) => window.go(r), route);
  }
  await pass(one, 5 * MIN);
  for (const page of [one, two]) await expect.poll(() => page.evaluate(() => window.events.at(-1))).toBe('logout:idle');
  // One route per tab, no drafts (nothing typed).
  await expect.poll(() => one.evaluate(() => window.storedRecords().then((r) => r.length))).toBe(2);

  for (const page of [two, one]) await page.goto(`${B()}/e2e/memory.html`);
  await two.evaluate(() => window.signIn('alice'));
  await expect.poll(() => where(two)).toBe('/queues/2?tab=b');
  await one.evaluate(() => window.signIn('alice'));
  await expect.poll(() => where(one)).toBe('/queues/1#a');
});

/** This tab's id as the SDK keeps it (sessionStorage: copied by `window.open` and "Duplicate tab"). */
const tabOf = (page: Page) => page.evaluate(() => sessionStorage.getItem('idle-logout-tab'));

/** Signs `page` in as alice, once its tab id is claimed, and opens `route`. */
async function workOn(page: Page, route: string) {
  await expect.poll(() => tabOf(page)).toMatch(/^[a-z0-9]{4,16}$/);
  await page.evaluate(() => window.signIn('alice'));
  await page.evaluate((r) => window.go(r), route);
}

/** Both pages idle out (`records` saved: a route each, and drafts), then each reloads and `first` signs in again. */
async function idleOutThenSignInBoth(first: Page, second: Page, records = 2) {
  await pass(first, 5 * MIN);
  for (const page of [first, second]) await expect.poll(() => page.evaluate(() => window.events.at(-1))).toBe('logout:idle');
  await expect.poll(() => first.evaluate(() => window.storedRecords().then((r) => r.length))).toBe(records);
  for (const page of [first, second]) await page.goto(`${B()}/e2e/memory.html`);
  await first.evaluate(() => window.signIn('alice'));
}

test('a tab opened with window.open (a copy of the opener’s sessionStorage) gets its own id, route and drafts', async ({ context, page }) => {
  await context.clock.install();
  await page.goto(`${B()}/e2e/memory.html`);
  await workOn(page, '/queues/1#a');
  const [popup] = await Promise.all([context.waitForEvent('page'), page.evaluate(() => void window.open('/e2e/memory.html', '_blank'))]);
  await popup.waitForLoadState();
  await expect.poll(() => tabOf(popup)).not.toBe(await tabOf(page));
  await workOn(popup, '/queues/2?tab=b');
  await popup.getByLabel('Subject').fill('the popup’s own draft');
  const ids = [await tabOf(page), await tabOf(popup)];

  await idleOutThenSignInBoth(popup, page, 3);
  // Reloads keep each tab's id.
  expect([await tabOf(page), await tabOf(popup)]).toEqual(ids);
  await expect.poll(() => where(popup)).toBe('/queues/2?tab=b');
  await expect(popup.getByLabel('Subject')).toHaveValue('the popup’s own draft');
  await page.evaluate(() => window.signIn('alice'));
  await expect.poll(() => where(page)).toBe('/queues/1#a');
  await expect(page.getByLabel('Subject')).toHaveValue('');
});

test('a duplicated tab (sessionStorage copied before load, the original still open) gets its own id; the original keeps its route', async ({ context, page }) => {
  await context.clock.install();
  await page.goto(`${B()}/e2e/memory.html`);
  await workOn(page, '/queues/1#a');
  const original = await tabOf(page);
  // What Chromium's "Duplicate tab" does: the new tab starts with a copy of the original's sessionStorage.
  const copy = await context.newPage();
  await copy.addInitScript((id) => {
    if (!sessionStorage.getItem('idle-logout-tab')) sessionStorage.setItem('idle-logout-tab', id!);
  }, original);
  await copy.goto(`${B()}/e2e/memory.html`);
  await expect.poll(() => tabOf(copy)).not.toBe(original);
  await workOn(copy, '/queues/2?tab=b');
  expect(await tabOf(page)).toBe(original);

  // The original signs in first: it gets its own route back, not the copy's (saved later).
  await idleOutThenSignInBoth(page, copy);
  await expect.poll(() => where(page)).toBe('/queues/1#a');
  await copy.evaluate(() => window.signIn('alice'));
  await expect.poll(() => where(copy)).toBe('/queues/2?tab=b');
});

test('a cross-site iframe, where IndexedDB may fail, falls back to memory and says so once', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/e2e/memory.html`);
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    document.body.append(f);
    return new Promise((r) => (f.onload = r));
  }, `${B()}/e2e/memory.html`);
  const frame = page.frames()[1];
  const idbWorks = await frame.evaluate(() => window.storedRecords().then(() => true, () => false));
  await frame.evaluate(() => window.signIn('alice'));
  await frame.evaluate(() => window.go('/queues/7'));
  await pass(page, 5 * MIN);
  await expect.poll(() => frame.evaluate(() => window.events.at(-1))).toBe('logout:idle');
  await frame.evaluate(() => window.signIn('alice'));
  await expect.poll(() => frame.evaluate(() => location.pathname)).toBe('/queues/7');
  expect(await frame.evaluate(() => window.errors)).toEqual(idbWorks ? [] : ['storage']);
});

declare global {
  interface Window {
    events: string[];
    errors: string[];
    signIn(user: string): Promise<unknown>;
    go(path: string): void;
    storedRecords(): Promise<unknown[]>;
    rerender(): void;
  }
}
