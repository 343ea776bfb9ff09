import { expect, test, type Page } from '@playwright/test';
import { advanceServer, B, resetStats, setTimeoutSeconds, signIn } from './support/server';

const MIN = 60_000;

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await resetStats();
});

async function pass(page: Page, ms: number, step = Math.min(ms, MIN)) {
  for (let done = 0; done < ms; done += step) {
    await advanceServer(step);
    await page.clock.runFor(step);
  }
}

const WARNING = 'You’re about to be signed out';
const warning = (page: Page) => page.getByRole('dialog', { name: WARNING });
const notice = (page: Page) => page.getByRole('dialog', { name: 'You have been signed out' });

/** A paused clock: the countdown moves only when the test moves it. */
async function stopClock(page: Page, at = Date.now()) {
  await page.clock.install({ time: at - 1000 });
  await page.clock.pauseAt(at);
}

async function signedIn(page: Page, path = '/e2e/ui.html') {
  await stopClock(page);
  await page.goto(`${B()}${path}`);
  await page.evaluate(() => window.signIn('alice'));
}

test('the warning is a modal dialog with the right roles and names, operable by keyboard', async ({ page }) => {
  await signedIn(page);
  await page.getByLabel('Subject').focus();
  // The revoke goes 2 s ahead of the deadline: the warning opens with one minute left before that logout.
  await pass(page, 4 * MIN - 2000, (4 * MIN - 2000) / 4);
  await expect(warning(page)).toBeVisible();
  await expect(warning(page)).toMatchAriaSnapshot(`
    - dialog "${WARNING}":
      - heading "${WARNING}" [level=2]
      - paragraph: For your security, we will sign you out in 1 minute because you have not been active.
      - paragraph: Unsaved changes in forms on this page will be kept for when you sign in again.
      - button "Stay signed in"
      - button "Sign out now"
  `);
  // Described by its text, so a screen reader reads the countdown when the dialog opens.
  await expect(warning(page)).toHaveAccessibleDescription(/we will sign you out in 1 minute/);
  await page.screenshot({ path: 'e2e/screenshots/ui-warning.png' });

  // Focus moved in, Tab moves between the two buttons, the page behind is inert.
  const stay = warning(page).getByRole('button', { name: 'Stay signed in' });
  const out = warning(page).getByRole('button', { name: 'Sign out now' });
  await expect(stay).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(out).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(stay).toBeFocused();
  await expect(page.getByLabel('Subject')).not.toBeFocused();

  // Enter on "Stay signed in": active again, focus back where it was.
  await page.keyboard.press('Enter');
  await expect(warning(page)).toBeHidden();
  expect(await page.evaluate(() => [window.idle.state, window.events])).toEqual(['active', ['warning', 'active']]);
  await expect(page.getByLabel('Subject')).toBeFocused();

  // Esc means "stay signed in" too.
  await pass(page, 4 * MIN);
  await expect(warning(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(warning(page)).toBeHidden();
  expect(await page.evaluate(() => [window.idle.state, window.events.at(-1)])).toEqual(['active', 'active']);
  await expect(page.getByLabel('Subject')).toBeFocused();

  // "Sign out now" by keyboard: a manual logout, so no signed-out notice.
  await pass(page, 4 * MIN);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(warning(page)).toBeHidden();
  expect(await page.evaluate(() => window.events.at(-1))).toBe('logout:manual');
  await expect(notice(page)).toBeHidden();
});

test('in a 320 × 300 window the modal warning and the notice fit: the time and the buttons in view, nothing to scroll', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 300 });
  await signedIn(page);
  await pass(page, 4 * MIN);
  const view = { x: 0, y: 0, width: 320, height: 300 };
  const inside = async (parts: import('@playwright/test').Locator[]) => {
    for (const part of parts) {
      const box = (await part.boundingBox())!;
      expect(box.x >= view.x && box.y >= view.y && box.x + box.width <= view.width && box.y + box.height <= view.height, `${JSON.stringify(box)} in 320 × 300`).toBe(true);
    }
  };
  // The dialog's content fits it: nothing cut off, no scroll bar.
  const overflow = (dialog: import('@playwright/test').Locator) => dialog.evaluate((d) => d.scrollHeight - d.clientHeight);
  await expect(warning(page)).toBeVisible();
  await inside([warning(page), warning(page).locator('b'), warning(page).getByRole('button', { name: 'Stay signed in' }), warning(page).getByRole('button', { name: 'Sign out now' })]);
  expect(await overflow(warning(page))).toBe(0);
  await page.screenshot({ path: 'e2e/screenshots/ui-warning-320x300.png' });
  await pass(page, MIN);
  await expect(notice(page)).toBeVisible();
  await inside([notice(page), notice(page).getByRole('button', { name: 'Sign in again' })]);
  expect(await overflow(notice(page))).toBe(0);
  await page.screenshot({ path: 'e2e/screenshots/ui-signed-out-320x300.png' });
});

