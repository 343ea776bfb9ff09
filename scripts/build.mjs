// `npm run build`: every configuration in rollup.config.mjs, then the size report and its budgets (scripts/size.mjs),
// then the wall time. Unlike `rollup -c`, which builds the configurations one after another (the same files, slower),
// the first configuration builds alone (it starts the TypeScript program the others share), then the rest at once:
// terser minifies in worker threads while the types build works on the main thread, so both cores are busy. Bundles
// close (the `closeBundle` hooks: removing stale files from dist/) only when every output is written.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { loadConfigFile } from 'rollup/loadConfigFile';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const { options, warnings } = await loadConfigFile(here('../rollup.config.mjs'), {});
const bundles = [];
async function build(config) {
  const started = performance.now();
  const bundle = await rollup(config);
  bundles.push(bundle);
  await Promise.all(config.output.map((output) => bundle.write(output)));
  const written = config.output.map((output) => output.file ?? output.dir).join(', ');
  console.log(`created ${written} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
try {
  await build(options[0]);
  await Promise.all(options.slice(1).map(build));
} catch (error) {
  // As `rollup -c` reports it; dist/ keeps what it had (no stale files removed).
  warnings.flush();
  const where = error.loc ? `${error.loc.file ?? error.id}:${error.loc.line}:${error.loc.column}` : error.id;
  console.error([`[!] ${error.message}`, where, error.frame, error.stack].filter(Boolean).join('\n'));
  process.exit(1);
}
await Promise.all(bundles.map((bundle) => bundle.close()));
warnings.flush();
const size = spawnSync(process.execPath, [here('size.mjs')], { stdio: 'inherit' });
if (size.status !== 0) process.exit(size.status ?? 1);
// performance.now(): since this process started.
console.log(`built in ${(performance.now() / 1000).toFixed(1)} s`);
