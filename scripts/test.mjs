// `npm test`: type check, build + size budgets, unit tests, e2e in real Chromium.
// Each step's output streams through; the last line totals the tests in the plain
// `N passed, N failed` form that CI reads.
import { spawn } from 'node:child_process';

const steps = [
  ['types', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['build + size', 'npm', ['run', '--silent', 'build']],
  ['unit', 'npx', ['vitest', 'run']],
  ['e2e', 'npx', ['playwright', 'test']],
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

const count = (out, re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}`);
  const { code, out } = await run(cmd, args);
  if (name === 'unit') {
    const line = out.match(/Tests\s+(.*)/)?.[1] ?? '';
    passed += count(line, /(\d+) passed/g);
    failed += count(line, /(\d+) failed/g);
  } else if (name === 'e2e') {
    passed += count(out, /^\s*(\d+) passed/gm);
    failed += count(out, /^\s*(\d+) (?:failed|flaky|timed out)/gm);
  }
  if (code !== 0) {
    failed ||= 1;
    console.log(`\n${name} failed (exit ${code})`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
