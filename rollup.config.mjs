import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const ts = () => typescript({ tsconfig: './tsconfig.json', declaration: false, sourceMap: true });
// npm builds keep dependencies external: the app's bundler dedupes them.
const external = ['idb-keyval', 'broadcast-channel'];

/**
 * Tab sync opens its channel with `webWorkerSupport: false`, so broadcast-channel never chooses its IndexedDB
 * transport (~1 KB): in the script-tag build, where we own the bundle, it is replaced by a method that is never usable.
 */
const dropUnusedChannelMethod = () => ({
  name: 'drop-unused-channel-method',
  load: (id) => (/broadcast-channel[\\/]dist[\\/]esbrowser[\\/]methods[\\/]indexed-db\.js$/.test(id) ? "export const IndexedDBMethod = { type: 'idb', canBeUsed: () => false };" : null),
});

export default [
  {
    // Optional parts (tab-sync transport, UI, route and draft memory) are dynamic imports: split into chunks.
    input: 'src/index.ts',
    external,
    output: { dir: 'dist', entryFileNames: 'index.mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', format: 'es', sourcemap: true },
    plugins: [ts()],
  },
  {
    input: 'src/index.ts',
    external,
    output: { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, inlineDynamicImports: true },
    plugins: [ts()],
  },
  {
    // <script> tag: everything inlined, one global `IdleLogout`. `browser: true` keeps broadcast-channel's Node build out.
    input: 'src/index.ts',
    output: { file: 'dist/idle-logout.iife.js', format: 'iife', name: 'IdleLogout', sourcemap: true, inlineDynamicImports: true },
    plugins: [resolve({ browser: true }), dropUnusedChannelMethod(), ts(), terser()],
  },
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.d.ts', format: 'es' },
    plugins: [dts()],
  },
];
