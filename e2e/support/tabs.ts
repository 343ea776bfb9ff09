import { expect, type BrowserContext, type Page } from '@playwright/test';
import { advanceServer, stats } from './server';

// What the multi-tab specs share: several pages of one browser context, one clock moved for all (and the server's).

const MIN = 60_000;
/** The SDK's default `revokeAheadMs` with a `revoke`: the pages log out (and revoke) this long before the deadline. */
export const AHEAD = 2000;

/** Moves every page's clock and the server's together, in steps; `each` runs before every step. */
export async function pass(context: BrowserContext, ms: number, each?: () => Promise<unknown>, step = MIN) {
  for (let done = 0; done < ms; done += step) {
    await each?.();
    // Broadcasts are real messages: give them a moment before time jumps.
    await new Promise((r) => setTimeout(r, 30));
    await advanceServer(step);
    await context.clock.runFor(step);
  }
}

/** The server has seen exactly `n` revokes, and no more arrive. */
export async function revokes(n: number) {
  await expect.poll(async () => (await stats()).revokes).toBe(n);
  await new Promise((r) => setTimeout(r, 300));
  expect((await stats()).revokes).toBe(n);
}

/** The origin's election locks for tokens (every tab's, seen from this page): how many held, how many waiting. */
export const election = (page: Page) =>
  page.evaluate(() =>
    navigator.locks.query().then((l) => [l.held, l.pending].map((locks) => (locks ?? []).filter((x) => x.name?.includes('idle-logout:')).length)),
  );

export const state = (pages: Page[]) => Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { idle: { state: string } }).idle.state)));
export const events = (pages: Page[]) => Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { events: string[] }).events)));
export const remaining = (page: Page) => page.evaluate(() => (window as unknown as { idle: { remainingMs(): number } }).idle.remainingMs());