/** The page a real app is like: `activity.input: true`, its own "Sign out" button and a draft. */
const INPUT_PAGE = '/e2e/ui-input.html';
const appState = (page: Page) => page.evaluate(() => ({ state: window.idle.state, events: window.events, appSignOuts: window.appSignOuts }));

test('with input as activity, keys inside the warning answer it: Tab cycles its buttons, the page behind never gets them', async ({ page }) => {
  await signedIn(page, INPUT_PAGE);
  const appSignOut = page.getByRole('button', { name: 'Sign out', exact: true });
  await appSignOut.focus();
  await pass(page, 4 * MIN);
  await expect(warning(page)).toBeVisible();
  const stay = warning(page).getByRole('button', { name: 'Stay signed in' });
  const out = warning(page).getByRole('button', { name: 'Sign out now' });
  await expect(stay).toBeFocused();
  // Tab and Shift+Tab cycle the dialog's two buttons and never leave it; none of it is activity.
  for (const [key, button] of [['Tab', out], ['Tab', stay], ['Shift+Tab', out], ['Shift+Tab', stay]] as const) {
    await page.keyboard.press(key);
    await expect(button).toBeFocused();
  }
  await page.mouse.move(10, 10);
  await page.mouse.move(200, 200);
  expect(await appState(page)).toEqual({ state: 'warning', events: ['warning'], appSignOuts: 0 });
  // Enter on "Stay signed in": signed in, focus back on the app's "Sign out", which the Enter did not press.
  await page.keyboard.press('Enter');
  await expect(warning(page)).toBeHidden();
  await expect(appSignOut).toBeFocused();
  expect(await appState(page)).toEqual({ state: 'active', events: ['warning', 'active'], appSignOuts: 0 });
  // Space too.
  await pass(page, 4 * MIN);
  await expect(stay).toBeFocused();
  await page.keyboard.press(' ');
  await expect(warning(page)).toBeHidden();
  await expect(appSignOut).toBeFocused();
  expect(await appState(page)).toEqual({ state: 'active', events: ['warning', 'active', 'warning', 'active'], appSignOuts: 0 });
});

test('with input as activity, Enter or Esc on the warning leaves the draft being typed unchanged', async ({ page }) => {
  await signedIn(page, INPUT_PAGE);
  const draft = page.getByLabel('Draft');
  await draft.click();
  await page.keyboard.type('Dear customer');
  for (const key of ['Enter', 'Escape']) {
    await pass(page, 4 * MIN);
    await expect(warning(page)).toBeVisible();
    await page.keyboard.press(key);
    await expect(warning(page)).toBeHidden();
    await expect(draft).toBeFocused();
    await expect(draft).toHaveValue('Dear customer');
    expect((await appState(page)).state).toBe('active');
  }
});

test('with input as activity, the mouse reaches "Sign out now" and signs out (manual)', async ({ page }) => {
  await signedIn(page, INPUT_PAGE);
  await pass(page, 4 * MIN);
  const out = warning(page).getByRole('button', { name: 'Sign out now' });
  const box = (await out.boundingBox())!;
  // A real pointer path: from the corner, across the dialog, onto the button.
  await page.mouse.move(5, 5);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 10 });
  await page.mouse.down();
  await page.mouse.up();
  await expect(warning(page)).toBeHidden();
  expect(await appState(page)).toEqual({ state: 'logged-out', events: ['warning', 'logout:manual'], appSignOuts: 0 });
  await expect(notice(page)).toBeHidden();
});

