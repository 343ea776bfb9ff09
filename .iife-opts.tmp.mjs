// Build only the IIFE with the unminified output, then minify with several terser option sets; print gz sizes.
import { rollup } from 'rollup';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import configs from '/work/main/rollup.config.mjs';
const c = configs[1];
const plugins = c.plugins.filter((p) => p.name !== 'terser');
const b = await rollup({ input: c.input, plugins, onwarn: () => {} });
const { output } = await b.generate({ ...c.output, sourcemap: false, file: undefined });
const code = output[0].code;
const base = { ecma: 2020, compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true } };
const variants = {
  base,
  pure_getters: { ...base, compress: { ...base.compress, pure_getters: true } },
  keep_fargs: { ...base, compress: { ...base.compress, keep_fargs: false } },
  unsafe: { ...base, compress: { ...base.compress, unsafe: true } },
  unsafe_comps: { ...base, compress: { ...base.compress, unsafe_comps: true, unsafe_math: true } },
  passes5: { ...base, compress: { ...base.compress, passes: 5 } },
  hoist: { ...base, compress: { ...base.compress, hoist_funs: true } },
  props_undef: { ...base, compress: { ...base.compress, join_vars: true, reduce_funcs: true, booleans_as_integers: false } },
  toplevel: { ...base, toplevel: true },
  all: { ...base, compress: { ...base.compress, pure_getters: true, keep_fargs: false, unsafe_comps: true, passes: 4 } },
};
for (const [n, o] of Object.entries(variants)) {
  const r = await minify(code, o);
  console.log(n.padEnd(14), gzipSync(r.code, { level: 9 }).length, r.code.length);
}
