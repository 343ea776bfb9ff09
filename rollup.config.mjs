import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
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
 * broadcast-channel's transports that the script-tag build drops, where we own the bundle (~1.7 KB): IndexedDB
 * (never chosen: tab sync opens its channel with `webWorkerSupport: false`), `simulate` (only when asked for by
 * name) and localStorage (the fallback for browsers without a native BroadcastChannel, which every browser we
 * support has: Safari since 15.4). Without one, tab sync reports `sync` once and this page runs on its own clock.
 * npm builds keep the whole package: the app's bundler decides there.
 */
const DROPPED_CHANNEL_METHODS = { 'indexed-db': 'IndexedDBMethod', localstorage: 'LocalstorageMethod', simulate: 'SimulateMethod' };
const dropUnusedChannelMethods = () => ({
  name: 'drop-unused-channel-methods',
  load(id) {
    const m = /broadcast-channel[\\/]dist[\\/]esbrowser[\\/]methods[\\/]([\w-]+)\.js$/.exec(id);
    const name = m && DROPPED_CHANNEL_METHODS[m[1]];
    return name ? `export const ${name} = { type: '${m[1]}', canBeUsed: () => false };` : null;
  },
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
 * Parts of the script-tag build that few pages need live in their own files beside it, loaded with `import()` from
 * the script's own URL when a page needs them (every browser that runs the SDK supports `import()` in classic
 * scripts): broadcast-channel, the fallback for pages without a native BroadcastChannel or with Web Locks refused
 * (cross-site frames); `explain()`'s report; the page side of `workers`. Each is a self-contained ES module.
 */
const scriptParts = { 'src/features/sync/fallback.ts': 'fallback', 'src/features/explain/report.ts': 'explain', 'src/features/workers.ts': 'workers' };
const partFile = (name) => basename(script.file).replace(/\.iife\.js$/, `.${name}.mjs`);
const scriptSplit = () => ({
  name: 'script-split',
  async resolveDynamicImport(specifier, importer) {
    if (typeof specifier !== 'string') return null;
    const resolved = await this.resolve(specifier, importer, { skipSelf: true });
    const name = resolved && scriptParts[relative(process.cwd(), resolved.id).split(sep).join('/')];
    return name ? { id: partFile(name), external: true } : null;
  },
  renderDynamicImport: ({ targetModuleId }) =>
    Object.values(scriptParts).some((name) => targetModuleId === partFile(name)) ? { left: 'import(new URL(', right: ', SCRIPT_URL).href)' } : null,
});
const SCRIPT_URL = "var SCRIPT_URL = (typeof document == 'object' && document.currentScript && document.currentScript.src) || location.href;";

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
    output: { file: script.file, format: 'iife', name: script.global, sourcemap: true, inlineDynamicImports: true, intro: SCRIPT_URL },
    plugins: [scriptSplit(), unloadOnPagehide(), resolve({ browser: true }), dropUnusedChannelMethods(), ts(), terser()],
  },
  ...Object.entries(scriptParts).map(([input, name]) => ({
    input,
    // A part's own dynamic imports are inlined, as in the script: each part stays one self-contained file.
    output: { file: `dist/${partFile(name)}`, format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [unloadOnPagehide(), resolve({ browser: true }), dropUnusedChannelMethods(), ts(), terser()],
  })),
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
