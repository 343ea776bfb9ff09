// Embedded clients: heartbeat round trip (host event → the frame's deadline moved) and keepalive requests per
// minute under continuous host activity, with 1 and 5 frames, in real Chromium against the reference server.
// `npm run build` first. Prints a markdown section and merges it into bench/results.md (`frames` block).
import { launch, percentile, serve, writeSection } from './lib.mjs';

const SAMPLES = Number(process.env.FRAMES_SAMPLES ?? 300);
const MINUTES = Number(process.env.FRAMES_MINUTES ?? 10);
const TIMEOUT_S = 300;
const KEEPALIVE_MS = 60_000;

const server = await serve();
const A = `http://localhost:${server.port}`;
const B = `http://127.0.0.1:${server.port}`;
const api = (path, body) =>
  fetch(`${B}${path}`, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) }).then((r) => r.json());
const admin = (await api('/api/v2/login', { user: 'admin' })).access_token;
await fetch(`${B}/api/v2/tokens/timeout`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
  body: JSON.stringify({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: TIMEOUT_S }),
});

const browser = await launch();

async function open(page, { count = 1, interval = 5000, client }) {
  const src = `${B}/e2e/frames-client.html#${encodeURIComponent(JSON.stringify(client))}`;
  const q = new URLSearchParams({ client: src, target: B, interval: String(interval), count: String(count) });
  await page.goto(`${A}/e2e/frames-host.html?${q}`);
  const frames = [];
  for (let n = 0; n < count; n++) {
    const name = n ? `client${n}` : 'client';
    for (;;) {
      const frame = page.frame({ name });
      if (frame && (await frame.evaluate(() => window.ready === true).catch(() => false))) {
        frames.push(frame);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return frames;
}

// 1. Round trip: an input event in the host page → heartbeat → the frame records activity (its deadline moves).
async function roundTrip() {
  const page = await browser.newPage();
  const [frame] = await open(page, { interval: 0, client: { user: 'bench-rtt', allowed: [A], timeoutMs: TIMEOUT_S * 1000, warnMs: 60_000 } });
  await frame.evaluate(() => {
    window.beats = [];
    window.idle.on('activity', (e) => e.source === 'heartbeat' && window.beats.push(performance.timeOrigin + performance.now()));
  });
  const times = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = await page.evaluate(() => {
      const t = performance.timeOrigin + performance.now();
      window.dispatchEvent(new PointerEvent('pointermove'));
      return t;
    });
    let t1;
    while ((t1 = await frame.evaluate((n) => window.beats[n], i)) === undefined) await new Promise((r) => setTimeout(r, 1));
    times.push(t1 - t0);
  }
  await page.close();
  return { p50: percentile(times, 50), p99: percentile(times, 99), n: times.length };
}

// 2. Keepalives per simulated minute with continuous host activity (page clock and server clock moved together).
async function keepalives(count, sharedToken) {
  const page = await browser.newPage();
  await page.clock.install({ time: (await api('/__clock')).now });
  const user = `bench-ka-${count}-${sharedToken ? 'shared' : 'own'}`;
  const token = sharedToken ? (await api('/api/v2/login', { user })).access_token : undefined;
  const client = { user: `${user}-{n}`, token, allowed: [A], keepaliveMs: KEEPALIVE_MS, timeoutMs: TIMEOUT_S * 1000, warnMs: 60_000 };
  const frames = await open(page, { count, client });
  await api('/__stats/reset', {});
  const STEP = 2000;
  for (let t = 0; t < MINUTES * 60_000; t += STEP) {
    await page.mouse.move(10 + ((t / STEP) % 2) * 30, 20);
    await api('/__clock', { advanceMs: STEP });
    await page.clock.runFor(STEP);
  }
  const s = await api('/__stats');
  const states = await Promise.all(frames.map((f) => f.evaluate(() => window.idle.state)));
  await page.close();
  const tokens = Object.values(s.perToken).filter((e) => e.keepalives > 0).length;
  return { total: s.keepalives, tokens, perTokenPerMinute: s.keepalives / MINUTES / Math.max(1, tokens), states };
}

// 3. The same with real time (no fake clock): 5 frames sharing one token, a short interval, 40 s of host activity.
// Leader election runs on real timers and real messages here, as it does for a person.
async function keepalivesRealTime(count, seconds, intervalMs) {
  const page = await browser.newPage();
  const user = `bench-rt-${count}`;
  const token = (await api('/api/v2/login', { user })).access_token;
  const client = { user, token, allowed: [A], keepaliveMs: intervalMs, timeoutMs: 60_000, warnMs: 20_000 };
  await open(page, { count, client });
  await new Promise((r) => setTimeout(r, 5000)); // let the frames elect
  await api('/__stats/reset', {});
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.move(10 + (i % 2) * 30, 20);
    await new Promise((r) => setTimeout(r, 250));
  }
  const s = await api('/__stats');
  await page.close();
  return { total: s.keepalives, intervals: (seconds * 1000) / intervalMs };
}

const version = browser.version();
const rtt = await roundTrip();
const ka = [
  ['1 frame', await keepalives(1, false)],
  ['5 frames, a token each', await keepalives(5, false)],
  ['5 frames, one shared token', await keepalives(5, true)],
];
const real = await keepalivesRealTime(5, 40, 5000);
await browser.close();
await server.close();

const ms = (n) => `${n.toFixed(2)} ms`;
const lines = [
  '## Embedded clients (frames)',
  '',
  `Chromium ${version}, host page on \`localhost\`, client frame on \`127.0.0.1\` (two sites, out-of-process frame).`,
  '',
  `Heartbeat round trip (host \`pointermove\` → heartbeat posted → the frame's deadline moved), ${rtt.n} samples: **p50 ${ms(rtt.p50)}, p99 ${ms(rtt.p99)}**.`,
  '',
  `Keepalives under continuous host activity, ${MINUTES} simulated minutes (page clock and server clock moved together), \`minIntervalMs\` ${KEEPALIVE_MS / 1000} s, timeout ${TIMEOUT_S / 60} min (target: 1 per interval per token):`,
  '',
  `| frames | tokens | keepalives in ${MINUTES} min | per token per minute | frames still signed in |`,
  '| --- | ---: | ---: | ---: | --- |',
  ...ka.map(([name, r]) => `| ${name} | ${r.tokens} | ${r.total} | ${r.perTokenPerMinute.toFixed(2)} | ${r.states.filter((s) => s === 'active').length}/${r.states.length} |`),
  '',
  'The first keepalive of a token is due one interval after its sign-in, so a window of N minutes holds N or N − 1 per token.',
  '',
  `Real time, no fake clock: 5 frames sharing one token, \`minIntervalMs\` 5 s, 40 s of host activity: **${real.total} keepalives in ${real.intervals} intervals** (target ${real.intervals}, one per interval per token).`,
  '',
  'Frames of one token in a third-party context have no storage or Web Locks here; they elect one frame to act through',
  "broadcast-channel's message-based election over their (partitioned) BroadcastChannel. The simulated-time row above does not",
  'show it: under the page\'s fake clock the out-of-process frames do not elect a single leader (not resolved; the real-time row is what a person gets).',
];
writeSection('frames', lines.join('\n'));
