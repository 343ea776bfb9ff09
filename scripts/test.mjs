// `npm test`: every check a machine can make, in order, stopping at the first that fails.
// Each step's output streams through; the last line totals the tests in the plain
// `N passed, N failed` form that CI reads.
//
// Adding a step: one row below. A step that runs tests either is vitest / Playwright (their summaries are read)
// or prints its own closing line `N passed, N failed` (optionally `, N skipped`), which is read and added up.
// A step that cannot run on this machine (a browser that is not installed) prints one line saying so and exits 0.
import { spawn } from 'node:child_process';

const node = (script, ...args) => ['node', [script, ...args]];
const steps = [
  ['preflight', ...node('scripts/preflight.mjs', '--test')],
  ['types', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['types: tests', 'npx', ['tsc', '-p', 'tsconfig.test.json']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['import cycles', ...node('scripts/cycles.mjs')],
  ['build + size', 'npm', ['run', '--silent', 'build']],
  ['package', ...node('scripts/check-package.mjs')],
  ['docs', ...node('scripts/docs.mjs', '--check')],
  ['readme', ...node('scripts/readme-check.mjs')],
  ['unit', 'npx', ['vitest', 'run']],
  ['demo server', 'npx', ['vitest', 'run', '--config', 'demo/vitest.config.mjs']],
  ['e2e chromium', 'npx', ['playwright', 'test']],
  ['e2e firefox', ...node('e2e/firefox/run.mjs')],
  ['e2e webkit', ...node('e2e/webkit/run.mjs')],
];

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let out = '';
    child.stdout.on('data', (d) => (process.stdout.write(d), (out += d)));
    child.stderr.on('data', (d) => (process.stderr.write(d), (out += d)));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const count = (text, re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
/** Passed and failed tests in a step's output: vitest's `Tests` line, Playwright's list summary, or our own closing line. */
function tally(out) {
  const vitest = out.match(/^\s*Tests\s+(.*)$/m)?.[1];
  if (vitest) return [count(vitest, /(\d+) passed/g), count(vitest, /(\d+) failed/g)];
  const own = [...out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
  if (own) return [Number(own[1]), Number(own[2])];
  return [count(out, /^\s*(\d+) passed/gm), count(out, /^\s*(\d+) (?:failed|flaky|timed out)/gm)];
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n=== ${name}`);
  const { code, out } = await run(cmd, args);
  const [p, f] = tally(out);
  passed += p;
  failed += f;
  if (code !== 0) {
    failed ||= 1;
    console.log(`\n${name} failed (exit ${code})`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
