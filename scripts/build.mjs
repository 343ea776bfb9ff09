// `npm run build`: every configuration in rollup.config.mjs, the size report and its budgets (scripts/size.mjs), then
// the wall time. `rollup -c` builds the same files, one configuration after another; here, to keep both cores busy,
// the JS configurations start together (the first to start emits the TypeScript program they share; terser minifies
// the script tag in a worker thread meanwhile). The size report starts at once in a process of its own, loading its
// tools while this one loads the config; it measures dist/*.mjs as soon as the npm build (ESM, CJS) is written, and
// the script tag last, each when told on its stdin. The types build (rollup-plugin-dts: its own TypeScript program,
// on the main thread) starts once the npm build is written, beside the script tag's minifying. Bundles close
// (`closeBundle`: stale files leave dist/) once all is written. No type-checking here: `npm test` runs tsc once.
// Measured 2026-12-07 on this 2-core machine, quiet, six runs each alternating: 8.4–12.7 s against 9.3–13.5 s before
// the report started at once, minified on its own thread, and the script tag was told apart from the npm build
// (`isScript` read `output` as one object, so the report waited for the script tag before it began).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { loadConfigFile } from 'rollup/loadConfigFile';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
/** A promise settled from outside (Node 20 has no `Promise.withResolvers`). */
function later() {
  const settle = {};
  settle.promise = new Promise((resolve, reject) => Object.assign(settle, { resolve, reject }));
  return settle;
}
const npmWritten = later();
const scriptWritten = later();
const size = sizeReport(npmWritten.promise, scriptWritten.promise);
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
 * scripts/size.mjs, started with the build: it loads its tools meanwhile, measures dist/*.mjs once `npmWritten`
 * settles and the script tag once `scriptWritten` does (a line each on its stdin). Its output is held back until the
 * build has printed its own.
 */
function sizeReport(npmWritten, scriptWritten) {
  const child = spawn(process.execPath, [here('size.mjs'), '--wait-on-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const fail = () => child.kill();
  npmWritten.then(() => child.stdin.write('npm\n'), fail);
  scriptWritten.then(() => child.stdin.end('script\n'), fail);
  const out = [];
  child.stdout.on('data', (chunk) => out.push([process.stdout, chunk]));
  child.stderr.on('data', (chunk) => out.push([process.stderr, chunk]));
  return new Promise((resolve) => child.on('close', (code) => resolve(() => (out.forEach(([stream, chunk]) => stream.write(chunk)), code))));
}

const isTypes = (config) => config.plugins.some((plugin) => plugin.name === 'dts');
// loadConfigFile gives every configuration's `output` as an array.
const isScript = (config) => config.output.some((output) => output.format === 'iife');
try {
  const script = Promise.all(options.filter(isScript).map(build));
  const npm = Promise.all(options.filter((config) => !isTypes(config) && !isScript(config)).map(build));
  // A failed build stops the report (and is reported below).
  npm.then(npmWritten.resolve, npmWritten.reject);
  script.then(scriptWritten.resolve, scriptWritten.reject);
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
