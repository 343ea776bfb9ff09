import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

/**
 * The package's entry points, one row each. A row gives `dist/<name>.mjs` (import), `dist/<name>.cjs` (require) and
 * their types `dist/<name>.d.ts` / `dist/<name>.d.cts`. Entries share chunks, so code they have in common (the core,
 * its module state) exists once. Add the matching package.json entries, e.g. for `react`:
 *   "exports": { "./react": { "import": { "types": "./dist/react.d.ts", "default": "./dist/react.mjs" },
 *                             "require": { "types": "./dist/react.d.cts", "default": "./dist/react.cjs" } } }
 *   "typesVersions": { "*": { "react": ["./dist/react.d.ts"] } }          (TypeScript's old node10 resolution)
 * and scripts/check-package.mjs checks the new entry (publint, attw, types in every resolution, loads in Node). For an
 * entry whose weight matters, a row in scripts/size.mjs lists it (as for `oidc`).
 */
const entries = [
  { name: 'index', input: 'src/index.ts' },
  { name: 'react', input: 'src/react/index.ts' }, // idle-logout/react (react, a peerDependency, stays external)
  { name: 'worker', input: 'src/worker/index.ts' }, // idle-logout/worker
  { name: 'oidc', input: 'src/oidc/index.ts' }, // idle-logout/oidc (oidc-client-ts, an optional peerDependency, stays external)
];
/** The <script> build: one file, everything inlined, one global. */
const script = { input: 'src/index.ts', file: 'dist/idle-logout.iife.js', global: 'IdleLogout' };

const input = Object.fromEntries(entries.map((e) => [e.name, e.input]));
// npm builds keep dependencies external: the app's bundler dedupes them.
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
const isExternal = (id) => external.some((name) => id === name || id.startsWith(`${name}/`));
/**
 * TypeScript to JS, once for the whole build: the plugin emits the whole project when a build starts, so every
 * configuration below shares the first one's program (as rollup's watch mode does between rebuilds) instead of each
 * parsing and emitting all of src/ again. `noCheck`: no type-checking here, `npm test` runs `tsc --noEmit`; the JS
 * TypeScript emits is the same either way. `inlineSources` ships the TypeScript in the maps' sourcesContent: src/ is
 * not in the package.
 */
const tsShared = typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: true, inlineSources: true, noCheck: true });
let tsStarted = false;
let tsOpen = 0; // configurations that use it and have not ended: the last one closes the program
const ts = () => {
  tsOpen++;
  return {
    ...tsShared,
    buildStart(options) {
      if (tsStarted) return;
      tsStarted = true;
      return tsShared.buildStart.call(this, options);
    },
    buildEnd(error) {
      if (--tsOpen === 0 || error) return tsShared.buildEnd.call(this, error);
    },
  };
};

/**
 * broadcast-channel's parts that the script-tag build drops or reduces, where we own the bundle (~1.6 KB). Tab sync uses the
 * package only in `features/sync/fallback.ts`: its message-based election runs over fallback.ts's own native-channel
 * method with Web Locks hidden, so the package's Web Locks election and its `native` method are never chosen. The
 * package's channel is opened only where the page has no native BroadcastChannel, and the one transport it could
 * pick there, localStorage, is dropped too (~0.7 KB, over the script tag's 21 KB ceiling; every browser we support
 * has a native BroadcastChannel, Safari since 15.4): there tab sync reports `sync` once and the page runs on its own
 * clock (e2e/iife.spec.ts). IndexedDB is never chosen (`webWorkerSupport: false`), `simulate` only by name. npm
 * builds keep the whole package: the app's bundler decides there.
 */
const ESBROWSER = /broadcast-channel[\\/]dist[\\/]esbrowser[\\/](.+)\.js$/;
const UNUSED_IN_SCRIPT = {
  'methods/native': `export const NativeMethod = { type: 'native', canBeUsed: () => false };`,
  'methods/indexed-db': `export const IndexedDBMethod = { type: 'idb', canBeUsed: () => false };`,
  'methods/simulate': `export const SimulateMethod = { type: 'simulate', canBeUsed: () => false };`,
  'methods/localstorage': `export const LocalstorageMethod = { type: 'localstorage', canBeUsed: () => false };`,
  'leader-election-web-lock': 'export class LeaderElectionWebLock {}',
  // With the methods above gone, only what the remaining paths read: the defaults the package fills in are for its
  // IndexedDB, localStorage and Node methods (fallback.ts's own method ignores options), and the method is the first
  // usable of `methods` (no `type` is ever asked for; the error, the package's words without its list of methods,
  // is only the cause of fallback.ts's own, which says what it means for the page).
  options: 'export const fillOptionsWithDefaults = (o = {}) => ({ ...o, webWorkerSupport: o.webWorkerSupport ?? true });',
  'method-chooser': `export function chooseMethod(o) {
  const m = [].concat(o.methods).find((m) => m?.canBeUsed());
  if (!m) throw new Error('No usable method found');
  return m;
}`,
};
const dropUnusedChannelParts = () => ({
  name: 'drop-unused-channel-parts',
  load: (id) => UNUSED_IN_SCRIPT[ESBROWSER.exec(id.split(sep).join('/'))?.[1]] ?? null,
});

