// The Firefox suite (`node e2e/firefox/run.mjs`, the `e2e firefox` step of `npm test`): Debian's firefox-esr driven
// by puppeteer-core over WebDriver BiDi, against the reference server started here. Playwright cannot drive ESR
// (see /work/shared/TOOLCHAIN.md), so this is a tiny harness: a test is a name and an async function; each gets
// a fresh browser context (its own storage), a time limit, and fails on any uncaught error in its pages.
import { existsSync } from 'node:fs';

const executablePath = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p) => p && existsSync(p));
if (!executablePath) {
  console.log('e2e firefox: skipped — Firefox not found (install: apt-get install -y firefox-esr)');
  process.exit(0);
}

const { default: puppeteer } = await import('puppeteer-core');
const { startReferenceServer } = await import('../support/reference.mjs');
const { server: where } = await import('./support.mjs');
const suites = await Promise.all(['tabs', 'frames', 'wake', 'hostile', 'memory'].map((name) => import(`./${name}.mjs`)));

const TEST_MS = 90_000;
/** Nothing may hang CI: past this the browser is killed and the run fails. */
const RUN_MS = 6 * 60_000;
/**
 * Browser profiles: `default` is Firefox as shipped (third-party storage partitioned); `strict` blocks third-party
 * cookies, which in Firefox also makes a cross-site frame's localStorage, IndexedDB, BroadcastChannel and Web Locks
 * throw, as Chromium's blocking does.
 */
const PROFILES = { default: {}, strict: { 'network.cookie.cookieBehavior': 1 } };

const only = process.argv.slice(2);
const tests = suites.flatMap((s) => s.tests).filter((t) => !only.length || only.some((o) => t.name.includes(o)));

// The same reference server as the Chromium and WebKit suites.
const server = await startReferenceServer();
where.port = server.port;

let browser;
let passed = 0;
let failed = 0;
const watchdog = setTimeout(() => {
  console.log(`e2e firefox: the run took over ${RUN_MS / 1000} s; killing Firefox`);
  browser?.process()?.kill('SIGKILL');
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, RUN_MS);

const withLimit = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms).unref())]);

async function launch(profile) {
  return puppeteer.launch({ browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: PROFILES[profile] });
}

async function closeBrowser() {
  if (!browser) return;
  await withLimit(browser.close(), 15_000, 'closing Firefox').catch(() => browser.process()?.kill('SIGKILL'));
  browser = undefined;
}

/** Runs one test in a fresh browser context; its pages' uncaught errors fail it after its own assertions. */
async function run(test) {
  const context = await browser.createBrowserContext();
  const pageErrors = [];
  const notes = [];
  const t = {
    async page() {
      const page = await context.newPage();
      // The first line of the stack names the script (the frame's, for an error in a frame).
      page.on('pageerror', (e) => pageErrors.push(`${e?.message ?? e} (${e?.stack?.split('\n').find((l) => l.includes('/'))?.trim() ?? new URL(page.url()).pathname})`));
      return page;
    },
    note: (line) => notes.push(line),
    pageErrors,
  };
  const started = Date.now();
  let error;
  try {
    const running = test.fn(t);
    // A test past its time limit goes on until its context closes: its later failure is not news.
    running.catch(() => {});
    await withLimit(running, TEST_MS, 'the test');
    if (pageErrors.length)
      throw new Error(`its assertions passed, but ${pageErrors.length} uncaught error(s) reached the page: ${[...new Set(pageErrors)].slice(0, 3).join(' | ')}`);
  } catch (e) {
    error = e;
  } finally {
    await withLimit(context.close(), 15_000, 'closing the context').catch(async () => {
      // A context that will not close may hold the browser: start over with a new one.
      const profile = test.profile ?? 'default';
      await closeBrowser();
      browser = await launch(profile);
    });
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  const why = String(error?.message ?? error).split('\n').filter((l) => l.trim());
  if (error) failed++, console.log(`  ✗ ${test.name} (${secs} s)\n      ${why.join('\n      ')}`);
  else passed++, console.log(`  ✓ ${test.name} (${secs} s)`);
  for (const line of notes) console.log(`      note: ${line}`);
}

try {
  for (const profile of Object.keys(PROFILES)) {
    const group = tests.filter((t) => (t.profile ?? 'default') === profile);
    if (!group.length) continue;
    browser = await launch(profile);
    console.log(`e2e firefox: ${await browser.version()} (${executablePath}), profile ${profile}`);
    for (const test of group) await run(test);
    await closeBrowser();
  }
} catch (error) {
  failed++;
  console.log(`e2e firefox: ${error?.stack ?? error}`);
} finally {
  clearTimeout(watchdog);
  await closeBrowser();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
