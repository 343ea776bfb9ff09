// `node scripts/readme-check.mjs [--write-sizes] [README.md]` (a step of `npm test`, after the build): README against
// what it describes. `--write-sizes` first rewrites every size README states from `npm run size`.
//   - sizes: every size README states (a line with "N KB") is `npm run size`'s number for that row, to its rounding
//     (at least ±0.01 KB), and every budget (≤ N KB) is the budget scripts/size.mjs enforces;
//   - one Node version: package.json `engines`, package-lock.json's copy of it, and every "Node N" in README and
//     DEVELOPERS.md say the same N, and this Node satisfies it;
//   - Quick start is on the first screen, and the `npm start -- --option`s README names are options of demo/start.mjs;
//   - every endpoint in README's "The reference server" table answers on the reference server (not 404 or 405).
// Prints one line per check and closes with `N passed, N failed` (read by scripts/test.mjs). Needs dist/ (npm run build).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../demo/server/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** `--write-sizes`: rewrite README's size numbers from `npm run size` (measured ones with 2 decimals), then check. */
const writeSizes = args.includes('--write-sizes');
const given = args.find((a) => !a.startsWith('--'));
const readmePath = given ?? join(root, 'README.md');
let readme = readFileSync(readmePath, 'utf8');
const readmeName = given ?? 'README.md';
let lines = readme.split('\n');
const results = [];
const check = (name, problems) => {
  results.push(problems.length === 0);
  console.log(problems.length ? `FAIL ${name}\n${problems.map((p) => `  - ${p}`).join('\n')}` : `ok   ${name}`);
};

// --- sizes -----------------------------------------------------------------------------------------------------------
/**
 * README's size statements and the `npm run size` row each one is: a README line (table row or prose) is matched by
 * `readme`, its number by `size`. A README line with a size that matches none fails, so a new statement gets a row here.
 */
const FACTS = [
  { readme: /createIdleLogout\b.*initial/, size: /^ESM `createIdleLogout`, initial/ },
  { readme: /total a default app loads/i, size: /^Total a default app loads/ },
  { readme: /connectHeartbeat/, size: /^ESM `connectHeartbeat`/ },
  { readme: /idle-logout\/oidc/, size: /^ESM idle-logout\/oidc/ },
  { readme: /script-tag build|idle-logout\.iife\.js/i, size: /^IIFE, whole script-tag build/ },
];
const size = spawnSync(process.execPath, [join(root, 'scripts/size.mjs')], { cwd: root, encoding: 'utf8' });
/** `npm run size`'s rows: label → { kb, budget? }. Its exit code is the size step's business (a budget over is its fail). */
const measured = [...size.stdout.matchAll(/^(\S.*?)\s+(\d+\.\d\d) KB(?:\s+[≤>] (\d+\.\d\d) KB)?/gm)].map(([, label, kb, budget]) => ({
  label,
  kb: Number(kb),
  budget: budget === undefined ? undefined : Number(budget),
}));
/** "6 KB" for a whole budget, as README writes budgets; measured sizes with 2 decimals, as `npm run size` prints them. */
const written = (kb, bound) => (bound && Number.isInteger(kb) ? String(kb) : kb.toFixed(2));
if (writeSizes && measured.length) {
  lines = lines.map((line) => {
    const fact = FACTS.find((f) => f.readme.test(line));
    const row = fact && measured.find((m) => fact.size.test(m.label));
    if (!row) return line;
    return line.replace(/(≤|<=)?(\s*~?)(\d+(?:\.\d+)?)( ?KB\b)/g, (all, bound, gap, _, unit) => {
      const kb = bound ? row.budget : row.kb;
      return kb === undefined ? all : `${bound ?? ''}${gap}${written(kb, bound)}${unit}`;
    });
  });
  readme = lines.join('\n');
  writeFileSync(readmePath, readme);
  console.log(`wrote ${readmeName}'s sizes from npm run size`);
}
const sizeProblems = [];
if (!measured.length) sizeProblems.push(`npm run size printed no sizes (build dist/ first: npm run build)\n${size.stderr}`);
else {
  // The benchmark table (bench/readme.mjs writes it) holds measured figures checked against bench/results.json
  // by check-package.mjs, not `npm run size` rows.
  const benchFrom = lines.findIndex((l) => l.startsWith('<!-- bench:start'));
  const benchTo = lines.indexOf('<!-- bench:end -->');
  const inBench = (i) => benchFrom >= 0 && i > benchFrom && i < benchTo;
  lines.forEach((line, i) => {
    // "6.8 KB", "≤ 6 KB": a number, then KB. The budget marker may sit right before the number.
    const stated = [...line.matchAll(/(≤|<=)?\s*~?(\d+(?:\.\d+)?) ?KB\b/g)];
    if (!stated.length || inBench(i)) return;
    const where = `${readmeName}:${i + 1}`;
    const fact = FACTS.find((f) => f.readme.test(line));
    const row = fact && measured.find((m) => fact.size.test(m.label));
    if (!row) return sizeProblems.push(`${where} states a size that no \`npm run size\` row is matched to (add one to FACTS in scripts/readme-check.mjs): ${line.trim()}`);
    for (const [, bound, number] of stated) {
      const value = Number(number);
      const decimals = number.split('.')[1]?.length ?? 0;
      // As rounded: "6.8" is right for 6.75 to 6.85; never stricter than ±0.01 KB.
      const tolerance = Math.max(0.01, 0.5 * 10 ** -decimals) + 1e-9;
      const want = bound ? row.budget : row.kb;
      if (want === undefined) sizeProblems.push(`${where} gives a budget of ${value} KB, but scripts/size.mjs has none for "${row.label}"`);
      else if (Math.abs(value - want) > tolerance) {
        sizeProblems.push(`${where} says ${bound ? 'a budget of ' : ''}${number} KB for "${row.label}"; npm run size: ${want.toFixed(2)} KB`);
      }
    }
  });
}
check('README sizes = npm run size', sizeProblems);

