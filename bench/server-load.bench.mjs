// Row 6, server load: keepalives per token over a simulated 30-minute shift with continuous input, then the revokes
// when the person leaves (idle logout), with 1, 5 and 20 tabs of one token: ours vs @ng-idle/keepalive.
// Page clocks (Playwright) and the reference server's test clock are moved together in STEP_MS steps.
import { launch, LIBS, median, openLib, serve, writeJson, writeSection } from './lib.mjs';

const RUNS = 5;
const SHIFT_MIN = 30;
const STEP_MS = 60_000;
const TIMEOUT_S = 300;
const KEEPALIVE_MS = 60_000;
const TABS = [1, 5, 20];
const server = await serve();
const api = (path, body, token) =>
  fetch(`${server.url}${path}`, {
    method: body ? (body.method ?? 'POST') : 'GET',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: body && JSON.stringify(body.json ?? body),
  }).then((r) => r.json());
const admin = (await api('/api/v2/login', { user: 'admin' })).access_token;
await api('/api/v2/tokens/timeout', { method: 'PUT', json: { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: TIMEOUT_S } }, admin);
const browser = await launch();

async function measure(lib, tabs) {
  const context = await browser.newContext();
  const { now } = await api('/__clock');
  const pages = [];
  await context.clock.install({ time: now }); // one clock for the context: every tab moves together
  for (let i = 0; i < tabs; i++) pages.push(await openLib(context, server, lib));
  const advance = async (ms) => {
    await api('/__clock', { advanceMs: ms });
    await context.clock.runFor(ms);
  };
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const token = (await api('/api/v2/login', { user: `load-${lib}-${tabs}-${run}` })).access_token;
    const url = `${server.url}/api/v2/tokens/me`;
    const cfg = { token, timeoutMs: TIMEOUT_S * 1000, warnMs: 60_000, input: true, crossTab: true, keepalive: { url, intervalMs: KEEPALIVE_MS }, revokeUrl: url };
    for (const p of pages) await p.evaluate((c) => (window.h = bench.create(c)), cfg);
    await advance(1000);
    await new Promise((r) => setTimeout(r, 500)); // elections
    await api('/__stats/reset', {});
    // The shift: input every step, in the tabs in turn (the person moves between them).
    for (let t = 0, i = 0; t < SHIFT_MIN * 60_000; t += STEP_MS, i++) {
      await pages[i % tabs].evaluate(() => document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'a' })));
      await advance(STEP_MS);
    }
    const shift = await api('/__stats');
    // The person leaves: past the timeout, every tab logs out.
    for (let t = 0; t < TIMEOUT_S * 1000 + 90_000; t += STEP_MS) await advance(STEP_MS);
    await new Promise((r) => setTimeout(r, 300));
    const end = await api('/__stats');
    const out = (await Promise.all(pages.map((p) => p.evaluate(() => h.logoutAt !== undefined)))).filter(Boolean).length;
    for (const p of pages) await p.evaluate(() => h.destroy());
    runs.push({ keepalives: shift.keepalives, unauthorized: shift.unauthorized, revokes: end.revokes, loggedOut: out });
  }
  await context.close();
  return runs;
}

const results = {};
for (const tabs of TABS)
  for (const lib of ['ours', 'ng']) {
    const t = Date.now();
    results[`${lib}/${tabs}`] = await measure(lib, tabs);
    console.error(`server-load: ${lib}, ${tabs} tabs: ${((Date.now() - t) / 1000).toFixed(0)} s`);
  }
await browser.close();
await server.close();

const m = (lib, tabs, k) => median(results[`${lib}/${tabs}`].map((r) => r[k]));
const intervals = (SHIFT_MIN * 60_000) / KEEPALIVE_MS;
const fmt = (lib) => TABS.map((t) => `${m(lib, t, 'keepalives')} / ${m(lib, t, 'revokes')}`).join('; ');
const pass = TABS.every((t) => m('ours', t, 'keepalives') <= intervals && m('ours', t, 'keepalives') >= intervals - 1 && m('ours', t, 'revokes') === 1);
writeJson('serverLoad', {
  results,
  summary: [
    {
      row: 6,
      figure: `Server load, ${SHIFT_MIN}-min shift with continuous input, keepalives / revokes per token (1; 5; 20 tabs)`,
      ours: fmt('ours'),
      rit: '— (no keepalive or revoke)',
      ng: fmt('ng'),
      ratio: TABS.map((t) => `${(m('ours', t, 'keepalives') / m('ng', t, 'keepalives')).toFixed(2)}×`).join('; ') + ' ng keepalives',
      target: `${intervals} keepalives (one per interval) and 1 revoke per token, any tab count`,
      pass,
      why: 'Ours sent more than one keepalive per interval or more than one revoke: see the section (tabs that did not hear the leader election act for themselves).',
    },
  ],
});
writeSection(
  'serverLoad',
  `## 6. Server load (bench/server-load.bench.mjs)

One token open in 1, 5 or 20 tabs, a ${SHIFT_MIN}-minute shift with a keydown every ${STEP_MS / 1000} s (in the tabs in turn),
then nobody until every tab has logged out. Org timeout ${TIMEOUT_S / 60} min, warning 1 min, keepalive every
${KEEPALIVE_MS / 1000} s (ours \`keepalive.minIntervalMs\`; ng-idle \`Keepalive.interval(${KEEPALIVE_MS / 1000})\` with \`HEAD\`, sent through an
HttpClient stand-in). Revokes: ours \`revoke\` (sent by one tab for all); ng-idle has none, so the page does what an
app does, \`DELETE\` from its \`onTimeout\` handler, which runs in every tab. Counted by the reference server; page
clocks and the server's test clock moved together. Medians of ${RUNS} runs.

| tabs | library | keepalives in ${SHIFT_MIN} min | 401s during the shift | revokes | tabs logged out |
| ---: | --- | ---: | ---: | ---: | ---: |
${TABS.flatMap((t) => ['ours', 'ng'].map((lib) => `| ${t} | ${LIBS[lib]} | ${m(lib, t, 'keepalives')} | ${m(lib, t, 'unauthorized')} | ${m(lib, t, 'revokes')} | ${m(lib, t, 'loggedOut')}/${t} |`)).join('\n')}

Target: ${intervals} keepalives (one per ${KEEPALIVE_MS / 1000} s interval; the first is due one interval in, so ${intervals - 1} or ${intervals}) and one revoke per token, whatever the tab count.`,
);
