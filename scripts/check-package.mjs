// The `package` step of `npm test`: the package as a consumer gets it, checked from the packed tarball.
// Needs a built dist/ (`npm run build`). Offline: the scratch consumer gets the tarball's files and symlinks to this
// repo's installed dependencies instead of an `npm install`.
//   publint --strict, attw (every entry under node10, node16 CJS/ESM, bundler), the tarball's file list, every
//   path package.json names, source maps with their sources, optional peers (react, oidc-client-ts) loaded only by
//   their own entries, TypeScript consumers (bundler, node16 ESM, node16 CJS, script-tag globals) type-checked with
//   this repo's tsc, and the built files loaded by Node through `import` and `require`. Closing line:
//   `N passed, N failed`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { checkReadme } from '../bench/readme.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'idle-logout-package-'));
const results = [];

/** One check: `run` returns nothing (pass) or a string saying what is wrong; a throw fails it too. */
async function check(name, run) {
  let problem;
  try {
    problem = await run();
  } catch (error) {
    problem = String(error?.stderr || error?.stdout || error?.message || error).trim();
  }
  results.push(!problem);
  console.log(problem ? `FAIL ${name}\n${String(problem).replace(/^/gm, '     ')}` : `ok   ${name}`);
}

// ---- the tarball: exactly what `npm publish` would upload
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
const tarball = join(scratch, packed.filename);
const files = packed.files.map((f) => f.path);
console.log(`${packed.filename}: ${files.length} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`);

