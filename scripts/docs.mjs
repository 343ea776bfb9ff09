// The API reference and the docs' links.
//   node scripts/docs.mjs           (npm run docs) TypeDoc from the TSDoc comments of the package's entries
//                                   (typedoc.json: src/index.ts, src/react/index.ts, src/oidc/index.ts) into docs/api/
//   node scripts/docs.mjs --check   (the `docs` step of npm test) TypeDoc with warnings as errors into a temp dir,
//                                   and every relative link in the Markdown docs points at a file and heading that
//                                   exist. Closing line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typedoc = (...args) => spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), ...args], { cwd: root, encoding: 'utf8' });
const mode = process.argv[2];
if (mode !== undefined && mode !== '--check') {
  console.error('usage: node scripts/docs.mjs [--check]');
  process.exit(2);
}

if (!mode) {
  const run = typedoc(); // typedoc.json: src/index.ts → docs/api
  process.stdout.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}

const results = [];
function report(name, problems) {
  results.push(problems.length === 0);
  console.log(problems.length ? `FAIL ${name}\n${problems.map((p) => `     ${p}`).join('\n')}` : `ok   ${name}`);
}

// TypeDoc: a broken {@link}, a public type that is used but not exported, … are errors here.
const out = mkdtempSync(join(tmpdir(), 'idle-logout-docs-'));
const run = typedoc('--out', out, '--treatWarningsAsErrors');
rmSync(out, { recursive: true, force: true });
// eslint-disable-next-line no-control-regex
const plain = (run.stdout + run.stderr).replace(/\x1b\[[0-9;]*m/g, '');
const said = plain.split('\n').filter((l) => /\[(warning|error)\]|error TS\d+/.test(l));
report('TypeDoc builds the API reference without warnings', run.status === 0 ? [] : said.length ? said : [`typedoc exited ${run.status}`]);

// Relative links in the Markdown we ship or link to: the file exists and, with #anchor, so does the heading.
const markdown = ['README.md', 'DEVELOPERS.md', 'CHANGELOG.md', ...(existsSync(join(root, 'docs')) ? readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [])].filter((f) => existsSync(join(root, f)));
/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchors = (file) => new Set([...readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1])));
for (const file of markdown) {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
    const [path, anchor] = target.split('#');
    const linked = path ? resolve(dirname(join(root, file)), path) : join(root, file);
    if (!existsSync(linked)) problems.push(`${target}: no such file`);
    else if (anchor && linked.endsWith('.md') && !anchors(linked).has(anchor)) problems.push(`${target}: no heading #${anchor}`);
  }
  report(`links in ${file}`, problems);
}

const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
