import type { BrowserContext, Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docBlocks, tscStrict } from '../support/strict';

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
export const typecheck = () => tscStrict(join(HERE, 'tsconfig.json'));

export const version = (pkg: string): string => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
export const readme = () => readFileSync(join(ROOT, 'README.md'), 'utf8');
export const doc = (path: string) => readFileSync(join(ROOT, path), 'utf8');

export { docBlocks };