await check('publint --strict', async () => {
  // publint packs on its own (npm pack): that way it also sees files that exist but are not published.
  const { messages } = await publint({ pkgDir: root, strict: true });
  const text = (m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`;
  messages.filter((m) => m.type === 'suggestion').forEach((m) => console.log(`     ${text(m)}`));
  return messages.filter((m) => m.type !== 'suggestion').map(text).join('\n');
});

await check('attw (node10, node16 CJS, node16 ESM, bundler)', () => {
  const attw = spawnSync(join(root, 'node_modules/.bin/attw'), [tarball, '--format', 'table-flipped'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  console.log(attw.stdout.trim().replace(/^/gm, '     '));
  return attw.status === 0 ? undefined : attw.stderr || `attw exited ${attw.status}`;
});

await check('the tarball holds only what a consumer needs', () => {
  const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(mjs|cjs|js|d\.ts|d\.cts|map))$/;
  const extra = files.filter((f) => !allowed.test(f));
  const missing = ['package.json', 'README.md', 'LICENSE', 'dist/idle-logout.iife.js'].filter((f) => !files.includes(f));
  return [...extra.map((f) => `unexpected: ${f}`), ...missing.map((f) => `missing: ${f}`)].join('\n');
});

await check('every file package.json names is in the tarball', () => {
  const named = [];
  const walk = (value) => (typeof value === 'string' ? named.push(value) : Object.values(value ?? {}).forEach(walk));
  ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'exports', 'typesVersions'].forEach((field) => walk(pkg[field]));
  return named
    .map((p) => p.replace(/^\.\//, ''))
    .filter((p) => !files.includes(p))
    .map((p) => `not in the tarball: ${p}`)
    .join('\n');
});

// ---- a consumer's node_modules: the tarball unpacked, dependencies linked from this repo (offline, exact versions)
const project = join(scratch, 'consumer');
const installed = join(project, 'node_modules/idle-logout');
mkdirSync(installed, { recursive: true });
execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]) symlinkSync(join(root, 'node_modules', dep), join(project, 'node_modules', dep), 'dir');
// A TypeScript app that uses a peer without its own types (react) has its @types package: so does this consumer.
mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
for (const peer of Object.keys(pkg.peerDependencies ?? {}).filter((p) => existsSync(join(root, 'node_modules/@types', p))))
  symlinkSync(join(root, 'node_modules/@types', peer), join(project, 'node_modules/@types', peer), 'dir');

await check('source maps carry their sources (sourcesContent)', () => {
  const problems = [];
  for (const map of files.filter((f) => f.endsWith('.map'))) {
    const { sources, sourcesContent = [] } = JSON.parse(readFileSync(join(installed, map), 'utf8'));
    const empty = sources.filter((_, i) => typeof sourcesContent[i] !== 'string');
    if (empty.length) problems.push(`${map}: no content for ${empty.length} of ${sources.length} sources (${empty[0]}, …)`);
  }
  return problems.join('\n');
});

// An optional peer is imported only by its own entry, so an app without it installed can use every other entry, lazy
// chunks included (a bundler fails on an import it cannot resolve, even a dynamic one). A new optional peer needs a row.
const PEER_ENTRIES = { react: './react', 'oidc-client-ts': './oidc' };
await check('optional peers are imported only by their own entries', () => {
  const specifiers = (file) => [...readFileSync(join(installed, file), 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g)].map((m) => m[2]);
  /** The built files an entry file loads, statically or with import(), itself included. */
  const reachable = (file, seen = new Set()) => {
    if (seen.has(file) || !files.includes(file)) return seen;
    seen.add(file);
    for (const s of specifiers(file)) if (s.startsWith('.')) reachable(join(dirname(file), s), seen);
    return seen;
  };
  const problems = [];
  const optional = Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([peer]) => peer);
  for (const peer of optional) {
    if (!PEER_ENTRIES[peer]) problems.push(`${peer}: an optional peer with no row in PEER_ENTRIES`);
    for (const [key, target] of Object.entries(pkg.exports).filter(([key]) => key !== PEER_ENTRIES[peer])) {
      const starts = [];
      const walk = (value) => (typeof value === 'string' ? /\.[cm]?js$/.test(value) && starts.push(value.replace(/^\.\//, '')) : Object.values(value ?? {}).forEach(walk));
      walk(target);
      for (const file of new Set(starts.flatMap((f) => [...reachable(f)])))
        if (specifiers(file).some((s) => s === peer || s.startsWith(`${peer}/`))) problems.push(`${pkg.name}${key.slice(1)} loads ${peer} (${file})`);
    }
  }
  return problems.join('\n');
});

// Each consumer uses the types in a way that fails if they were missing or `any` (the @ts-expect-error lines).
const usage = (from) => `
const idle = ${from}createIdleLogout({ getToken: () => null, timeoutMs: 300_000, activity: { api: { exclude: ['/poll'] } } });
idle.on('warning', ({ remainingMs }) => remainingMs.toFixed(0));
idle.on('logout', ({ reason }) => reason satisfies 'idle' | 'revoked' | 'manual' | 'scheduled' | 'signed-out');
const release: () => void = idle.hold('after-call work');
release();
const stop: void = idle.destroy();
const failure: unknown = new Error();
if (failure instanceof ${from}TokenLoggedOutError) failure.reason.toUpperCase();
if (failure instanceof ${from}IdlePolicyError) failure.field.toUpperCase();
// @ts-expect-error getToken is required
${from}createIdleLogout({ timeoutMs: 300_000 });
// @ts-expect-error not an option
${from}createIdleLogout({ getToken: () => null, timeoutMs: 300_000, bogus: true });
export { stop };
`;
const consumers = {
  'esm.ts': `import { createIdleLogout, IdlePolicyError, TokenLoggedOutError, type IdleLogoutOptions } from 'idle-logout';
const options: IdleLogoutOptions = { getToken: () => 'token', timeoutMs: 900_000, hipaa: true };
createIdleLogout(options);
const viaSubpath = await import('idle-logout/iife');
viaSubpath.createIdleLogout satisfies typeof createIdleLogout;
${usage('')}`,
  'cjs.cts': `import { createIdleLogout, IdlePolicyError, TokenLoggedOutError } from 'idle-logout';
import iife = require('idle-logout/iife');
iife.createIdleLogout satisfies typeof createIdleLogout;
${usage('')}`,
  // A page's own script next to <script src=".../idle-logout.iife.js">: no import, the global `IdleLogout`.
  'script.ts': `/// <reference types="idle-logout/iife" />
const page = IdleLogout.createIdleLogout({ getToken: () => sessionStorage.getItem('token'), timeoutMs: 900_000 });
page.on('logout', ({ reason }) => console.log(reason));
const link: IdleLogout.HeartbeatConnection = IdleLogout.connectHeartbeat(document.createElement('iframe'), { targetOrigin: 'https://app.example.com' });
link.disconnect();
// @ts-expect-error not an option
IdleLogout.createIdleLogout({ getToken: () => null, timeoutMs: 300_000, bogus: true });
`,
};
// Every entry in "exports" has types under each resolution (a missing one is TS7016 under `strict`).
const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => `${pkg.name}${k.slice(1)}`);
consumers['entries.ts'] = entries.map((e, i) => `import * as e${i} from '${e}';\n`).join('') + `export const all = [${entries.map((_, i) => `e${i}`)}];\n`;
consumers['entries.cts'] = entries.map((e, i) => `import e${i} = require('${e}');\n`).join('') + `export const all = [${entries.map((_, i) => `e${i}`)}];\n`;
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
for (const [file, source] of Object.entries(consumers)) writeFileSync(join(project, file), source);

const base = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] };
const projects = {
  'TypeScript ESM consumer, moduleResolution bundler': { ...base, module: 'ESNext', moduleResolution: 'Bundler', files: ['esm.ts', 'entries.ts'] },
  'TypeScript ESM consumer, module node16': { ...base, module: 'Node16', moduleResolution: 'Node16', files: ['esm.ts', 'entries.ts'] },
  'TypeScript CommonJS consumer, module node16': { ...base, module: 'Node16', moduleResolution: 'Node16', files: ['cjs.cts', 'entries.cts'] },
  'TypeScript script-tag page, global IdleLogout': { ...base, module: 'ESNext', moduleResolution: 'Bundler', files: ['script.ts'] },
};
const tsc = join(root, 'node_modules/typescript/bin/tsc');
for (const [name, { files: list, ...compilerOptions }] of Object.entries(projects)) {
  await check(name, () => {
    const config = join(project, `tsconfig.${list[0]}.${compilerOptions.module}.json`);
    writeFileSync(config, JSON.stringify({ compilerOptions, files: list }));
    const run = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: project, encoding: 'utf8' });
    return run.status === 0 ? undefined : run.stdout + run.stderr;
  });
}

// ---- the JS: Node loads every entry both ways (no DOM: importing must not touch the page)
const node = (type, code) => {
  const run = spawnSync(process.execPath, ['--input-type', type, '-e', code], { cwd: project, encoding: 'utf8' });
  return run.status === 0 ? undefined : run.stderr.trim().split('\n').slice(0, 6).join('\n');
};
const api = ['createIdleLogout', 'connectHeartbeat', 'IdlePolicyError', 'TokenLoggedOutError'];
const expectApi = (m) => `const missing = ${JSON.stringify(api)}.filter((k) => typeof ${m}[k] !== 'function'); if (missing.length) throw new Error('missing: ' + missing);`;
await check("import('idle-logout') and require('idle-logout') in Node give the API", () =>
  [node('module', `const m = await import('idle-logout'); ${expectApi('m')}`), node('commonjs', `const m = require('idle-logout'); ${expectApi('m')}`)].filter(Boolean).join('\n'),
);
await check("import('idle-logout/iife') gives the API (not an empty module)", () => node('module', `const m = await import('idle-logout/iife'); ${expectApi('m')}`));
const someExports = (m) => `if (!Object.keys(${m}).length) throw new Error('no exports');`;
for (const entry of entries.filter((e) => e !== pkg.name)) {
  await check(`import('${entry}') and require('${entry}') in Node`, () =>
    [node('module', `const m = await import('${entry}'); ${someExports('m')}`), node('commonjs', `const m = require('${entry}'); ${someExports('m')}`)].filter(Boolean).join('\n'),
  );
}

// The script tag is one file (issue 22): a page that serves only dist/idle-logout.iife.js has every part. A relative
// `import()` in it (a part split off beside it) would fail on such a page; e2e/iife.spec.ts checks it in a browser.
await check('the script-tag build is one file: nothing loaded from beside it', () => {
  const code = readFileSync(join(root, 'dist/idle-logout.iife.js'), 'utf8');
  const beside = files.filter((f) => /^dist\/idle-logout\.(?!iife\.)[^/]+\.m?js$/.test(f));
  return [
    ...beside.map((f) => `${f}: a part beside the script tag (a split variant needs its own name, not idle-logout.*)`),
    /\bimport\s*\(/.test(code) ? 'dist/idle-logout.iife.js calls import(): it loads a file from beside itself' : '',
  ].filter(Boolean).join('\n');
});

// README's measured figures are the committed benchmark run's (bench/readme.mjs writes them; `npm run bench` runs it).
await check('README "Size and performance" agrees with bench/results.json', () => checkReadme().join('\n'));

rmSync(scratch, { recursive: true, force: true });
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.every(Boolean) ? 0 : 1);
