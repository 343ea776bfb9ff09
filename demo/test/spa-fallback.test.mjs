// The static server's SPA fallback (`spaFallback`), used by the demo's single-page app under /app/.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from '../server/server.mjs';

let server;
let dir;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spa-fallback-'));
  await mkdir(join(dir, 'app'));
  await writeFile(join(dir, 'app/index.html'), '<!doctype html><title>spa</title>');
  await writeFile(join(dir, 'app/app.js'), 'export {};');
  await writeFile(join(dir, 'other.html'), '<!doctype html><title>other</title>');
  server = await startServer({ staticRoots: { '/': dir }, spaFallback: { '/app/': '/app/index.html' }, log: () => {} });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = async (path) => {
  const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
  return [response.status, await response.text()];
};

it('answers a client-side route under the prefix with the SPA page', async () => {
  expect(await get('/app/queues/2?tab=stats')).toEqual([200, '<!doctype html><title>spa</title>']);
  expect(await get('/app/profile')).toEqual([200, '<!doctype html><title>spa</title>']);
});

it('still serves real files, and 404s missing files with an extension or outside the prefix', async () => {
  expect(await get('/app/app.js')).toEqual([200, 'export {};']);
  expect((await get('/app/missing.js'))[0]).toBe(404);
  expect((await get('/elsewhere/route'))[0]).toBe(404);
  expect((await get('/app'))[0]).toBe(301);
});

it('never escapes the roots through the fallback', async () => {
  expect((await get('/app/..%2f..%2fetc%2fpasswd'))[0]).not.toBe(500);
  expect((await get('/app/%2e%2e/%2e%2e/secret'))[1]).not.toContain('root:');
});
