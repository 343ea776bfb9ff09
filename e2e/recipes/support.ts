import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// What the recipe specs share: each app bundled by esbuild (in memory) against the built package (dist/) and the
// real libraries in node_modules, served by the test at /__recipes/ on the reference server's origin, so the apps'
// relative /api/v2 URLs reach the real server.

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const HERE = join(ROOT, 'e2e/recipes');

/** Bundles `entry` (a file under e2e/recipes) into `{ '/__recipes/<name>': contents }` plus an index.html that loads it. */
export async function bundle(entry: string, extra: { alias?: Record<string, string>; define?: Record<string, string> } = {}): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: { app: join(HERE, entry) },
    bundle: true,
    format: 'esm',
    write: false,
    outdir: '/__recipes',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    tsconfig: join(HERE, 'tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"development"', ...extra.define },
    alias: { 'idle-logout/react': join(ROOT, 'dist/react.mjs'), 'idle-logout': join(ROOT, 'dist/index.mjs'), ...extra.alias },
  });
  const files = new Map<string, string>();
  for (const f of result.outputFiles) files.set(f.path, f.text);
  if (!files.has('/__recipes/app.js')) throw new Error(`esbuild wrote ${[...files.keys()].join(', ')}`);
  files.set('/__recipes/index.html', '<!doctype html><html lang="en"><meta charset="utf-8"><title>recipe</title><div id="root"></div><script type="module" src="/__recipes/app.js"></script></html>');
  return files;
}

/** Serves `files` at `origin`/__recipes/; everything else (the API) goes to the real server. */
export async function serve(context: BrowserContext, origin: string, files: Map<string, string>) {
  await context.route(`${origin}/__recipes/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const body = files.get(path);
    if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
    const type = path.endsWith('.html') ? 'text/html' : 'text/javascript';
    return route.fulfill({ status: 200, contentType: type, body });
  });
}

export async function open(page: Page, origin: string) {
  await page.goto(`${origin}/__recipes/index.html`);
  await page.waitForFunction(() => 'recipes' in window);
}

/** `tsc --strict --noEmit -p e2e/recipes/tsconfig.json`: the recipes and apps against the real libraries' types and dist/*.d.ts. */
export async function typecheck(): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsc'), ['--strict', '--noEmit', '-p', join(HERE, 'tsconfig.json')], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

export const version = (pkg: string): string => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
export const readme = () => readFileSync(join(ROOT, 'README.md'), 'utf8');
export const doc = (path: string) => readFileSync(join(ROOT, path), 'utf8');

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
