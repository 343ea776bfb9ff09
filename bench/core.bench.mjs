// Hot paths: what the SDK adds to each request with the token, and to each pointermove.
import { launch, serve, writeSection } from './lib.mjs';

const N = 200_000;
const server = await serve();
const browser = await launch();
const page = await browser.newPage();
await page.goto(`${server.url}/bench/hot-path.html`);

const result = await page.evaluate(async (n) => {
  const headers = { Authorization: 'Bearer bench-token' };
  async function time(fn) {
    for (let i = 0; i < 2000; i++) fn(); // warm up the JIT
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    return ((performance.now() - t0) * 1e6) / n; // ns per call
  }
  const bare = await time(() => fetch('/api/x', { headers }));
  const idle = IdleLogout.createIdleLogout({ getToken: () => 'bench-token', timeoutMs: 15 * 60_000, activity: { input: true } });
  await fetch('/api/x', { headers }); // the token's first request
  const wrapped = await time(() => fetch('/api/x', { headers }));
  const other = await time(() => fetch('/api/x', { headers: { Authorization: 'Bearer someone-else' } }));
  const moves = await time(() => document.dispatchEvent(new Event('pointermove')));
  idle.destroy();
  const bareMoves = await time(() => document.dispatchEvent(new Event('pointermove')));
  // Control: what any listener costs the browser's dispatch, before it runs a line of ours.
  const empty = () => {};
  document.addEventListener('pointermove', empty, { capture: true, passive: true });
  const emptyMoves = await time(() => document.dispatchEvent(new Event('pointermove')));
  document.removeEventListener('pointermove', empty, { capture: true });
  return { bare, wrapped, other, moves, bareMoves, emptyMoves };
}, N);

await browser.close();
await server.close();
const f = (ns) => `${ns.toFixed(0)} ns`;
writeSection(
  'core',
  `## Hot paths (bench/core.bench.mjs)

${N.toLocaleString('en')} calls each, in headless Chromium, against a fetch that answers at once.

| path | time per call | added by idle-logout |
| --- | --- | --- |
| \`fetch\` with the token, no SDK | ${f(result.bare)} | — |
| \`fetch\` with the token, SDK recording activity | ${f(result.wrapped)} | ${f(result.wrapped - result.bare)} |
| \`fetch\` with another token (not ours) | ${f(result.other)} | ${f(result.other - result.bare)} |
| \`pointermove\` dispatch, no SDK | ${f(result.bareMoves)} | — |
| \`pointermove\` dispatch, one empty listener (control) | ${f(result.emptyMoves)} | — |
| \`pointermove\` dispatch, \`activity.input\` on (throttled) | ${f(result.moves)} | ${f(result.moves - result.emptyMoves)} beyond the empty listener |`,
);
