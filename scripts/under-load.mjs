// `node scripts/under-load.mjs [runs] [-- step filter…]`: runs `npm test` (or the named steps of it) `runs` times in a
// row (default 3) while two busy-loop processes keep both cores of a CI-sized machine loaded, and stops at the first
// failing run. This is how we check that the suite does not depend on a quiet machine (DEVELOPERS.md, "Reliability").
import { spawn } from 'node:child_process';

const [runsArg, ...rest] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`under-load: runs must be a positive whole number (got ${runsArg})`);
  process.exit(2);
}
const filter = rest[0] === '--' ? rest.slice(1) : rest;
const loops = [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }));
const stop = () => loops.forEach((p) => p.kill('SIGKILL'));
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));

for (let i = 1; i <= runs; i++) {
  const started = Date.now();
  console.log(`\n##### under load: run ${i} of ${runs} (two busy loops: pids ${loops.map((p) => p.pid).join(', ')})`);
  const code = await new Promise((resolve) =>
    spawn('node', ['scripts/test.mjs', ...filter], { stdio: 'inherit' }).on('close', resolve),
  );
  const took = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`##### run ${i}: exit ${code} in ${took} min`);
  if (code !== 0) process.exit(code ?? 1);
}
console.log(`\n##### ${runs} of ${runs} runs passed under load`);
// The loops' handles keep Node alive: without this the script would wait (and the loops spin) after the last run.
stop();
