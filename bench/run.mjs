// `npm run bench`: builds the peers' in-page bundles, runs every bench/*.bench.mjs in turn (each writes its section
// of bench/results.md and its raw runs to bench/results.json), then puts the machine line and the side-by-side
// summary on top of bench/results.md. `node bench/run.mjs wake` runs only the files whose name contains "wake".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { buildPages } from './bundle.mjs';
import { LIBS, root, writeJson } from './lib.mjs';

const ORDER = ['size', 'core', 'idle', 'sync', 'server-load', 'memory', 'wake', 'frames'];
const only = process.argv[2];
const started = Date.now();
const load0 = loadavg();
await buildPages();
const files = readdirSync(`${root}/bench`)
  .filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only)))
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
  '## Side by side (issue 14)',
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
console.log(`\n${summary}\n\nbench: ${files.length} benchmarks in ${seconds} s${failed ? `, ${failed} failed` : ''}`);
process.exit(failed ? 1 : 0);
