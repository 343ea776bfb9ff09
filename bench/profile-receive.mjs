// Row 5's next step, by hand (not part of `npm run bench`): how much script a receiving tab runs per message.
// `node bench/profile-receive.mjs ours|rit`: two tabs of one library (the row's setup), 40 keydowns from the first
// 1.1 s apart (each past our 1 s broadcast window), a CPU profile (25 µs sampling) of the second. Prints the
// latencies, self time per script over the profile, and for ours the hot spots by source line (from the script
// tag's source map). Run `npm run build` first: the bench page loads dist/idle-logout.iife.js.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SourceMapConsumer } from 'source-map-js';
import { launch, listenForRemote, openLib, root, sendKeydown, serve, sleep } from './lib.mjs';

const lib = process.argv[2];
if (lib !== 'ours' && lib !== 'rit') {
  console.error('usage: node bench/profile-receive.mjs ours|rit');
  process.exit(2);
}
const MESSAGES = 40;
const server = await serve();
const browser = await launch();
const context = await browser.newContext();
const tabs = [await openLib(context, server, lib), await openLib(context, server, lib)];
const cfg = { token: 'profile-receive', timeoutMs: 15 * 60_000, warnMs: 60_000, input: true, crossTab: true, syncTimers: 200 };
await Promise.all(tabs.map((p) => listenForRemote(p, lib, cfg)));
await sleep(2000);
// A few first, so the profile is of the steady state (bench/sync.bench.mjs reports the first ones on their own).
for (let i = 0; i < 4; i++) await sendKeydown(tabs[0]), await sleep(1100);
const cdp = await context.newCDPSession(tabs[1]);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 25 });
await cdp.send('Profiler.start');
const latencies = [];
for (let i = 0; i < MESSAGES; i++) {
  await tabs[1].evaluate(() => (heard.length = 0));
  const t0 = await sendKeydown(tabs[0]);
  await sleep(1100);
  latencies.push((await tabs[1].evaluate(() => heard[0])) - t0);
}
const { profile } = await cdp.send('Profiler.stop');
await browser.close();
await server.close();

/** Self time per profile node, µs. */
const selfOf = new Map();
profile.samples.forEach((id, i) => selfOf.set(id, (selfOf.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0)));
const byScript = new Map();
const byLine = new Map();
const map = lib === 'ours' ? new SourceMapConsumer(JSON.parse(readFileSync(resolve(root, 'dist/idle-logout.iife.js.map'), 'utf8'))) : undefined;
for (const node of profile.nodes) {
  const us = selfOf.get(node.id);
  if (!us) continue;
  const { url, functionName, lineNumber, columnNumber } = node.callFrame;
  const script = url.split('/').pop() || functionName || '(native)';
  byScript.set(script, (byScript.get(script) ?? 0) + us);
  if (!map || !url.endsWith('idle-logout.iife.js')) continue;
  const o = map.originalPositionFor({ line: lineNumber + 1, column: columnNumber });
  const at = `${(o.source ?? '?').replace(/^(\.\.\/)+/, '')}:${o.line}`;
  byLine.set(at, (byLine.get(at) ?? 0) + us);
}
const mine = lib === 'ours' ? 'idle-logout.iife.js' : 'rit.js';
console.log(`latencies (ms): ${latencies.map((l) => l.toFixed(1)).join(' ')}`);
console.log(`self time over the profile (µs): ${[...byScript].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
console.log(`${mine}: ${Math.round((byScript.get(mine) ?? 0) / MESSAGES)} µs per message`);
for (const [at, us] of [...byLine].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${String(Math.round(us / MESSAGES)).padStart(5)} µs per message  ${at}`);
