// Row 5 and tab sync: how fast activity reaches every other tab (2 and 10 tabs, ours vs react-idle-timer), and,
// ours only, how much the hot path writes and broadcasts under load and how close together 10 tabs log out.
import { launch, LIBS, listenForRemote, openLib, percentile, sendKeydown, serve, sleep, writeJson, writeSection } from './lib.mjs';

const TABS = 10;
/** Samples per tab count: at least 20, and at least 100 receiving tab-samples, so a p99 is not simply the slowest one. */
const samples = (n) => Math.max(20, Math.ceil(100 / (n - 1)));

const server = await serve();
const browser = await launch();
async function signIn(user) {
  const r = await fetch(`${server.url}/api/v2/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  return (await r.json()).access_token;
}

let run = 0;
/** Opens (or re-opens: a new query, so a real load) the tabs on a token; resolves once every tab's transport is up and a leader is elected. */
async function openTabs(pages, token, query = '') {
  run++;
  for (const page of pages) await page.goto(`${server.url}/bench/sync.html?run=${run}&${query}#${token}`);
  const ready = () =>
    pages[0].evaluate(() => navigator.locks.query().then((l) => [(l.held ?? []).length, (l.pending ?? []).length]));
  for (let i = 0; i < 200; i++) {
    const [held, pending] = await ready();
    if (held === 1 && pending === TABS - 1) return;
    await sleep(25);
  }
  throw new Error('tabs did not all join the election');
}

// 1. Propagation, side by side: a keydown in one tab until every other tab has moved its deadline, ours and
// react-idle-timer (crossTab, syncTimers 200) in their own contexts of one browser, samples interleaved.
async function propagationTabs(n) {
  const ctx = { ours: await browser.newContext(), rit: await browser.newContext() };
  const tabs = { ours: [], rit: [] };
  for (const lib of ['ours', 'rit']) for (let i = 0; i < n; i++) tabs[lib].push(await openLib(ctx[lib], server, lib));
  const cfg = { token: `prop-${n}`, timeoutMs: 15 * 60_000, warnMs: 60_000, input: true, crossTab: true, syncTimers: 200 };
  await Promise.all(['ours', 'rit'].flatMap((lib) => tabs[lib].map((p) => listenForRemote(p, lib, cfg))));
  await sleep(2000); // elections and first writes
  const lat = { ours: [], rit: [] };
  /** One keydown from tab `i % n` of each library, in turn; each other tab's latency goes to `into[lib]`. */
  async function sample(i, into) {
    for (const lib of ['ours', 'rit']) {
      await Promise.all(tabs[lib].map((p) => p.evaluate(() => (heard.length = 0))));
      const sender = tabs[lib][i % n];
      const t0 = await sendKeydown(sender);
      await sleep(700); // with the other library's turn: 1.4 s, past our 1 s window and the lag a listening tab adds
      for (const page of tabs[lib]) {
        if (page === sender) continue;
        const got = await page.evaluate(() => heard[0]);
        into[lib].push(got === undefined ? Infinity : got - t0);
      }
    }
  }
  // First, one keydown from each tab, kept apart: the first messages a tab receives run code it has not compiled
  // yet (V8 compiles a function when it is first called), which the steady state below does not pay.
  const cold = { ours: [], rit: [] };
  for (let i = 0; i < n; i++) await sample(i, cold);
  for (let i = 0; i < samples(n); i++) await sample(i, lat);
  await ctx.ours.close();
  await ctx.rit.close();
  return { ...lat, cold };
}
const propagation = {};
for (const n of [2, TABS]) propagation[n] = await propagationTabs(n);

const context = await browser.newContext();
const pages = [];
for (let i = 0; i < TABS; i++) pages.push(await context.newPage());
await openTabs(pages, await signIn('bench'));
await sleep(1500);

// 2. Load: 100 API calls a second for 10 s, from one tab, then spread over all ten.
async function load(spread) {
  await sleep(1500);
  await Promise.all(pages.map((p) => p.evaluate(() => ((counts.writes = counts.broadcasts = counts.calls = 0), (sentAt = [])))));
  // Each tab starts at its own moment, as independent pollers would.
  if (spread) await Promise.all(pages.map((p) => p.evaluate(() => new Promise((r) => setTimeout(r, Math.random() * 100)).then(() => calls(100 / 10, 10_000)))));
  else await pages[0].evaluate(() => calls(100, 10_000));
  await sleep(1500); // the trailing run
  const all = await Promise.all(pages.map((p) => p.evaluate(() => ({ ...counts, sentAt }))));
  const sum = (k) => all.reduce((n, c) => n + c[k], 0);
  // The shortest gap between two broadcasts, whichever tabs sent them.
  const at = all.flatMap((c) => c.sentAt).sort((a, b) => a - b);
  const gap = Math.min(...at.slice(1).map((t, i) => t - at[i]));
  return { calls: sum('calls'), writes: sum('writes'), broadcasts: sum('broadcasts'), gap };
}
const one = await load(false);
const spread = await load(true);

// 3. Logout spread: a manual logout in one tab (3 tokens), and an idle logout at a 10 s timeout (2 tokens).
async function logoutSpread(idleRun) {
  await openTabs(pages, await signIn('bench'), idleRun ? 'short' : '');
  await sleep(500);
  if (idleRun) await sleep(10_500);
  else await pages[3].evaluate(() => idle.logout());
  await sleep(500);
  const at = await Promise.all(pages.map((p) => p.evaluate(() => window.logoutAt)));
  if (at.some((t) => t === undefined)) throw new Error('a tab did not log out');
  return Math.max(...at) - Math.min(...at);
}
const manual = [];
for (let i = 0; i < 3; i++) manual.push(await logoutSpread(false));
const idleSpread = [];
for (let i = 0; i < 2; i++) idleSpread.push(await logoutSpread(true));

await browser.close();
await server.close();

const ms = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'never');
const p = (lib, n, q) => percentile(propagation[n][lib], q);
const ok = (good) => (good ? 'ok' : '**over target**');
const maxManual = Math.max(...manual);
/** Issue 22's cadence under load: broadcasts ≤ 1 per s, IndexedDB writes ≤ 1 per 10 s (≤ 2 in a load of 10 s + the trailing run). */
const okLoad = (l) => l.gap >= 990 && l.writes <= 2;
const maxIdle = Math.max(...idleSpread);
// Issue 22: p99 at most react-idle-timer's, measured in the same run, at 2 and 10 tabs.
const passProp = [2, TABS].every((n) => p('ours', n, 99) <= p('rit', n, 99));

