import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { A, advanceServer, B, resetStats, setTimeoutSeconds, signIn } from './support/server';

// axe-core on every demo page and every state of the SDK's built-in dialog: no serious or critical violation.
// The org timeout is 60 s here, so the warning comes at 30 s left.
const SEC = 1000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const AXE = readFileSync(resolve(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const shot = (page: Page, name: string) => page.screenshot({ path: resolve(root, `e2e/screenshots/${name}.png`), fullPage: true });

interface Violation {
  frame: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}
type AxeResults = { violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown[] }> }> };
type Axe = { run: (context: Document, options: object) => Promise<AxeResults> };

/**
 * Runs axe in every frame of the page, each frame on its own (so a cross-site frame is checked too, without
 * axe's frame messages reaching the embedded client's heartbeat listener). Evaluated through the debugger
 * protocol, so the demo's strict CSP (no inline script) does not block the injection.
 */
async function violations(page: Page, rules?: string[]): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const frame of page.frames()) {
    if (!/^https?:/.test(frame.url())) continue;
    await frame.evaluate(AXE);
    const list = await frame.evaluate(async (rules) => {
      const { axe } = window as unknown as { axe: Axe };
      const result = await axe.run(document, { iframes: false, resultTypes: ['violations'], ...(rules && { runOnly: { type: 'rule', values: rules } }) });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
    }, rules);
    found.push(...list.map((v) => ({ ...v, frame: new URL(frame.url()).pathname })));
  }
  return found;
}

/**
 * Fails (softly: the test goes on to the next state) on any serious or critical violation, naming each.
 * `A11Y_ALL=1` also prints every violation of any impact (how the before/after table was made).
 */
async function expectAccessible(page: Page, label: string) {
  const all = await violations(page);
  if (process.env.A11Y_ALL) console.log(`### ${label}\n` + all.map((v) => `  ${v.id} (${v.impact}, ${v.frame}) x${v.targets.length} ${v.targets.join(' | ')}`).join('\n'));
  const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `  ${v.id} (${v.impact}, ${v.frame}) ×${v.targets.length}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
  expect.soft(bad.length, `${label}: ${bad.length} serious/critical axe violations\n${report}`).toBe(0);
}

const overflows = (list: Locator) => list.evaluate((e) => e.scrollHeight > e.clientHeight);

/** Moves the page's clock and the server's together, firing the page's timers. */
async function pass(page: Page, ms: number, step = 2 * SEC) {
  for (let t = 0; t < ms; t += step) {
    await advanceServer(step);
    await page.clock.runFor(step);
  }
}

async function signInOnPage(page: Page, name: string) {
  await expect(page).toHaveURL(/\/login\.html/);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** An admin log-off of `name` (DELETE /api/v2/tokens/:userId), as the admin page does it. */
async function logOff(name: string) {
  const headers = { authorization: `Bearer ${await signIn('admin')}` };
  const users = await fetch(`${B()}/api/v2/users`, { headers }).then((r) => r.json());
  const user = users.entities.find((u: { name: string }) => u.name === name);
  await fetch(`${B()}/api/v2/tokens/${encodeURIComponent(user.id)}`, { method: 'DELETE', headers });
}

test.beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 60);
  await resetStats();
});

test('the start page and the sign-in page have no serious or critical axe violations', async ({ page }) => {
  await page.goto(`${A()}/`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, 'start page');
  await page.goto(`${A()}/login.html`);
  await expect(page.getByLabel('Your name')).toBeVisible();
  await expectAccessible(page, 'sign-in page');
});

test('the agent app’s screens have no serious or critical axe violations', async ({ page }) => {
  await page.goto(`${A()}/app/`);
  await signInOnPage(page, 'a11y-agent');
  await expect(page.getByRole('heading', { name: 'Queues' })).toBeVisible();
  await expect(page.locator('#events li')).not.toHaveCount(0);
  await expectAccessible(page, 'agent app, queues');
  await page.getByRole('link', { name: 'Sales · stats' }).click();
  await expect(page.locator('#stats-body tr')).toHaveCount(3);
  await expectAccessible(page, 'agent app, queue stats');
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();
  await expectAccessible(page, 'agent app, profile');
  // A full event log scrolls: it must be reachable by keyboard.
  for (let i = 0; i < 14; i++) await page.getByRole('button', { name: /after-call work/i }).click();
  await expect(page.locator('#events li')).toHaveCount(14);
  expect(await overflows(page.locator('#events'))).toBe(true);
  await expectAccessible(page, 'agent app, full event log');
  await shot(page, 'a11y-app-full-log');
});

test('the agent app names a new screen in a status message, and its stats updates are in no live region', async ({ page }) => {
  await page.goto(`${A()}/app/`);
  await signInOnPage(page, 'a11y-live');
  await expect(page.getByRole('heading', { name: 'Queues' })).toBeVisible();
  await page.getByRole('link', { name: 'Sales · stats' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Sales queue$/ })).toBeAttached();
  await expect(page.locator('#stats-body tr')).toHaveCount(3);
  // The poller rewrites the table every 3 s: inside a live region, a screen reader would read it out each time.
  const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="log"], [role="alert"]';
  await expect(page.locator(`:is(${live}) #stats-body`)).toHaveCount(0);
});

