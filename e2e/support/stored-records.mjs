// Run in a page (Playwright's or puppeteer's `page.evaluate(storedRecords)`): how many sessions tab sync has stored in
// the origin's IndexedDB (a tab stores its state once its start-up is over). Shared by the Chromium and Firefox suites.
export function storedRecords() {
  return new Promise((done) => {
    const open = indexedDB.open('idle-logout');
    // Not there yet: creating it here (empty) would leave the SDK a database without its store.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('sessions')) return done((db.close(), 0));
      const count = db.transaction('sessions').objectStore('sessions').count();
      count.onsuccess = () => done((db.close(), count.result));
    };
    open.onerror = () => done(0);
  });
}