// --- one Node version ------------------------------------------------------------------------------------------------
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const nodeProblems = [];
const engines = /^>=(\d+(?:\.\d+)?)$/.exec(pkg.engines?.node ?? '');
if (!engines) nodeProblems.push(`package.json engines.node is ${JSON.stringify(pkg.engines?.node)}; the docs can only state ">=N" or ">=N.M" as "Node N(.M) or later"`);
else {
  const version = engines[1];
  if (lock.packages?.['']?.engines?.node !== pkg.engines.node) {
    nodeProblems.push(`package-lock.json's root engines.node is ${JSON.stringify(lock.packages?.['']?.engines?.node)}, package.json's ${JSON.stringify(pkg.engines.node)}`);
  }
  for (const [name, text] of [
    [readmeName, readme],
    ['DEVELOPERS.md', readFileSync(join(root, 'DEVELOPERS.md'), 'utf8')],
  ]) {
    text.split('\n').forEach((line, i) => {
      for (const [said, n] of line.matchAll(/\bNode(?:\.js)? (\d+(?:\.\d+)?)/g)) {
        if (n !== version) nodeProblems.push(`${name}:${i + 1} says "${said}"; package.json engines: ${pkg.engines.node}`);
      }
    });
  }
  const [want, have] = [version, process.versions.node].map((v) => v.split('.').map(Number));
  if (have[0] < want[0] || (have[0] === want[0] && have[1] < (want[1] ?? 0))) {
    nodeProblems.push(`this is Node ${process.versions.node}, below engines ${pkg.engines.node}`);
  }
}
check(`one Node version (${pkg.engines?.node}) in package.json, package-lock.json, README.md, DEVELOPERS.md`, nodeProblems);

// --- Quick start and npm start's options ----------------------------------------------------------------------------
const startProblems = [];
const SCREEN = 40; // lines: about what a browser or an editor shows before the first scroll
const quick = lines.findIndex((line) => /^## Quick start\b/.test(line));
if (quick < 0) startProblems.push('README has no "## Quick start"');
else if (quick >= SCREEN) startProblems.push(`"## Quick start" is at line ${quick + 1}, not on the first screen (first ${SCREEN} lines)`);
else if (!lines.slice(quick, SCREEN + 10).some((line) => /^npm start\b/.test(line))) startProblems.push('Quick start does not show `npm start` in its code block');
const help = spawnSync(process.execPath, [join(root, 'demo/start.mjs'), '--help'], { encoding: 'utf8' }).stdout;
for (const [, option] of readme.matchAll(/npm start -- (?:[^`\n]*? )?(--[a-z][\w-]*)/g)) {
  if (!help.includes(`${option} `) && !help.includes(`${option}\n`)) startProblems.push(`README names npm start -- ${option}, which demo/start.mjs --help does not list`);
}
check('Quick start on the first screen; npm start options as documented', startProblems);

// --- the reference server's endpoints --------------------------------------------------------------------------------
const section = readme.split(/^## The reference server\s*$/m)[1]?.split(/^## /m)[0] ?? '';
const endpoints = [...section.matchAll(/^\| (.*?) \|/gm)].flatMap(([, cell]) => [...cell.matchAll(/`(GET|HEAD|POST|PUT|DELETE) (\/[^`\s]*)`/g)].map(([, m, p]) => [m, p]));
const endpointProblems = endpoints.length ? [] : ['README has no "## The reference server" table of endpoints'];
if (endpoints.length) {
  const server = await startServer({ fast: true, log: () => {} });
  try {
    const signIn = async (user) => (await (await fetch(`${server.url}/api/v2/login`, { method: 'POST', body: JSON.stringify({ user }) })).json());
    for (const [method, path] of endpoints) {
      const { access_token: token } = await signIn('admin');
      const { user } = await signIn('readme-check');
      const url = `${server.url}${path.replace('{userId}', encodeURIComponent(user.id))}`;
      const body = method === 'POST' ? JSON.stringify({ user: 'ada' }) : undefined;
      const { status } = await fetch(url, { method, body, headers: { authorization: `Bearer ${token}` } });
      if (status === 404 || status === 405) endpointProblems.push(`${method} ${path}: ${status}`);
    }
  } finally {
    await server.close();
  }
}
check(`README's ${endpoints.length} reference-server endpoints answer`, endpointProblems);

const failed = results.filter((ok) => !ok).length;
console.log(`readme: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