/** A seeded generator (mulberry32): the same samples give the same interval on every run of this script. */
function seeded(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
/**
 * How sure this run is of ours' p99 minus react-idle-timer's at \`n\` tabs: a 95 % interval over 2000 bootstrap
 * resamples. Each resample draws whole samples with replacement (one keydown's n − 1 receiving tabs, which share
 * the sender's moment and the machine's state), so correlated tab-samples are not counted as independent.
 */
function p99Gap(n) {
  const random = seeded(n);
  const samplesOf = (lib) => {
    const v = propagation[n][lib];
    return Array.from({ length: v.length / (n - 1) }, (_, i) => v.slice(i * (n - 1), (i + 1) * (n - 1)));
  };
  const [ours, rit] = [samplesOf('ours'), samplesOf('rit')];
  const draw = (g) => Array.from(g, () => g[Math.floor(random() * g.length)]).flat();
  const gaps = Array.from({ length: 2000 }, () => percentile(draw(ours), 99) - percentile(draw(rit), 99)).sort((a, b) => a - b);
  return { gap: p('ours', n, 99) - p('rit', n, 99), low: gaps[49], high: gaps[1949] };
}
const gaps = Object.fromEntries([2, TABS].map((n) => [n, p99Gap(n)]));
const signed = (n) => (Number.isNaN(n) ? 'n/a' : `${n >= 0 ? '+' : '−'}${ms(Math.abs(n))}`);
const gapWords = (n) => {
  const g = gaps[n];
  const verdict = g.low > 0 ? 'ours slower beyond what the run resolves' : g.high < 0 ? 'ours faster beyond what the run resolves' : 'the run cannot tell them apart';
  return `${signed(g.gap)} (95 % interval ${signed(g.low)} to ${signed(g.high)}: ${verdict})`;
};
writeJson('sync', {
  propagation,
  load: { one, spread },
  logoutSpread: { manual, idle: idleSpread },
  summary: [
    {
      row: 5,
      figure: `Cross-tab propagation, keydown → deadline moved in every other tab, p50 / p99 (2 tabs; ${TABS} tabs)`,
      ours: [2, TABS].map((n) => `${ms(p('ours', n, 50))} / ${ms(p('ours', n, 99))}`).join('; '),
      rit: [2, TABS].map((n) => `${ms(p('rit', n, 50))} / ${ms(p('rit', n, 99))}`).join('; '),
      ng: '— (not compared: storage-event interrupts)',
      ratio: [2, TABS].map((n) => `p99 ${(p('ours', n, 99) / p('rit', n, 99)).toFixed(2)}× RIT`).join('; '),
      target: 'p99 ≤ react-idle-timer\'s at 2 and 10 tabs',
      pass: passProp,
      why:
        `Ours: ${[2, TABS].map((n) => `${n} tabs p99 ${ms(p('ours', n, 99))} vs ${ms(p('rit', n, 99))}`).join(', ')}. ` +
        `Ours minus react-idle-timer's p99, with a bootstrap interval over whole samples: ${[2, TABS].map((n) => `${n} tabs ${gapWords(n)}`).join('; ')}. ` +
        'Since 2026-12-08 the figures leave out the first keydown from each tab, for both libraries (the receiving code ' +
        'compiling on first use; section 5 gives it on its own): in the run of 2026-12-07 two of ours\' three slowest of 100 ' +
        'samples at 2 tabs were the first two. ' +
        `Over ${propagation[2].ours.length} and ${propagation[TABS].ours.length} tab-samples a p99 is still one or two slow scheduling turns on a busy ` +
        'machine (see the load averages in the machine line). Since 2026-12-06 the sender stores in a task of its own (at most ' +
        'once per 10 s while active), so its task is the keydown, the state machine\'s step and one post. The receiving side ' +
        'costs more than react-idle-timer\'s: `node bench/profile-receive.mjs ours|rit` (2026-12-08, quiet, 2 tabs, 40 ' +
        'messages, CPU profile of the receiving tab, three runs) measured 249–335 µs of our script per message against ' +
        '53–83 µs of react-idle-timer\'s. Ours validates the untrusted message, steps the state machine, notifies each feature ' +
        'in order and re-arms its timers, where react-idle-timer sets a time; with 9 receivers on 2 cores the last of them ' +
        'waits for the others\' extra work, a share of the tail at 10 tabs (the p50s are level). Next step: a lighter ' +
        'receive path (the features\' notices and the timer re-arms per ' +
        'message are the largest parts after the message\'s own decoding), re-measured with that script.',
    },
  ],
});
writeSection(
  'sync',
  `## 5. Cross-tab propagation, and tab sync under load (bench/sync.bench.mjs)

A keydown dispatched in one tab until every other tab of the person has moved its deadline; ${samples(2)} samples at 2
tabs and ${samples(TABS)} at ${TABS} (at least 100 receiving tab-samples each), after one keydown from each tab (reported on its own below), each sent from the next tab, ${LIBS.ours} and ${LIBS.rit} interleaved 700 ms apart (each library
1.4 s between its samples) in their own contexts of one browser. Ours: \`activity.input\`, \`sync\` default,
heard through its \`activity\` event (\`source: 'remote'\`). react-idle-timer: \`crossTab: true, syncTimers: 200\`,
heard when \`getLastActiveTime()\` moved, read by a listener on its BroadcastChannel that runs right after its own
(and retried on the next tasks). Latency per receiving tab, p50 / p99 over all tab-samples. How sure the run is
of the difference: ours' p99 minus react-idle-timer's, with a 95 % interval from 2000 bootstrap resamples that draw
whole samples (one keydown and its receiving tabs) with replacement; the verdict is still the plain comparison.

| tabs | library | tab-samples | p50 | p99 | target |
| ---: | --- | ---: | ---: | ---: | --- |
${[2, TABS].flatMap((n) => ['ours', 'rit'].map((lib) => `| ${n} | ${LIBS[lib]} | ${propagation[n][lib].length} | ${ms(p(lib, n, 50))} | ${ms(p(lib, n, 99))} | ${lib === 'ours' ? `p99 ≤ react-idle-timer's ${ok(p('ours', n, 99) <= p('rit', n, 99))}` : ''} |`)).join('\n')}

${[2, TABS].map((n) => `- ${n} tabs, ours' p99 minus react-idle-timer's: ${gapWords(n)}.`).join('\n')}
${[2, TABS].map((n) => `- ${n} tabs, the first keydown from each tab (not in the figures above: code not yet compiled in the receiving tabs), slowest receiving tab: ours ${ms(Math.max(...propagation[n].cold.ours))}, react-idle-timer ${ms(Math.max(...propagation[n].cold.rit))}.`).join('\n')}

Ours only (the peers have no token, storage or revoke to compare), ${TABS} tabs of one token, real clocks:

| measure | result | target |
| --- | --- | --- |
| 10 s of API calls from one tab (${one.calls} calls): IndexedDB writes / broadcasts; shortest gap between broadcasts | ${one.writes} / ${one.broadcasts}; ${ms(one.gap)} | broadcasts ≤ 1 per s, writes ≤ 1 per 10 s ${ok(okLoad(one))} |
| 10 s of API calls spread over all ${TABS} tabs (${spread.calls} calls): writes / broadcasts; shortest gap | ${spread.writes} / ${spread.broadcasts}; ${ms(spread.gap)} | broadcasts ≤ 1 per s, writes ≤ 1 per 10 s ${ok(okLoad(spread))} |
| logout spread, first to last tab, manual logout in one tab (max of ${manual.length}) | ${ms(maxManual)} (${manual.map(ms).join(', ')}) | ≤ 50 ms ${ok(maxManual <= 50)} |
| logout spread, idle logout at each tab's own timer (max of ${idleSpread.length}) | ${ms(maxIdle)} (${idleSpread.map(ms).join(', ')}) | ≤ 50 ms ${ok(maxIdle <= 50)} |

Broadcasts: never two within a second, whichever tabs sent them (timer granularity: ≥ 990 ms); the leading edge, one run a second and a trailing run after the last call give 11 to 12 in a 10 s load (the spread load lasts up to 10.1 s). IndexedDB writes (issue 22): at most one per 10 s while active, out of the sending task (open tabs learn from the broadcast; a tab opened later asks them first), so at most 2 in this load.`,
);
