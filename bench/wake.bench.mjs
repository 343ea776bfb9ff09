// Row 8, time to a correct state after wake: a tab hidden past its deadline becomes visible. How long until the
// library says logged out, and how many of the app's requests left with the token after the deadline (0 is the only
// acceptable number). The app polls every POLL_MS with the token until the library tells it it is logged out.
// Playwright's fake clock: while hidden, the wall clock jumps past the deadline and no timer runs (a suspended
// laptop, a frozen tab); then the tab becomes visible and simulated time runs on in STEP_MS steps.
import { launch, LIBS, median, openLib, serve, writeJson, writeSection } from './lib.mjs';

const RUNS = 5;
const TIMEOUT_MS = 5 * 60_000;
const HIDDEN_MS = 6 * 60_000;
const WATCH_MS = 60_000;
const STEP_MS = 100;
const POLL_MS = 500;
const server = await serve();
const browser = await launch();

async function run(lib) {
  const context = await browser.newContext();
  const start = Date.now();
  await context.clock.install({ time: start });
  const page = await openLib(context, server, lib, 'stub');
  await page.evaluate(
    ({ cfg, poll }) => {
      window.h = bench.create(cfg);
      setInterval(() => h.logoutAt === undefined && fetch('/api/poll', { headers: { Authorization: `Bearer ${cfg.token}` } }).catch(() => {}), poll);
      window.vis = 'visible';
      Object.defineProperty(document, 'visibilityState', { get: () => vis, configurable: true });
      Object.defineProperty(document, 'hidden', { get: () => vis === 'hidden', configurable: true });
    },
    { cfg: { token: 'wake-token', timeoutMs: TIMEOUT_MS, warnMs: 60_000, input: true, crossTab: true }, poll: POLL_MS },
  );
  await page.clock.runFor(2000);
  await page.evaluate(() => ((vis = 'hidden'), document.dispatchEvent(new Event('visibilitychange'))));
  await page.clock.runFor(1000);
  const hiddenAt = start + 3000;
  // Asleep: the wall clock moves on, no timer runs.
  await page.clock.setSystemTime(hiddenAt + HIDDEN_MS);
  const deadline = start + TIMEOUT_MS; // no activity after the instance started
  const t0 = await page.evaluate(() => {
    window.sentBefore = net.byUrl['/api/poll'] ?? 0;
    vis = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event('focus'));
    return Date.now();
  });
  let logoutAt;
  for (let t = 0; t <= WATCH_MS && logoutAt === undefined; t += STEP_MS) {
    logoutAt = await page.evaluate(() => h.logoutAt);
    if (logoutAt === undefined) await page.clock.runFor(STEP_MS);
  }
  const r = await page.evaluate(() => ({ escaped: (net.byUrl['/api/poll'] ?? 0) - sentBefore, state: h.state() }));
  await context.close();
  return { ms: logoutAt === undefined ? Infinity : logoutAt - t0, escaped: r.escaped, state: r.state, pastDeadlineMs: t0 - deadline };
}

const results = { ours: [], rit: [], ng: [] };
for (let i = 0; i < RUNS; i++) for (const lib of Object.keys(results)) results[lib].push(await run(lib));
await browser.close();
await server.close();

const m = (lib, k) => median(results[lib].map((r) => r[k]));
const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : `not within ${WATCH_MS / 1000} s`);
const fmt = (lib) => `${ms(m(lib, 'ms'))}; ${m(lib, 'escaped')} escaped`;
writeJson('wake', {
  results,
  summary: [
    {
      row: 8,
      figure: 'After wake past the deadline: time to logged-out; app requests that left with the token',
      ours: fmt('ours'),
      rit: fmt('rit'),
      ng: fmt('ng'),
      ratio: '—',
      target: '0 escaped; logged out at once (≤ one step)',
      pass: results.ours.every((r) => r.escaped === 0) && m('ours', 'ms') <= STEP_MS,
      why: 'A request left with the token after the deadline, or the logout waited for a timer: the wake checks (visibilitychange, focus) and the check before every request must see the wall clock.',
    },
  ],
});
writeSection(
  'wake',
  `## 8. Time to a correct state after wake (bench/wake.bench.mjs)

Timeout ${TIMEOUT_MS / 60_000} min, warning 1 min. The tab is hidden 3 s after the instance starts, then the wall clock
jumps ${HIDDEN_MS / 60_000} min with no timer running (a suspended laptop or frozen tab: ${(HIDDEN_MS + 3000 - TIMEOUT_MS) / 1000} s past the deadline), then the tab
becomes visible (\`visibilitychange\`, \`focus\`; no input). The app polls every ${POLL_MS} ms with the token until
the library's logout callback (ours \`logout\` event, react-idle-timer \`onIdle\`, ng-idle \`onTimeout\`). Playwright's
fake clock, ${STEP_MS} ms steps for ${WATCH_MS / 1000} s; requests counted where they would reach the network (ours wraps
that \`fetch\`, the peers do not see it). Medians of ${RUNS} runs.

| library | time to logged out | requests with the token after wake | state at the end |
| --- | ---: | ---: | --- |
${Object.keys(results).map((lib) => `| ${LIBS[lib]} | ${ms(m(lib, 'ms'))} | ${m(lib, 'escaped')} | ${results[lib][0].state} |`).join('\n')}`,
);
