// A tiny test harness for the WebKit suite: tests run one after another, each with its own timeout and its own
// browser sessions (opened through `ctx.session()`, always closed after the test, also when it fails or times out).
// Prints one line per test and a closing `N passed, N failed` line.
import { isDeepStrictEqual, inspect } from 'node:util';

/** @typedef {{ session(): Promise<import('selenium-webdriver').WebDriver>, note(text: string): void }} Context */
/** @type {{ name: string, fn: (ctx: Context) => Promise<void>, timeoutMs: number }[]} */
const tests = [];

/** Registers a test. `timeoutMs` is its budget: past it, its sessions are killed and it fails. */
export function test(name, fn, { timeoutMs = 60_000 } = {}) {
  tests.push({ name, fn, timeoutMs });
}

/**
 * Polls `read` until its value deep-equals `expected` (or `expected(value)` is true); throws with the last value
 * after `timeoutMs`. Returns the value.
 */
export async function until(read, expected, { timeoutMs = 5000, intervalMs = 100, what = 'value' } = {}) {
  const ok = typeof expected === 'function' ? expected : (v) => isDeepStrictEqual(v, expected);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) {
      const want = typeof expected === 'function' ? `to satisfy ${expected}` : inspect(expected, { depth: 5 });
      throw new Error(`${what}: expected ${want} within ${timeoutMs} ms, last ${inspect(value, { depth: 5 })}`);
    }
    await sleep(intervalMs);
  }
}

/** Throws unless `actual` deep-equals `expected`. */
export function equal(actual, expected, what = 'value') {
  if (!isDeepStrictEqual(actual, expected)) throw new Error(`${what}: expected ${inspect(expected, { depth: 5 })}, got ${inspect(actual, { depth: 5 })}`);
}

/** Throws unless `condition`; `message` says what was expected, with the observed values. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the registered tests whose names contain one of `only` (all when empty). `openSession()` gives a driver
 * and its `close()`; `beforeEach()` resets shared state (the server). Returns [passed, failed].
 */
export async function runTests({ openSession, beforeEach, only = [] }) {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only.length && !only.some((o) => t.name.includes(o))) continue;
    const started = Date.now();
    /** @type {{ close(): Promise<void> }[]} */
    const open = [];
    const notes = [];
    const ctx = {
      async session() {
        const s = await openSession();
        open.push(s);
        return s.driver;
      },
      note: (text) => notes.push(text),
    };
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs / 1000} s`)), t.timeoutMs);
    });
    const run = (async () => {
      await beforeEach();
      await t.fn(ctx);
    })();
    let error;
    try {
      await Promise.race([run, timedOut]);
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(timer);
      // Closing the sessions also ends a timed-out test: its pending WebDriver calls fail.
      await Promise.allSettled(open.map((s) => s.close()));
      await Promise.race([run.catch(() => {}), sleep(5000)]);
    }
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (error) {
      failed++;
      console.log(`  ✗ ${t.name} (${secs} s)`);
      console.log(String(error?.stack ?? error).replace(/^/gm, '      '));
    } else {
      passed++;
      console.log(`  ✓ ${t.name} (${secs} s)`);
    }
    for (const n of notes) console.log(`      note: ${n}`);
  }
  return [passed, failed];
}