/**
 * broadcast-channel's leader election calls the `unload` package's `add(fn)` so a leader steps down as its page goes;
 * that package listens to `unload` and `beforeunload`, which keep a page out of the back/forward cache. In the
 * script-tag build it is replaced by the same `add(fn)` on `pagehide`, which fires whenever a page goes (into the
 * cache too: tab sync re-elects when it comes back, on `pageshow`).
 */
const UNLOAD_ON_PAGEHIDE = `export function add(fn) {
  const run = () => (removeEventListener('pagehide', run), fn());
  addEventListener('pagehide', run);
  return { remove: () => removeEventListener('pagehide', run), run };
}`;
const unloadOnPagehide = () => ({
  name: 'unload-on-pagehide',
  resolveId: (id) => (id === 'unload' ? '\0unload-on-pagehide' : null),
  load: (id) => (id === '\0unload-on-pagehide' ? UNLOAD_ON_PAGEHIDE : null),
});

/**
 * The unseen-requests hint (`requests/unseen.ts`, README "Create it before any HTTP client") is left out of the
 * script-tag build (~0.5 KB of its 21 KB ceiling): a script tag usually runs before the app's own bundle, so an HTTP
 * client there has not bound `fetch` ahead of the instance, which is all the hint reports. The npm builds keep it. It
 * resolves to a chunk that starts nothing.
 */
const UNSEEN = /[\\/]src[\\/]features[\\/]requests[\\/]unseen\.ts$/;
const noUnseenHint = () => ({
  name: 'no-unseen-hint',
  async resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string') return null;
    const resolved = await this.resolve(specifier, importer, { skipSelf: true });
    return resolved && UNSEEN.test(resolved.id) ? '\0no-unseen-hint' : null;
  },
  load: (id) => (id === '\0no-unseen-hint' ? 'export const start = () => {};' : null),
});

/**
 * Types for the script-tag build: the same API as the package root, declared as the UMD global `IdleLogout`, so a
 * page's own scripts get typed globals (`/// <reference types="idle-logout/iife" />`). An output plugin: one per
 * types output.
 */
const scriptTypes = (ext, from) => ({
  name: 'script-types',
  generateBundle() {
    const source = `export * from './index.${from}';\nexport as namespace ${script.global};\n`;
    this.emitFile({ type: 'asset', fileName: basename(script.file).replace(/\.js$/, `.d.${ext}`), source });
  },
});

/**
 * Files in dist/ that this build did not write (chunks of an older build, a removed entry) are deleted at the end, so
 * `npm pack` ships only this build. Not at the start: a demo or test server may be serving dist/ meanwhile.
 */
const started = Date.now();
const removeStale = () => ({
  name: 'remove-stale',
  closeBundle() {
    const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
    for (const file of walk('dist')) if (statSync(file).mtimeMs < started - 1000) rmSync(file);
  },
});

/**
 * Minifying the script tag, ~0.1 KB min + gzip below terser's defaults, for ES2020 browsers (tsconfig's target).
 * `unsafe_arrows` turns function expressions that never use `this` into arrows and `unsafe_methods`
 * `{ m: function () {} }` into `{ m() {} }`: neither is ever called with `new` (broadcast-channel's constructors use
 * `this`, and are not object properties). Not `toplevel`: the one top-level name is the global `IdleLogout`.
 */
const SCRIPT_TERSER = { ecma: 2020, compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true } };

/** ESM (.mjs, .d.ts) and CommonJS (.cjs, .d.cts): each an output of one build of all entries, with shared chunks. */
const formats = [
  { format: 'es', js: 'mjs', types: 'ts' },
  { format: 'cjs', js: 'cjs', types: 'cts' },
];

export default [
  // Optional parts (tab-sync transport, UI, route and draft memory) are dynamic imports: split into chunks.
  {
    input,
    external: isExternal,
    output: formats.map(({ format, js }) => ({ dir: 'dist', format, entryFileNames: `[name].${js}`, chunkFileNames: `chunks/[name]-[hash].${js}`, sourcemap: true })),
    plugins: [ts()],
  },
  {
    // `browser: true` keeps broadcast-channel's Node build out.
    input: script.input,
    // The namespace objects of inlined chunks never leave the closure: no Object.freeze() around each.
    output: { file: script.file, format: 'iife', name: script.global, sourcemap: true, inlineDynamicImports: true, freeze: false, generatedCode: { constBindings: true } },
    plugins: [unloadOnPagehide(), noUnseenHint(), resolve({ browser: true }), dropUnusedChannelParts(), ts(), terser(SCRIPT_TERSER)],
  },
  {
    input,
    external: isExternal,
    // A types file names the JS beside it: './index.js' finds index.d.ts, './index.cjs' finds index.d.cts.
    output: formats.map(({ js, types }) => ({
      dir: 'dist',
      format: 'es',
      entryFileNames: `[name].d.${types}`,
      chunkFileNames: `chunks/[name]-[hash].d.${types}`,
      plugins: [scriptTypes(types, js === 'mjs' ? 'js' : js)],
    })),
    plugins: [dts(), removeStale()],
  },
];
