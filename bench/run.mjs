// `npm run bench`: builds the peers' in-page bundles, runs every bench/*.bench.mjs in turn (each writes its section
// of bench/results.md and its raw runs to bench/results.json), then puts the machine line and the side-by-side
// summary on top of bench/results.md, and README's "Size and performance" table from it (bench/readme.mjs).
// A subset: `npm run bench -- 2 5` (or `node bench/run.mjs 2 5`) re-runs only the benchmarks behind rows 2 and 5;
// a name re-runs the files whose name contains it (`node bench/run.mjs wake`). Rows not re-run keep their last results.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { buildPages } from './bundle.mjs';
import { LIBS, root, writeJson } from './lib.mjs';
import { writeReadme } from './readme.mjs';

const ORDER = ['size', 'core', 'idle', 'sync', 'server-load', 'memory', 'wake', 'frames'];
/** The benchmark file behind each row of the summary (frames has no row: it is in results.md only). */
const ROWS = { 1: 'size', 2: 'core', 3: 'core', 4: 'idle', 5: 'sync', 6: 'server-load', 7: 'memory', 8: 'wake' };
const args = process.argv.slice(2);
const unknown = args.filter((a) => !(a in ROWS) && !ORDER.some((n) => n.includes(a)));
if (unknown.length) {
  console.error(`bench: no row or benchmark ${unknown.join(', ')} (rows ${Object.keys(ROWS).join(', ')}; files ${ORDER.join(', ')})`);
  process.exit(2);
}
const wanted = args.map((a) => ROWS[a] ?? a);
const only = args.length ? args.join(' ') : undefined;
const started = Date.now();
const load0 = loadavg();
await buildPages();
const files = readdirSync(`${root}/bench`)
  .filter((f) => f.endsWith('.bench.mjs') && (!wanted.length || wanted.some((w) => f.includes(w))))
  .sort((a, b) => ORDER.indexOf(a.replace('.bench.mjs', '')) - ORDER.indexOf(b.replace('.bench.mjs', '')));
let failed = 0;
const took = {};
for (const file of files) {
  console.log(`\n=== ${file}`);
  const t = Date.now();
  const { status } = spawnSync(process.execPath, [`${root}/bench/${file}`], { stdio: 'inherit' });
  took[file] = Math.round((Date.now() - t) / 1000);
  if (status) failed++, console.error(`${file} failed (exit ${status})`);
}
const seconds = Math.round((Date.now() - started) / 1000);

// The machine line: what the ratios were measured on, and how busy it was.
let chromium = '';
try {
  chromium = execFileSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
} catch {}
const os = existsSync('/etc/os-release') ? (readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? '') : '';
const gb = (n) => `${(n / 2 ** 30).toFixed(0)} GB`;
const load1 = loadavg();
const machine = `${cpus()[0]?.model.trim()} × ${cpus().length} cores, ${gb(totalmem())} RAM (${gb(freemem())} free at the end), ${os}, Node ${process.version}, ${chromium} headless via Playwright; load average ${load0[0].toFixed(1)} at the start, ${load1[0].toFixed(1)} at the end; ${new Date().toISOString().slice(0, 16)}Z; run time ${Math.floor(seconds / 60)} min ${seconds % 60} s (${Object.entries(took).map(([f, s]) => `${f.replace('.bench.mjs', '')} ${s} s`).join(', ')}).`;
// A partial run (`node bench/run.mjs sync`) keeps the full run's machine line and says what was re-run.
const previous = existsSync(resolve(root, 'bench/results.json')) ? JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8')).machine : undefined;
const line = only && previous ? `${previous.line.replace(/ Re-ran: .*$/, '')} Re-ran: ${machine}` : machine;
writeJson('machine', only && previous ? { ...previous, line } : { line, took, seconds, loadavg: { start: load0, end: load1 } });

// The summary: one row per figure of issue 14, from each benchmark's `summary` in results.json.
const json = JSON.parse(readFileSync(resolve(root, 'bench/results.json'), 'utf8'));
const rows = Object.values(json).flatMap((b) => b.summary ?? []).sort((a, b) => a.row - b.row);
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');
const summary = [
  '## Side by side (issues 14 and 22)',
  '',
  `Machine: ${line}`,
  '',
  `Each figure is measured in one run on the same page setup for every library: ${Object.values(LIBS).join(', ')}. RIT = react-idle-timer, ng = @ng-idle. The sections below say how.`,
  '',
  '| # | figure | idle-logout | react-idle-timer | @ng-idle | ratio (ours ÷ peer) | target | |',
  '| ---: | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.row} | ${cell(r.figure)} | ${cell(r.ours)} | ${cell(r.rit)} | ${cell(r.ng)} | ${cell(r.ratio)} | ${cell(r.target)} | ${r.pass ? 'pass' : '**fail**'} |`),
  '',
  '### Where we lose, why, and what would fix it',
  '',
  ...(rows.some((r) => !r.pass) ? rows.filter((r) => !r.pass).map((r) => `- **Row ${r.row}**: ${r.why ?? 'see its section below.'}`) : ['Nowhere in this run.']),
].join('\n');

// results.md: the head, the summary, then every benchmark's block in a fixed order (blocks of benchmarks not run kept).
const file = resolve(root, 'bench/results.md');
const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
const blocks = new Map([...text.matchAll(/<!-- ([\w-]+) -->[\s\S]*?<!-- \/\1 -->/g)].map((m) => [m[1], m[0]]));
blocks.set('summary', `<!-- summary -->\n${summary}\n<!-- /summary -->`);
const order = ['summary', 'size', 'core', 'idle', 'sync', 'serverLoad', 'memory', 'wake', 'frames'];
const names = [...order.filter((n) => blocks.has(n)), ...[...blocks.keys()].filter((n) => !order.includes(n))];
writeFileSync(
  file,
  `# Benchmark results\n\nWritten by \`npm run bench\` (headless Debian Chromium through Playwright). Re-run to refresh; raw runs in \`bench/results.json\`.\n\n${names.map((n) => blocks.get(n)).join('\n\n')}\n`,
);
writeReadme(json);
console.log(`\n${summary}\n\nbench: ${files.length} benchmarks in ${seconds} s${failed ? `, ${failed} failed` : ''}`);
process.exit(failed ? 1 : 0);
