import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as sdk from '../../src/index';

/**
 * Runs a code block of docs/frameworks.md as it is written there: the block after `heading`, transpiled, with its
 * imports served from `modules` (a stand-in for the framework) and the SDK's own source for 'idle-logout'.
 */
export function runRecipe(heading: string, modules: Record<string, unknown>): Record<string, any> {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/frameworks.md'), 'utf8');
  const section = doc.slice(doc.indexOf(heading));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!doc.includes(heading) || !block) throw new Error(`no ts block after "${heading}" in docs/frameworks.md`);
  const js = ts.transpileModule(block[1], {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, experimentalDecorators: true, useDefineForClassFields: false },
  }).outputText;
  const all: Record<string, unknown> = { 'idle-logout': sdk, ...modules };
  const require = (name: string) => {
    if (!(name in all)) throw new Error(`the recipe imports ${name}, which the test does not provide`);
    return all[name];
  };
  const exports: Record<string, any> = {};
  new Function('require', 'exports', js)(require, exports);
  return exports;
}
