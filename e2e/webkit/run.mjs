// `node e2e/webkit/run.mjs [name filter…]`: the WebKit (Safari's engine) suite, through Debian's WebKitGTK
// (MiniBrowser + WebKitWebDriver) on a private Xvfb display, against the reference server. Skips with one line
// when WebKitWebDriver or Xvfb is not installed. Always cleans up: sessions quit, then its process groups are
// killed, then the server closes, also on failure, timeout or a signal.
import { existsSync } from 'node:fs';
import { killAllSync, miniBrowser, openSession, startDisplay, which } from './browser.mjs';
import { runTests } from './harness.mjs';
import { resetStats, setTimeoutSeconds, startReferenceServer } from './server.mjs';

if (!which('WebKitWebDriver') || !which('Xvfb') || !miniBrowser()) {
  console.log('e2e webkit: skipped — WebKitWebDriver/Xvfb not found (install: apt-get install -y webkit2gtk-driver xvfb)');
  process.exit(0);
}
if (!existsSync(new URL('../../dist/idle-logout.iife.js', import.meta.url))) {
  console.log('e2e webkit: dist/ is missing: run `npm run build` first');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/** The whole run's budget, whatever a test does: nothing may hang CI. */
const RUN_BUDGET_MS = 8 * 60_000;

process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const scenarios = ['one-tab', 'two-windows', 'embedded', 'dialog', 'memory', 'bfcache'];
for (const name of scenarios) await import(`./scenarios/${name}.mjs`);

const budget = setTimeout(() => {
  console.log(`e2e webkit: the run exceeded ${RUN_BUDGET_MS / 60_000} min: stopped`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}, RUN_BUDGET_MS);

let server;
let display;
let result = [0, 1];
try {
  server = await startReferenceServer();
  display = await startDisplay();
  console.log(`e2e webkit: WebKitGTK MiniBrowser on Xvfb ${display.display}, reference server on port ${server.port}`);
  result = await runTests({
    only: process.argv.slice(2),
    openSession: () => openSession(display.display),
    // Every test starts from the server's 10 s idle timeout (fast mode's shortest) and zeroed counters.
    beforeEach: async () => {
      await setTimeoutSeconds(10);
      await resetStats();
    },
  });
} catch (error) {
  console.log(`e2e webkit: ${error?.stack ?? error}`);
} finally {
  await display?.close();
  await server?.close();
  clearTimeout(budget);
}
const [passed, failed] = result;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
