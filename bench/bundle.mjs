// Bundles for the benchmarks, built from node_modules on every run (the peers' code is never copied):
// - byte counts of what a user ships (rollup + terser, gzip -9; frameworks and rxjs external), and
// - in-page builds under bench/pages/build/ (served at /bench/build/), frameworks bundled in.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { gzipSync } from 'node:zlib';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { SourceMapConsumer } from 'source-map-js';
import { root } from './lib.mjs';

export const gz = (code) => gzipSync(code, { level: 9 }).length;
/**
 * What each part of a minified file costs, min + gzip: `min` its minified characters, `gz` the file's gzip -9 minus
 * that of the file with the part's code cut out (its ranges, from the source map). A part is what `partOf(source)`
 * names the source files it groups. Costs overlap (gzip shares context between parts), so they do not add up to the
 * file's size; each is what leaving that part out alone would save.
 */
export function gzipCostByPart(code, map, partOf) {
  const lines = code.split('\n');
  /** Per part: [line, column, length] of every range of generated code a source of it maps to. */
  const parts = new Map();
  let prev;
  const close = (line, column) => {
    if (!prev?.source) return;
    const part = partOf(prev.source);
    const end = line === prev.generatedLine ? column : lines[prev.generatedLine - 1].length;
    if (!parts.has(part)) parts.set(part, []);
    parts.get(part).push([prev.generatedLine - 1, prev.generatedColumn, end - prev.generatedColumn]);
  };
  new SourceMapConsumer(map).eachMapping((m) => {
    close(m.generatedLine, m.generatedColumn);
    prev = m;
  });
  close(-1, 0);
  const whole = gz(code);
  return [...parts]
    .map(([part, ranges]) => {
      const cut = lines.slice();
      for (const [line, column, length] of ranges.sort((a, b) => b[1] - a[1])) cut[line] = cut[line].slice(0, column) + cut[line].slice(column + length);
      return { part, min: ranges.reduce((n, r) => n + r[2], 0), gz: whole - gz(cut.join('\n')) };
    })
    .sort((a, b) => b.gz - a.gz);
}
/** Frameworks and rxjs: the app has them anyway, so they are not counted against a library. */
const FRAMEWORK = /^(react|react-dom|scheduler|rxjs|@angular\/[^/]+)(\/.*)?$/;

/** As an app's own entry is bundled (and as scripts/size.mjs counts): no facade chunk only to keep its exports apart. */
const APP_ENTRY = 'allow-extension';

function entryPlugin(code) {
  const id = '\0bench-entry';
  return { name: 'bench-entry', resolveId: (x) => (x === id ? x : null), load: (x) => (x === id ? code : null), id };
}

