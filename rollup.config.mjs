import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ts = (declarations = false) =>
  typescript({
    tsconfig: './tsconfig.json',
    declaration: declarations,
    declarationDir: declarations ? 'dist/types' : undefined,
    outDir: declarations ? 'dist' : undefined,
    sourceMap: true,
  });
// `browser: true`: broadcast-channel ships a Node build that must not reach the page.
const nodeResolve = () => resolve({ browser: true });

export default [
  {
    // npm: dependencies stay external, the app's bundler dedupes them.
    input: 'src/index.ts',
    external: ['idb-keyval', 'broadcast-channel'],
    output: [
      { dir: 'dist', entryFileNames: 'index.mjs', chunkFileNames: '[name]-[hash].mjs', format: 'es', sourcemap: true },
    ],
    plugins: [ts(true)],
  },
  {
    input: 'src/index.ts',
    external: ['idb-keyval', 'broadcast-channel'],
    output: { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, inlineDynamicImports: true },
    plugins: [ts()],
  },
  {
    // <script> tag: everything inlined, one global.
    input: 'src/index.ts',
    output: { file: 'dist/idle-logout.iife.js', format: 'iife', name: 'IdleLogout', sourcemap: true, inlineDynamicImports: true },
    plugins: [nodeResolve(), ts(), terser()],
  },
];
