// `npm run bench`: runs every bench/*.bench.mjs in turn; each writes its section of bench/results.md.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { root } from './lib.mjs';

const only = process.argv[2];
let failed = 0;
for (const file of readdirSync(`${root}/bench`).filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only))).sort()) {
  console.log(`\n=== ${file}`);
  const { status } = spawnSync(process.execPath, [`${root}/bench/${file}`], { stdio: 'inherit' });
  if (status) failed++;
}
process.exit(failed ? 1 : 0);