/** min + gzip -9 of an entry's static import graph (and, separately, each lazy chunk), as `scripts/size.mjs` counts. */
export async function shippedBytes(code) {
  const entry = entryPlugin(code);
  const bundle = await rollup({ input: entry.id, preserveEntrySignatures: APP_ENTRY, external: (id) => FRAMEWORK.test(id), plugins: [entry, resolve({ browser: true }), terser()], onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const closure = (start) => {
    const seen = new Set();
    const visit = (c) => !seen.has(c.fileName) && (seen.add(c.fileName), c.imports.forEach((f) => chunks.has(f) && visit(chunks.get(f))));
    visit(start);
    return seen;
  };
  const initial = closure(output.find((o) => o.isEntry));
  const size = (names) => [...names].reduce((n, f) => n + gz(chunks.get(f).code), 0);
  const lazy = [...chunks.values()].filter((c) => !initial.has(c.fileName));
  return {
    initial: size(initial),
    /** The lazy chunks whose name matches `re`, with their static imports not already in the initial graph. */
    lazy(re) {
      const names = new Set();
      lazy.filter((c) => re.test(c.name)).forEach((c) => closure(c).forEach((f) => !initial.has(f) && names.add(f)));
      return { bytes: size(names), chunks: [...names].map((f) => chunks.get(f).name) };
    },
    /** The initial graph's modules, largest first (rendered bytes before minifying). */
    modules: [...initial]
      .flatMap((f) => Object.entries(chunks.get(f).modules).map(([id, m]) => [id.replace(/^.*?node_modules\//, '').replace(root + '/', ''), m.renderedLength]))
      .sort((a, b) => b[1] - a[1]),
  };
}

const OUT = resolvePath(root, 'bench/pages/build');

/** React's npm files are CommonJS only (no rollup commonjs plugin installed): a minimal module table for the page. */
function cjsTable(modules) {
  const defs = Object.entries(modules).map(
    ([name, file]) => `${JSON.stringify(name)}: function (module, exports, require) {\n${readFileSync(resolvePath(root, 'node_modules', file), 'utf8')}\n}`,
  );
  return `(function () {
  var process = { env: { NODE_ENV: 'production' } };
  var defs = {${defs.join(',\n')}};
  var cache = {};
  function req(name) {
    if (cache[name]) return cache[name].exports;
    var module = (cache[name] = { exports: {} });
    defs[name].call(module.exports, module, module.exports, req);
    return module.exports;
  }
  window.React = req('react');
  window.ReactDOM = req('react-dom');
  window.ReactDOMClient = req('react-dom/client');
  window.ReactJSXRuntime = req('react/jsx-runtime');
})();`;
}

async function iife(code, file, { name, external = [], globals = {} }) {
  const entry = entryPlugin(code);
  const bundle = await rollup({
    input: entry.id,
    external,
    plugins: [entry, resolve({ browser: true })],
    onwarn: () => {},
  });
  await bundle.write({ file: resolvePath(OUT, file), format: 'iife', name, globals });
  await bundle.close();
}

/**
 * Ours as an app's bundler ships it (ESM, code-split, dependencies resolved, minified) into build/ours-esm/, so a page
 * can import it and show which chunks a default instance really loads. Returns each file's min + gzip size.
 */
export async function buildOursEsm() {
  // What a default app imports: `createIdleLogout` alone (the other exports would count bytes it never loads).
  const entry = entryPlugin(`export { createIdleLogout } from ${JSON.stringify(resolvePath(root, 'dist/index.mjs'))};`);
  const bundle = await rollup({ input: entry.id, preserveEntrySignatures: APP_ENTRY, plugins: [entry, resolve({ browser: true }), terser()], onwarn: () => {} });
  const { output } = await bundle.write({ dir: resolvePath(OUT, 'ours-esm'), format: 'es', entryFileNames: 'index.js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  return Object.fromEntries(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, gz(c.code)]));
}

/** Writes the in-page builds: react.js (React 19, ReactDOM, the JSX runtime), rit.js (react-idle-timer), zone.js, ng.js (@ng-idle + the Angular parts it needs + rxjs). */
export async function buildPages() {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    resolvePath(OUT, 'react.js'),
    cjsTable({
      react: 'react/cjs/react.production.js',
      'react/jsx-runtime': 'react/cjs/react-jsx-runtime.production.js',
      'react-dom': 'react-dom/cjs/react-dom.production.js',
      'react-dom/client': 'react-dom/cjs/react-dom-client.production.js',
      scheduler: 'scheduler/cjs/scheduler.production.js',
    }),
  );
  await iife(`export { useIdleTimer } from 'react-idle-timer';`, 'rit.js', {
    name: 'IdleTimer',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    globals: { react: 'React', 'react-dom': 'ReactDOM', 'react/jsx-runtime': 'ReactJSXRuntime' },
  });
  writeFileSync(resolvePath(OUT, 'zone.js'), readFileSync(resolvePath(root, 'node_modules/zone.js/bundles/zone.umd.min.js')));
  await iife(
    `export { Idle, LocalStorage, LocalStorageExpiry, createDefaultInterruptSources } from '@ng-idle/core';
     export { Keepalive } from '@ng-idle/keepalive';
     export { NgZone } from '@angular/core';
     export { HttpRequest } from '@angular/common/http';`,
    'ng.js',
    { name: 'NgIdle' },
  );
}
