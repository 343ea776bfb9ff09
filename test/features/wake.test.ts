import { describe, expect, it, vi } from 'vitest';
import { useSandbox } from '../support/sandbox';

const MIN = 60_000;
const sandbox = useSandbox(() => vi.fn(async () => new Response('{}')) as typeof fetch);

describe('wake: re-checks when the page may have slept', () => {
  it.each([
    ['visibilitychange', () => document.dispatchEvent(new Event('visibilitychange'))],
    ['pageshow', () => window.dispatchEvent(new Event('pageshow'))],
    ['focus', () => window.dispatchEvent(new Event('focus'))],
    ['online', () => window.dispatchEvent(new Event('online'))],
  ])('%s past the deadline logs out at once, before any timer fires', async (_, wake) => {
    const idle = sandbox.create({ getToken: () => 't', timeoutMs: 5 * MIN, sync: false });
    // A part loaded as the instance starts.
    await vi.dynamicImportSettled();
    const events: string[] = [];
    idle.on('logout', (e) => events.push(e.reason));
    // The machine slept: the wall clock moved, no timer ran.
    vi.setSystemTime(Date.now() + 6 * MIN);
    wake();
    expect(events).toEqual(['idle']);
  });
});
