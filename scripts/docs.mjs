// The API reference and the docs' links.
//   node scripts/docs.mjs           (npm run docs) TypeDoc from the TSDoc comments of the package's entries
//                                   (typedoc.json: src/index.ts, src/react/index.ts, src/oidc/index.ts, src/worker/index.ts) into docs/api/
//   node scripts/docs.mjs --check   (the `docs` step of npm test) TypeDoc with warnings as errors into a temp dir,
//                                   every relative link in the Markdown docs points at a file and heading that
//                                   exist, and README's options tables agree with the options' TSDoc `@default`s
//                                   and the policy bounds (`checkOptionsDocs`, below). Closing line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Text compared as people read it: code spans' backticks dropped, runs of white space as one space. */
const plainText = (text) => text.replace(/`/g, '').replace(/\s+/g, ' ').trim();

/**
 * The options' TSDoc in `src/types/options.ts`: for `IdleLogoutOptions` and the option types declared beside it
 * (`activity: ActivityOptions`, `revoke: false | RevokeOptions`, whose members' keys get the option's path as prefix),
 * each option's path, whether it is optional, its `@default` and its whole comment.
 */
export function optionsFromTypes(source) {
  const file = ts.createSourceFile('options.ts', source, ts.ScriptTarget.Latest, true);
  const declared = new Map();
  for (const node of file.statements) if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) declared.set(node.name.text, node);
  /** The property signatures of an interface, or of every object type in an alias' union. */
  const members = (node) => (ts.isInterfaceDeclaration(node) ? [...node.members] : ts.isUnionTypeNode(node.type) ? node.type.types.flatMap((t) => (ts.isTypeLiteralNode(t) ? [...t.members] : [])) : []);
  const out = [];
  const read = (node, prefix) => {
    for (const m of members(node)) {
      if (!ts.isPropertySignature(m)) continue;
      const path = prefix + m.name.getText(file);
      const tags = ts.getJSDocTags(m);
      const def = tags.find((t) => t.tagName.text === 'default');
      const comment = m.getFullText(file).slice(0, m.getLeadingTriviaWidth(file));
      out.push({ path, optional: !!m.questionToken, default: def ? plainText(ts.getTextOfJSDocComment(def.comment) ?? '') : undefined, comment: plainText(comment.replace(/^\s*(\/\*\*|\*\/?)/gm, '')) });
      // An option whose type is declared here has options of its own.
      const local = [...(m.type?.getText(file).matchAll(/\b[A-Z]\w*Options\b/g) ?? [])].map(([n]) => declared.get(n)).find(Boolean);
      if (!prefix && local) read(local, `${path}.`);
    }
  };
  read(declared.get('IdleLogoutOptions'), '');
  return out;
}

/** README's options tables ("### Options", "### More options"): each row's option path, default and meaning. */
export function optionRows(readme) {
  const rows = [];
  for (const [, section] of readme.matchAll(/^### (?:More options|Options)\n([\s\S]*?)(?=^#{1,3} )/gm))
    for (const [, path, def, meaning] of section.matchAll(/^\| `([\w.]+)` \| (.*?) \| (.*) \|$/gm)) rows.push({ path, default: plainText(def), meaning: plainText(meaning) });
  return rows;
}

/** The policy bounds as policy.ts defines them: the module itself, bundled on the fly (its one import included). */
export async function policyBounds() {
  const { outputFiles } = buildSync({ entryPoints: [join(root, 'src/core/policy.ts')], bundle: true, format: 'esm', write: false });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

/** How the docs may write a bound: `300,000` or `5 min` / `20 s` / `8 h`. */
const spellings = (ms) => [ms.toLocaleString('en'), ms % 36e5 === 0 ? `${ms / 36e5} h` : ms % 6e4 === 0 ? `${ms / 6e4} min` : `${ms / 1000} s`];

/**
 * README's options tables against the options' TSDoc and the policy bounds. Every option has a row (or rows for its
 * own options, `activity.api`); every row names an option; every optional option has a `@default` and its row says the
 * same (a required one says `required`); a nested option's `@default` without a row of its own is in its parent's row
 * as `name = value`; each bound appears, as a number or a duration, in the rows and TSDoc of the options it bounds;
 * and each `at: '…'` time README shows matches `HHMM`, the pattern `schedule.at` is checked with. Returns the problems.
 */
export function checkOptionsDocs(readme, source, bounds) {
  const options = optionsFromTypes(source);
  const rows = optionRows(readme);
  const problems = [];
  const row = (path) => rows.find((r) => r.path === path);
  for (const o of options) {
    const r = row(o.path);
    if (!o.path.includes('.') && !r && !rows.some((x) => x.path.startsWith(`${o.path}.`))) problems.push(`${o.path}: no row in README's options tables`);
    if (o.optional && o.default === undefined) problems.push(`${o.path}: no @default in src/types/options.ts`);
    if (r && r.default !== (o.optional ? o.default : 'required')) problems.push(`${o.path}: README says default "${r.default}", the TSDoc "${o.optional ? o.default : 'required'}"`);
    const parent = o.path.includes('.') && row(o.path.slice(0, o.path.lastIndexOf('.')));
    if (!r && parent && o.default !== undefined && !parent.meaning.includes(`${o.path.split('.').pop()} = ${o.default}`))
      problems.push(`${o.path}: README's ${parent.path} row does not say "${o.path.split('.').pop()} = ${o.default}"`);
  }
  for (const r of rows) if (!options.some((o) => o.path === r.path)) problems.push(`${r.path}: a README row for no option of IdleLogoutOptions`);
  const bounded = {
    timeoutMs: ['MIN_TIMEOUT', 'MAX_TIMEOUT', 'MAX_TIMEOUT_HIPAA'],
    warnBeforeMs: ['MIN_WARN'],
    revokeAheadMs: ['MIN_AHEAD', 'MAX_AHEAD'],
    unsafeShortTimeouts: ['UNSAFE_MIN_TIMEOUT', 'UNSAFE_MIN_WARN'],
  };
  for (const [path, names] of Object.entries(bounded))
    for (const name of names) {
      if (typeof bounds[name] !== 'number') problems.push(`${name}: policy.ts exports no such bound`);
      else
        for (const [where, text] of [['README', row(path)?.meaning ?? ''], ['TSDoc', options.find((o) => o.path === path)?.comment ?? '']])
          if (!spellings(bounds[name]).some((s) => text.includes(s))) problems.push(`${path}: ${where} does not give ${name} (${spellings(bounds[name]).join(' or ')})`);
    }
  for (const [, time] of readme.matchAll(/\bat: '([^']*)'/g)) if (!bounds.HHMM.test(time)) problems.push(`at: '${time}' in README is not a time schedule.at accepts`);
  return problems;
}

// Run as a script; imported (by the check's own test, test/core/options-docs.test.ts), only the functions above.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

async function main() {
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

  // README's options tables against the options' TSDoc and the policy bounds.
  report(
    "README's options tables agree with the options' @default TSDoc and policy.ts' bounds",
    checkOptionsDocs(readFileSync(join(root, 'README.md'), 'utf8'), readFileSync(join(root, 'src/types/options.ts'), 'utf8'), await policyBounds()),
  );

  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(passed === results.length ? 0 : 1);
}
