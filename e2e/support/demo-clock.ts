import { expect, type Page } from '@playwright/test';

// For specs that drive the demo's agent app (demo/pages/app/) with the page's clock. Until `timeoutFrom` answers, an
// instance holds the shortest legal timeout, 10 s in the demo, on purpose (fail closed). On a busy machine the app can
// take longer than that to start (chunks, tab sync's start, the answer), so a test that moves the clock itself pauses
// it on the sign-in page (no SDK there): only the test moves time, and it waits for `orgTimeoutRead` before it does.

/** Pauses the page's clock (installed, flowing) `aheadMs` ahead: call it on the sign-in page, before the SDK runs. */
export async function pauseClock(page: Page, aheadMs = 60_000) {
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + aheadMs);
}

/**
 * The instance on the page now (`window.idle`, also after the poller toggle re-created it) is active and runs on the
 * org's timeout: more than `moreThanMs` left. The page's time moves by at most 1 s meanwhile (tab sync's start waits up
 * to 250 ms of it); real time as long as it takes.
 */
export async function orgTimeoutRead(page: Page, moreThanMs: number) {
  let moved = 0;
  const read = async () => {
    const ok = await page
      .evaluate((ms) => window.idle?.state === 'active' && window.idle.remainingMs() > ms, moreThanMs)
      // Not yet, while the page is still navigating there from the sign-in page; any other failure is the test's.
      .catch((e: Error) => (/context was destroyed|navigat/i.test(e.message) ? false : Promise.reject(e)));
    if (!ok && moved < 1000) await page.clock.runFor(100), (moved += 100);
    return ok;
  };
  await expect.poll(read, { timeout: 30_000 }).toBe(true);
}