test('five tabs of one token, idle logout: exactly one leads the person back to sign-in, the others say so', async ({ context }) => {
  await context.clock.install({ time: new Date('2030-01-07T09:00:00Z') });
  const tabs = [];
  for (let i = 0; i < 5; i++) {
    const page = await context.newPage();
    await page.goto(`${B()}${INPUT_PAGE}`);
    tabs.push(page);
  }
  const login = await tabs[0].evaluate(() => window.signIn('alice'));
  for (const page of tabs.slice(1)) await page.evaluate((t) => window.useToken(t), login.access_token);
  await pass(tabs[0], 5 * MIN);
  for (const page of tabs) await expect.poll(() => page.evaluate(() => window.events.at(-1))).toBe('logout:idle');
  const leads = await Promise.all(tabs.map((page) => page.evaluate(() => window.lead)));
  expect(leads.filter((lead) => lead === true)).toHaveLength(1);
  expect(leads.filter((lead) => lead === false)).toHaveLength(4);
  for (const [i, page] of tabs.entries()) {
    // This page keeps no route or drafts, so nothing promises "where you left off".
    await expect(notice(page)).toContainText(leads[i] ? 'Sign in again to continue.' : 'Sign-in continues in another tab.');
    await expect(notice(page).getByRole('button', { name: 'Sign in again' })).toBeVisible();
  }
  // The app's other tabs pick up the new token: their notices close by themselves.
  const again = await tabs[leads.indexOf(true)].evaluate(() => window.signIn('alice'));
  for (const page of tabs) await page.evaluate((t) => window.useToken(t), again.access_token);
  for (const page of tabs) await expect(notice(page)).toBeHidden();
});

test('the countdown ticks visibly and is announced politely at a slow cadence', async ({ page }) => {
  await signedIn(page);
  await pass(page, 4 * MIN);
  const live = page.locator('idle-logout-ui [aria-live="polite"]');
  await expect(live).toHaveText('');
  const spoken: string[] = [];
  for (let s = 0; s < 55; s++) {
    await page.clock.runFor(1000);
    spoken.push((await live.textContent()) ?? '');
  }
  await expect(warning(page)).toContainText('in 5 seconds');
  // Announced at 45, 30 (every 15 s), then 20, 15, 10 and 5 (every 5 s in the last 20 s, as README says): not every second.
  const announced = spoken.filter((text, i) => text && text !== spoken[i - 1]).map((t) => /(\d+) seconds/.exec(t)?.[1]);
  expect(announced).toEqual(['45', '30', '20', '15', '10', '5']);
});

test('the signed-out notice says why and offers a way back in', async ({ page }) => {
  await signedIn(page);
  await pass(page, 5 * MIN);
  await expect(notice(page)).toBeVisible();
  await expect(notice(page)).toMatchAriaSnapshot(`
    - dialog "You have been signed out":
      - heading "You have been signed out" [level=2]
      - paragraph: You were signed out after 5 minutes of inactivity. Sign in again to continue where you left off.
      - button "Sign in again"
  `);
  await page.screenshot({ path: 'e2e/screenshots/ui-signed-out.png' });
  // Esc does not hide it: the token is gone.
  await page.keyboard.press('Escape');
  await expect(notice(page)).toBeVisible();
  await expect(notice(page).getByRole('button', { name: 'Sign in again' })).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => window.signInClicked)).toBe(1);
  // The app signs in: the notice goes.
  await page.evaluate(() => window.signIn('alice'));
  await expect(notice(page)).toBeHidden();
});

test('under Content-Security-Policy: default-src \'self\' the dialog shows, styled, with no violation', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await signedIn(page, '/e2e/ui.csp.html');
  await pass(page, 4 * MIN);
  await expect(warning(page)).toBeVisible();
  // The constructed stylesheet applies (a <style> element or style attribute would be blocked).
  expect(await warning(page).evaluate((d) => getComputedStyle(d).borderTopColor)).toBe('rgb(29, 90, 171)');
  await page.screenshot({ path: 'e2e/screenshots/ui-warning-csp.png' });
  await pass(page, MIN);
  await expect(notice(page)).toBeVisible();
  expect(await page.evaluate(() => window.violations)).toEqual([]);
  expect(problems).toEqual([]);
});

