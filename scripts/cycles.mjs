// No import cycles in src/: every relative import (static, dynamic, `import type` included) is an edge,
// and a depth-first search reports each cycle it finds with the files on it. Exits 1 on any cycle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name)) files.push(p);
  }
})(root);

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
function target(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const p of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(p) && statSync(p).isFile()) return p;
  return base.replace(/\.js$/, '.ts');
}
const graph = new Map(files.map((f) => [f, [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => target(f, m[1] ?? m[2]))]));

const cycles = [];
const state = new Map(); // 1: on the stack, 2: done
const stack = [];
function visit(f) {
  state.set(f, 1);
  stack.push(f);
  for (const g of graph.get(f) ?? []) {
    if (state.get(g) === 1) cycles.push([...stack.slice(stack.indexOf(g)), g]);
    else if (!state.has(g) && graph.has(g)) visit(g);
  }
  stack.pop();
  state.set(f, 2);
}
files.forEach((f) => state.has(f) || visit(f));

const name = (f) => relative(process.cwd(), f);
for (const c of cycles) console.log(`cycle: ${c.map(name).join(' → ')}`);
console.log(`import cycles: ${files.length} files, ${[...graph.values()].flat().length} imports, ${cycles.length} cycles`);
process.exit(cycles.length ? 1 : 0);