test('the SDK’s warning and signed-out (idle) dialogs have no serious or critical axe violations', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/app/queues/2?tab=stats#top`);
  await signInOnPage(page, 'a11y-idle');
  await expect(page.locator('#state')).toHaveText('active');
  await pass(page, 31 * SEC);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('You’re about to be signed out');
  await expectAccessible(page, 'dialog: warning');
  await pass(page, 30 * SEC);
  await expect(dialog).toContainText('You have been signed out');
  await expect(dialog).toContainText('inactivity');
  await expectAccessible(page, 'dialog: signed out (idle)');
});

test('the SDK’s signed-out (revoked) dialog has no serious or critical axe violations', async ({ page }) => {
  await page.goto(`${A()}/app/`);
  await signInOnPage(page, 'a11y-revoked');
  await expect(page.locator('#state')).toHaveText('active');
  await logOff('a11y-revoked');
  // The poller's next request gets a 401: the SDK signs out with reason `revoked`.
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Your session has ended', { timeout: 10_000 });
  await expectAccessible(page, 'dialog: signed out (revoked)');
  await shot(page, 'a11y-app-revoked');
});

test('the admin page has no serious or critical axe violations', async ({ page }) => {
  await page.goto(`${A()}/admin.html`);
  await expect(page.getByLabel('Timeout in seconds')).toHaveValue('60');
  await expect(page.getByRole('cell', { name: 'admin' })).toBeVisible();
  await expectAccessible(page, 'admin page');
  // Its error and success notices too.
  await page.getByLabel('Timeout in seconds').fill('5');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('The server refused it (400)');
  await expectAccessible(page, 'admin page, refused');
  await page.getByLabel('Timeout in seconds').fill('60');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#timeout-ok')).toContainText('Saved: 60 s');
  await expectAccessible(page, 'admin page, saved');
});

test('the CRM host page with its embedded client has no serious or critical axe violations', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${A()}/host.html`);
  const frame = page.frameLocator('#client');
  await expect(frame.getByLabel('Name')).toBeVisible();
  await expectAccessible(page, 'host + client, signed out');
  await frame.getByLabel('Name').fill('a11y-crm');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.locator('#state')).toHaveText('active');
  await expect(frame.locator('#events li')).not.toHaveCount(0);
  await expectAccessible(page, 'host + client, signed in');
  // Full logs scroll: in the host (heartbeats off and on) and in the client (sign out and in).
  for (let i = 0; i < 6; i++) await page.getByLabel(/Send heartbeats/).click();
  for (let i = 0; i < 3; i++) {
    await frame.getByRole('button', { name: 'Sign out' }).click();
    await frame.getByRole('button', { name: 'Sign in' }).click();
    await expect(frame.locator('#state')).toHaveText('active');
  }
  await expect(frame.locator('#events li')).toHaveCount(8);
  expect(await overflows(page.locator('#states'))).toBe(true);
  expect(await overflows(frame.locator('#events'))).toBe(true);
  await expectAccessible(page, 'host + client, full logs');
  await shot(page, 'a11y-host-full-logs');
  // Heartbeats off: the frame warns (its own dialog), then signs out.
  await page.getByLabel(/Send heartbeats/).uncheck();
  for (let t = 0; t < 60 * SEC && (await frame.locator('#state').textContent()) !== 'warning'; t += SEC) await pass(page, SEC, SEC);
  await expect(frame.getByRole('dialog')).toContainText('You’re about to be signed out');
  await expectAccessible(page, 'host + client, frame warning');
  await shot(page, 'a11y-host-frame-warning');
  // Then its signed-out notice (non-modal too: the person is in the host page).
  for (let t = 0; t < 60 * SEC && (await frame.locator('#state').textContent()) !== 'logged-out'; t += SEC) await pass(page, SEC, SEC);
  await expect(frame.getByRole('dialog')).toContainText('You have been signed out');
  await expectAccessible(page, 'host + client, frame signed out');
});

test('the standalone embedded client page has no serious or critical axe violations', async ({ page }) => {
  await page.goto(`${B()}/embedded.html`);
  await expect(page.getByLabel('Name')).toBeVisible();
  await expectAccessible(page, 'standalone client, signed out');
  await page.getByLabel('Name').fill('a11y-standalone');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#state')).toHaveText('active');
  await expectAccessible(page, 'standalone client, signed in');
  for (let i = 0; i < 4; i++) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#state')).toHaveText('active');
  }
  await expect(page.locator('#events li')).toHaveCount(8);
  expect(await overflows(page.locator('#events'))).toBe(true);
  await expectAccessible(page, 'standalone client, full log');
  await shot(page, 'a11y-standalone');
});

test('the standalone embedded client page has a main landmark and an h1, and nothing outside landmarks', async ({ page }) => {
  // Moderate in axe's ranking, so not covered by the checks above; a page opened on its own needs them.
  await page.goto(`${B()}/embedded.html`);
  await expect(page.getByLabel('Name')).toBeVisible();
  const found = await violations(page, ['landmark-one-main', 'page-has-heading-one', 'region']);
  expect(found.map((v) => `${v.id}: ${v.targets.join(' ')}`)).toEqual([]);
});
