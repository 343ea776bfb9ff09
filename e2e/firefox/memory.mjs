// Scenario 5: route memory per tab in Firefox, where `window.open` and a duplicated tab start with a copy of the
// other tab's sessionStorage (its tab id included): each tab still gets back its own screen after a logout.
import assert from 'node:assert/strict';
import { B, advanceServer, until } from './support.mjs';

const KEY = 'idle-logout-tab';
const tabOf = (page) => page.evaluate((k) => sessionStorage.getItem(k), KEY);
const where = (page) => page.evaluate(() => location.pathname + location.search + location.hash);
const lastEvent = (page) => page.evaluate(() => window.events.at(-1) ?? null);

/** Signs `page` in as alice (a token of its own) and opens `route`. */
async function workOn(page, route) {
  await page.evaluate(() => window.signIn('alice'));
  await page.evaluate((r) => window.go(r), route);
}

/**
 * The server idles every token out (its test clock jumps past the longest timeout); each tab's next call gets a
 * 401, the SDK logs it out (`revoked`) and saves its route. Then each reloads, signs in again and must land on
 * its own route: `first` signs in first (it would take the other's record if they shared an id).
 */
async function loggedOutThenBack([first, second], routes) {
  await advanceServer(9 * 3600_000);
  for (const page of [first, second]) {
    assert.equal(await page.evaluate(() => window.callApi()), 401);
    await until('the tab logs out', () => lastEvent(page), (e) => e === 'logout:revoked');
  }
  await until('both routes are saved', () => first.evaluate(() => window.storedRecords().then((r) => r.length)), (n) => n === 2);
  for (const [i, page] of [first, second].entries()) {
    await page.goto(`${B()}/e2e/memory.html`);
    await page.evaluate(() => window.signIn('alice'));
    await until(`tab ${i + 1} is back on its route`, () => where(page), (w) => w === routes[i]);
  }
}

export const tests = [
  {
    name: '5. memory: a tab opened with window.open takes its own id and gets back its own route',
    async fn(t) {
      const page = await t.page();
      await page.goto(`${B()}/e2e/memory.html`);
      await until('the tab has an id', () => tabOf(page), Boolean);
      const popupOpened = new Promise((resolve) => page.once('popup', resolve));
      await page.evaluate(() => void window.open('/e2e/memory.html', '_blank'));
      const popup = await popupOpened;
      await until('the popup loads', () => popup.evaluate(() => typeof window.signIn).catch(() => ''), (x) => x === 'function');
      const id = await tabOf(page);
      await until('the popup takes its own id', () => tabOf(popup), (p) => p && p !== id, 3000);
      assert.equal(await tabOf(page), id, 'the opener keeps its id');
      await workOn(page, '/queues/1#a');
      await workOn(popup, '/queues/2?tab=b');
      await loggedOutThenBack([popup, page], ['/queues/2?tab=b', '/queues/1#a']);
    },
  },
  {
    name: '5. memory: a duplicated tab (sessionStorage copied, the original open) takes its own id; the original keeps its route',
    async fn(t) {
      const page = await t.page();
      await page.goto(`${B()}/e2e/memory.html`);
      const id = await until('the tab has an id', () => tabOf(page), Boolean);
      await workOn(page, '/queues/1#a');
      const copy = await t.page();
      // "Duplicate tab": the new tab's sessionStorage starts as a copy of the original's.
      await copy.evaluateOnNewDocument(
        (k, v) => {
          if (location.protocol === 'http:' && !sessionStorage.getItem(k)) sessionStorage.setItem(k, v);
        },
        KEY,
        id,
      );
      await copy.goto(`${B()}/e2e/memory.html`);
      await until('the copy takes its own id', () => tabOf(copy), (c) => c && c !== id, 3000);
      await workOn(copy, '/queues/2?tab=b');
      await loggedOutThenBack([page, copy], ['/queues/1#a', '/queues/2?tab=b']);
    },
  },
];