test('a scheduled logout warns, then fires at its time in all tabs, whatever the activity', async ({ context }) => {
  // 18:00 UTC; the pages log out at 18:30 UTC (`schedule: { at: '18:30', timeZone: 'UTC' }`), idle timeout 8 h.
  const tabs = [await context.newPage(), await context.newPage()];
  await stopClock(tabs[0], Date.parse('2030-01-07T18:00:00Z'));
  for (const page of tabs) {
    await page.goto(`${B()}/e2e/schedule.html`);
    await page.evaluate(() => window.signIn('alice'));
  }
  for (let m = 0; m < 29; m++) {
    await pass(tabs[0], MIN);
    // Busy agents: activity does not postpone the end of the shift.
    await tabs[1].evaluate(() => window.callApi());
  }
  for (const page of tabs) {
    await expect(warning(page)).toBeVisible();
    await expect(warning(page)).toContainText(/Your session is scheduled to end at .+ We will sign you out in 1 minute\./);
    // "Stay signed in" cannot postpone it: the button says what it does.
    await expect(warning(page).getByRole('button', { name: 'Continue working' })).toBeFocused();
  }
  await tabs[1].screenshot({ path: 'e2e/screenshots/ui-scheduled-warning.png' });
  await tabs[1].keyboard.press('Enter');
  await expect(warning(tabs[1])).toBeHidden();
  await pass(tabs[0], MIN);
  for (const page of tabs) {
    expect(await page.evaluate(() => window.events.at(-1))).toBe('logout:scheduled');
    await expect(notice(page)).toContainText(/Your session ended at .+ as scheduled\./);
  }
  expect(await tabs[0].evaluate(() => new Date().toISOString())).toBe('2030-01-07T18:30:00.000Z');
});

/** Two tabs of one browser, signed in with the same token, on a fake clock. */
async function twoTabsOneToken(context: import('@playwright/test').BrowserContext) {
  await context.clock.install({ time: new Date('2030-01-07T09:00:00Z') });
  const tabs = [await context.newPage(), await context.newPage()];
  await tabs[0].goto(`${B()}/e2e/ui.html`);
  const login = await tabs[0].evaluate(() => window.signIn('alice'));
  await tabs[1].goto(`${B()}/e2e/ui.html`);
  await tabs[1].evaluate(({ access_token, user }) => window.useToken(access_token, user), login);
  return tabs;
}

test('logoutAt() in one tab logs out every tab of that token at that time', async ({ context }) => {
  const tabs = await twoTabsOneToken(context);
  await tabs[0].evaluate(() => window.idle.logoutAt(Date.now() + 3 * 60_000));
  for (let m = 0; m < 3; m++) {
    await pass(tabs[0], MIN);
    await tabs[1].evaluate(() => window.callApi());
  }
  for (const page of tabs) await expect.poll(() => page.evaluate(() => window.events.at(-1))).toBe('logout:scheduled');
});

test('logoutAt(null) in one tab cancels the scheduled logout in every tab of that token', async ({ context }) => {
  const tabs = await twoTabsOneToken(context);
  await tabs[0].evaluate(() => window.idle.logoutAt(Date.now() + 3 * 60_000));
  await pass(tabs[0], MIN);
  await tabs[1].evaluate(() => window.idle.logoutAt(null));
  for (let m = 0; m < 4; m++) {
    await pass(tabs[0], MIN);
    await tabs[1].evaluate(() => window.callApi());
  }
  for (const page of tabs) expect(await page.evaluate(() => [window.idle.state, window.events.filter((e) => e.startsWith('logout'))])).toEqual(['active', []]);
});

declare global {
  interface Window {
    events: string[];
    signInClicked?: number;
    appSignOuts: number;
    lead?: boolean;
    violations: string[];
    signIn(user: string): Promise<{ access_token: string; user: unknown }>;
    useToken(token: string, user?: unknown): Promise<void>;
    callApi(): Promise<number | string>;
  }
}
