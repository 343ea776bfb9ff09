// Row 4, idle cost: one tab and 10 tabs of one person, nobody active, 10 minutes. Timer callbacks that ran
// (wake-ups) and main-thread script time, per tab per minute, each library against a page with no library.
// Compressed on Playwright's fake clock (one per context: every tab advanced together in STEP_MS steps): each timer a library sets
// runs at its own simulated time, so the wake-up count is what 10 real minutes give; the script time is those
// callbacks' plus the clock's own stepping, which the no-library control pays too and is subtracted.
import { launch, LIBS, median, openLib, serve, sleep, writeJson, writeSection } from './lib.mjs';

const RUNS = 5;
const MINUTES = 10;
const STEP_MS = 15_000;
const TABS = [1, 10];
const server = await serve();
const browser = await launch();

/** Opens `tabs` pages of one library on fake clocks; then RUNS times: an instance in every tab, 10 quiet minutes, destroy. */
async function measure(lib, tabs) {
  const context = await browser.newContext();
  const start = Date.now();
  const pages = [];
  await context.clock.install({ time: start }); // one clock for the context: every tab moves together
  for (let i = 0; i < tabs; i++) pages.push(await openLib(context, server, lib, 'probe'));
  const cdps = await Promise.all(pages.map(async (p) => {
    const c = await context.newCDPSession(p);
    await c.send('Performance.enable');
    return c;
  }));
  const metric = async (c) => Object.fromEntries((await c.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    await Promise.all(pages.map((p) => p.evaluate((token) => (window.h = bench.create({ token, timeoutMs: 15 * 60_000, warnMs: 60_000, input: true, crossTab: true })), `idle-token-${run}`)));
    await context.clock.runFor(1000);
    await sleep(300); // tab sync settles (election, first write) before the quiet period
    await Promise.all(pages.map((p) => p.evaluate(() => (probe.fired = 0))));
    const before = await Promise.all(cdps.map(metric));
    for (let t = 0; t < MINUTES * 60_000; t += STEP_MS) await context.clock.runFor(STEP_MS);
    const after = await Promise.all(cdps.map(metric));
    const fired = await Promise.all(pages.map((p) => p.evaluate(() => probe.fired)));
    // On through the warning (14 min) and the deadline (15 min) to 20 min: the physical limit is 2 per tab.
    for (let t = MINUTES * 60_000; t < 2 * MINUTES * 60_000; t += STEP_MS) await context.clock.runFor(STEP_MS);
    const firedToEnd = await Promise.all(pages.map((p) => p.evaluate(() => probe.fired)));
    const state = await pages[0].evaluate(() => h.state());
    await Promise.all(pages.map((p) => p.evaluate(() => h.destroy())));
    await context.clock.runFor(60_000); // past anything the destroyed instance left
    const per = (v) => v / tabs / MINUTES;
    runs.push({
      wakeups: per(fired.reduce((a, b) => a + b, 0)),
      toLogout: firedToEnd.reduce((a, b) => a + b, 0) / tabs,
      scriptMs: per(after.reduce((n, m, i) => n + m.ScriptDuration - before[i].ScriptDuration, 0) * 1000),
      taskMs: per(after.reduce((n, m, i) => n + m.TaskDuration - before[i].TaskDuration, 0) * 1000),
      state,
    });
  }
  await context.close();
  return runs;
}

const results = {};
for (const tabs of TABS) for (const lib of ['none', 'ours', 'rit', 'ng']) results[`${lib}/${tabs}`] = await measure(lib, tabs);
await browser.close();
await server.close();

const m = (lib, tabs, k) => median(results[`${lib}/${tabs}`].map((r) => r[k]));
const beyond = (lib, tabs, k) => Math.max(0, m(lib, tabs, k) - m('none', tabs, k));
const f1 = (n) => n.toFixed(1);
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : a > 0 ? '∞' : '—');
const fmt = (lib, tabs) => `${f1(m(lib, tabs, 'wakeups'))} / ${beyond(lib, tabs, 'scriptMs').toFixed(2)} ms`;
const worst = Math.max(...TABS.map((t) => m('ours', t, 'wakeups')));
writeJson('idle', {
  results,
  summary: [
    {
      row: 4,
      figure: `Idle cost per tab per minute, 1; 10 tabs, nobody active ${MINUTES} min: wake-ups / script ms beyond control; wake-ups per tab from start to logout (1; ${TABS.at(-1)} tabs)`,
      ours: TABS.map((t) => fmt('ours', t)).join('; ') + `; to logout ${TABS.map((t) => f1(m('ours', t, 'toLogout'))).join('; ')}`,
      rit: TABS.map((t) => fmt('rit', t)).join('; ') + `; to logout ${TABS.map((t) => f1(m('rit', t, 'toLogout'))).join('; ')}`,
      ng: TABS.map((t) => fmt('ng', t)).join('; ') + `; to logout ${TABS.map((t) => f1(m('ng', t, 'toLogout'))).join('; ')}`,
      ratio: TABS.map((t) => `wake-ups ${ratio(m('ours', t, 'wakeups'), m('rit', t, 'wakeups'))} RIT, ${ratio(m('ours', t, 'wakeups'), m('ng', t, 'wakeups'))} ng`).join('; '),
      target: '0 while quiet; ≤ 2 per tab to logout (warning, deadline) at 1 and 10 tabs; ≤ each peer',
      why:
        `Ours woke ${TABS.map((t) => `${f1(m('ours', t, 'wakeups'))}/min while quiet and ${f1(m('ours', t, 'toLogout'))} times per tab to logout with ${t} tab(s)`).join(', ')}. ` +
        'Traced on 2026-12-02, before issue 22\'s fixes (timer call sites mapped through the IIFE source map): all were the deadline timer of create-idle-logout.ts `arm()`. ' +
        'In several tabs, tab sync merges a `last` a few ms later than the tab\'s own (each tab started at its own moment); `arm()` keeps ' +
        'the earlier timer by design ("activity only ever moves the deadline later": no clearTimeout on the hot path), so at the warning ' +
        'and at the deadline such a tab wakes a few ms early, finds nothing due and re-arms for 2–140 ms: a second wake-up. Fix: ' +
        're-arm exactly when a *merge* (transport.ts `apply` → `dispatch`, at most once a second) moves the deadline later, keeping ' +
        'the lazy re-arm only for local activity; or treat a wake within ~50 ms of the next effect as due (a warning 50 ms early is harmless).',
      pass: worst === 0 && TABS.every((t) => m('ours', t, 'toLogout') <= 2) && TABS.every((t) => m('ours', t, 'wakeups') <= Math.min(m('rit', t, 'wakeups'), m('ng', t, 'wakeups'))),
    },
  ],
});
writeSection(
  'idle',
  `## 4. Idle cost (bench/idle.bench.mjs)

Nobody active for ${MINUTES} minutes, timeout 15 min, warning 1 min before (so neither is due in the window: the
physical limit is 0 wake-ups). Every library on its defaults plus cross-tab (ours: \`sync\` on, \`activity.input\`;
react-idle-timer: \`crossTab: true\`; ng-idle: \`LocalStorageExpiry\`, default interrupts). ${MINUTES} simulated minutes
on Playwright's fake clock (one per context) in ${STEP_MS / 1000} s steps, all tabs together: every timer callback runs at its own simulated time, so the
count is exact; script time (CDP \`Performance.getMetrics\` ScriptDuration) is shown beyond a page with no library
stepped the same way. Under the fake clock a timer callback is a task of its own in real time, so wake-ups are also the
extra tasks. Medians of ${RUNS} runs; per tab per minute.

| tabs | library | timer wake-ups | script ms beyond control | task ms (all, control incl.) | wake-ups per tab, start to 20 min (limit 2) | state at 20 min |
| ---: | --- | ---: | ---: | ---: | ---: | --- |
${TABS.flatMap((t) => ['none', 'ours', 'rit', 'ng'].map((lib) => `| ${t} | ${lib === 'none' ? 'no library (control)' : LIBS[lib]} | ${f1(m(lib, t, 'wakeups'))} | ${lib === 'none' ? '—' : beyond(lib, t, 'scriptMs').toFixed(2)} | ${m(lib, t, 'taskMs').toFixed(2)} | ${lib === 'none' ? '—' : f1(m(lib, t, 'toLogout'))} | ${results[`${lib}/${t}`][0].state ?? ''} |`)).join('\n')}

The last two columns go on past the quiet ${MINUTES} minutes, through the warning (14 min) and the deadline (15 min) to 20 min:
every wake-up beyond one at the warning and one at the deadline is one the deadline does not need.`,
);
