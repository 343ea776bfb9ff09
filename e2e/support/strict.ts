import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// What the recipe suites (HTTP clients, frameworks, OpenID clients) share to prove their docs: the apps type-checked
// against the real libraries' types, and the code blocks the docs show compared with the files the tests run.

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** `tsc --strict --noEmit -p <tsconfig>`: its exit code and what it printed. */
export async function tscStrict(tsconfig: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['--strict', '--noEmit', '-p', tsconfig], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/**
 * The code blocks a markdown file shows right after `<!-- file: PATH -->`, with the file at PATH now, to compare:
 * the docs show exactly what the tests bundle, type-check and run.
 */
export function docBlocks(md: string): { path: string; doc: string | undefined; file: string }[] {
  return [...md.matchAll(/<!-- file: (\S+) -->/g)].map((m) => {
    const path = m[1]!;
    const block = /^```\w*\n([\s\S]*?)^```$/m.exec(md.slice(m.index))?.[1];
    return { path, doc: block, file: readFileSync(join(ROOT, path), 'utf8') };
  });
}
