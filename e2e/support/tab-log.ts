import type { BrowserContext, Page } from '@playwright/test';

// A flight recorder for demo tests with several tabs. A failure there (a tab on the wrong screen after a shared
// sign-in) is a race that shows under load once in a hundred runs or so, and logging inside the pages changed its
// timing enough to hide it. This records from the test runner's side only, from events Playwright receives anyway:
// each tab's navigations, documents, requests that change something, error answers and page errors. `print` adds each
// tab's end state (URL, tab id, the route-memory store, the app's event list) and is called when a test fails.

export interface TabLog {
  print(): Promise<void>;
}

export function recordTabs(context: BrowserContext): TabLog {
  const start = Date.now();
  const lines: string[] = [];
  const tabs = new Map<Page, string>();
  const note = (text: string) => lines.push(`${String(Date.now() - start).padStart(6)} ms  ${text}`);
  const watch = (page: Page) => {
    const name = `tab ${tabs.size + 1}`;
    tabs.set(page, name);
    // A tab opened by the page (window.open) is announced after its first navigation.
    if (page.url() !== 'about:blank') note(`${name} opened at ${page.url()}`);
    page.on('framenavigated', (frame) => frame === page.mainFrame() && note(`${name} at ${frame.url()}`));
    page.on('request', (r) => (r.resourceType() === 'document' || r.method() !== 'GET') && note(`${name} ${r.method()} ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && note(`${name} ${r.status()} for ${r.request().method()} ${r.url()}`));
    page.on('pageerror', (e) => note(`${name} page error: ${e.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    async print() {
      for (const [page, name] of tabs) {
        const end = await page.evaluate(endState).catch((e: Error) => e.message);
        note(`${name} at the end: ${JSON.stringify(end)}`);
      }
      console.log(`What the tabs did (test runner's clock):\n${lines.join('\n')}`);
    },
  };
}

/** Runs in a tab: what it shows and what route memory holds. */
async function endState() {
  const records: Record<string, unknown> = {};
  await new Promise<void>((resolve) => {
    const open = indexedDB.open('idle-logout-memory');
    // Not there yet: creating it here (empty) would leave the SDK a database without its store (as `storedRecords`).
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => resolve();
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('routes')) return resolve((db.close(), undefined));
      const cursor = db.transaction('routes').objectStore('routes').openCursor();
      cursor.onerror = () => resolve((db.close(), undefined));
      cursor.onsuccess = () => {
        const at = cursor.result;
        if (!at) return resolve((db.close(), undefined));
        records[String(at.key)] = at.value;
        at.continue();
      };
    };
  });
  const restored = document.querySelector<HTMLElement>('#restored');
  return {
    url: location.href,
    tab: sessionStorage['idle-logout-tab'],
    now: Date.now(),
    state: document.querySelector('#state')?.textContent,
    restored: restored && !restored.hidden ? restored.textContent : null,
    events: [...document.querySelectorAll('#events li')].map((li) => li.textContent),
    records,
  };
}
