// `npm run build`: every configuration in rollup.config.mjs, the size report and its budgets (scripts/size.mjs), then
// the wall time. `rollup -c` builds the same files, one configuration after another; here, to keep both cores busy,
// the JS configurations start together (the first to start emits the TypeScript program they share; terser minifies
// the script tag in a worker thread meanwhile). As soon as the npm build (ESM, CJS) is written, the size report starts
// in a process of its own (it measures dist/*.mjs, and is told when the script tag is written, which it measures last)
// and the types build (rollup-plugin-dts: its own TypeScript program, on the main thread) starts beside the script
// tag's minifying. Bundles close (`closeBundle`: stale files leave dist/) once all is written. No type-checking here:
// `npm test` runs tsc once.
import { spawn } from 'node:child_process';
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
/**
 * scripts/size.mjs, started before the script tag is written: it reads the script tag once `scriptWritten` settles
 * (a line on its stdin). Its output is held back until the build has printed its own.
 */
function sizeReport(scriptWritten) {
  const child = spawn(process.execPath, [here('size.mjs'), '--script-tag-on-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
  scriptWritten.then(
    () => child.stdin.end('written\n'),
    () => child.kill(),
  );
  const out = [];
  child.stdout.on('data', (chunk) => out.push([process.stdout, chunk]));
  child.stderr.on('data', (chunk) => out.push([process.stderr, chunk]));
  return new Promise((resolve) => child.on('close', (code) => resolve(() => (out.forEach(([stream, chunk]) => stream.write(chunk)), code))));
}

const isTypes = (config) => config.plugins.some((plugin) => plugin.name === 'dts');
const isScript = (config) => config.output.format === 'iife';
let size;
try {
  const script = Promise.all(options.filter(isScript).map(build));
  const npm = Promise.all(options.filter((config) => !isTypes(config) && !isScript(config)).map(build));
  size = npm.then(() => sizeReport(script));
  size.catch(() => {}); // a failed build is reported below
  await npm;
  await Promise.all([script, ...options.filter(isTypes).map(build)]);
} catch (error) {
  // As `rollup -c` reports it; dist/ keeps what it had (no stale files removed).
  warnings.flush();
  const where = error.loc ? `${error.loc.file ?? error.id}:${error.loc.line}:${error.loc.column}` : error.id;
  console.error([`[!] ${error.message}`, where, error.frame, error.stack].filter(Boolean).join('\n'));
  process.exit(1);
}
await Promise.all(bundles.map((bundle) => bundle.close()));
warnings.flush();
const status = (await size)();
// performance.now(): since this process started. Printed over budget too: the time is measured either way.
console.log(`built in ${(performance.now() / 1000).toFixed(1)} s`);
if (status !== 0) process.exit(status ?? 1);
