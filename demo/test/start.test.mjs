// `npm start` (demo/start.mjs): the port is checked before anything is installed or built, the build is skipped when
// dist/ is newer than every source (a pure decision, and the file walk that feeds it), and `--allow-origin` takes
// exact origins only.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, BUILD_OUTPUTS, SDK_FLOOR_SECONDS, buildState, demoGroupBundles, isBuildFresh, needsInstall, parseOrigin } from '../server/launch.mjs';
import { startServer } from '../server/server.mjs';

const START = resolve(dirname(fileURLToPath(import.meta.url)), '../start.mjs');

/** Runs demo/start.mjs to its exit; `env` replaces npm's (a test must not inherit `npm_config_port`). */
function runStart(args, env = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_|^PORT$/i.test(key)));
  const child = spawn(process.execPath, [START, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((done) => child.on('exit', (code) => done({ code, out, err })));
}

describe('the port is checked before anything else', () => {
  let held;
  beforeAll(async () => {
    held = createServer();
    await new Promise((done) => held.listen(0, '127.0.0.1', done));
  });
  afterAll(() => new Promise((done) => held.close(done)));

  it('a taken port stops `npm start` (--build) with one line, before the install check or a build', async () => {
    const port = held.address().port;
    const { code, out, err } = await runStart(['--build', '--port', String(port)]);
    expect(code).toBe(1);
    expect(err.trim()).toBe(
      `idle-logout demo: Port ${port} is taken (is the demo already running?). Stop that process, or pick another: PORT=${port + 1} npm start   (or --port 0 for any free port)`,
    );
    // Nothing of the later steps ran: no preflight line, no build, no banner.
    expect(out).not.toMatch(/preflight|Building|Not rebuilding|Press Ctrl-C/);
  });

  it('so is PORT from the environment', async () => {
    const port = String(held.address().port);
    const { code, err } = await runStart(['--build'], { PORT: port });
    expect(code).toBe(1);
    expect(err).toContain(`Port ${port} is taken`);
  });
});

describe('arguments: a mistake is one line, before the port is taken', () => {
  it.each([
    [['--allow-origin', '*'], '--allow-origin wants one exact origin such as http://localhost:5173 (got "*": a wildcard would let any site use the API)'],
    [['--allow-origin', 'http://localhost:5173/app'], 'an origin has no path, query or user'],
    [['--timeout', '5m'], '--timeout takes whole seconds, 10 to 28800 (got "5m")'],
    [['--timeout', '5', '--port', '0'], 'idleTokenTimeoutSeconds must be an integer from 10 to 28800 (got 5) (--timeout)'],
    [['--port', 'http'], 'The port must be a whole number from 0 to 65535'],
    [['--colour'], 'Unknown option --colour'],
  ])('%j', async (args, message) => {
    const { code, out, err } = await runStart(args);
    expect(code).toBe(1);
    expect(err).toContain(message);
    expect(err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out).not.toContain('listening');
  });

  it('`npm start --port 8094 --timeout 300` without `--`: asks for `--` rather than guess which bare value is which', async () => {
    const { code, err } = await runStart(['8094', '300'], { npm_config_port: 'true', npm_config_timeout: 'true' });
    expect(code).toBe(1);
    expect(err).toContain('put -- before them, e.g. npm start -- --port 8094 --timeout 300');
  });
});

describe('isBuildFresh: rebuild only when a source is newer than the build', () => {
  it.each([
    ['every output newer than every input', [10, 20], [30, 25], true],
    ['an output written in the same instant as the newest input', [10, 20], [20, 30], true],
    ['an input newer than the oldest output', [10, 26], [30, 25], false],
    ['an output missing', [10], [30, undefined], false],
    ['no outputs known', [10], [], false],
    ['no inputs (nothing to be older than)', [], [30, 25], true],
  ])('%s', (_, inputs, outputs, fresh) => {
    expect(isBuildFresh(inputs, outputs)).toBe(fresh);
  });
});

describe('buildState: the times it compares, from a checkout', () => {
  let dir;
  const at = (seconds) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  const touch = (file, seconds) => utimes(join(dir, file), at(seconds), at(seconds));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'start-build-state-'));
    await mkdir(join(dir, 'src/core'), { recursive: true });
    await mkdir(join(dir, 'dist'));
    await mkdir(join(dir, 'node_modules'));
    for (const file of ['src/index.ts', 'src/core/session.ts', 'rollup.config.mjs', 'tsconfig.json', 'package.json', 'node_modules/.package-lock.json']) {
      await writeFile(join(dir, file), '');
      await touch(file, 100);
    }
    for (const folder of ['src', 'src/core']) await touch(folder, 100);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('lists the build’s real inputs and the files the demo serves', () => {
    expect(BUILD_INPUTS).toEqual(['src', 'rollup.config.mjs', 'tsconfig.json', 'package.json', 'node_modules/.package-lock.json']);
    expect(BUILD_OUTPUTS).toEqual(['dist/index.mjs', 'dist/idle-logout.iife.js']);
  });

  it('no dist/: build, and says which file is missing', async () => {
    expect(buildState(dir)).toEqual({ fresh: false, why: 'dist/index.mjs and dist/idle-logout.iife.js missing' });
  });

  it('a build newer than every source: no rebuild', async () => {
    for (const file of BUILD_OUTPUTS) await writeFile(join(dir, file), ''), await touch(file, 200);
    expect(buildState(dir)).toEqual({ fresh: true, why: 'dist/ is up to date' });
  });

  it('a source edited deep in src/ after the build: rebuild', async () => {
    await touch('src/core/session.ts', 300);
    expect(buildState(dir)).toEqual({ fresh: false, why: 'sources changed since the last build' });
    await touch('src/core/session.ts', 100);
    expect(buildState(dir).fresh).toBe(true);
  });

  it('a source deleted after the build (only its folder changes): rebuild', async () => {
    await writeFile(join(dir, 'src/core/gone.ts'), '');
    await touch('src/core/gone.ts', 100);
    await touch('src/core', 100);
    expect(buildState(dir).fresh).toBe(true);
    await unlink(join(dir, 'src/core/gone.ts')); // the folder's time is now: after the build
    expect(buildState(dir).fresh).toBe(false);
    await touch('src/core', 100);
  });

  it('dependencies reinstalled after the build: rebuild (a bundled package may have changed)', async () => {
    await touch('node_modules/.package-lock.json', 300);
    expect(buildState(dir).fresh).toBe(false);
    await touch('node_modules/.package-lock.json', 100);
  });

  it('one of the two builds older than a source (an interrupted build): rebuild', async () => {
    await touch('dist/idle-logout.iife.js', 50);
    expect(buildState(dir).fresh).toBe(false);
    await touch('dist/idle-logout.iife.js', 200);
    expect(buildState(dir).fresh).toBe(true);
  });
});

describe('needsInstall: install only when node_modules is missing or older than package-lock.json', () => {
  let dir;
  const at = (seconds) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'start-install-'));
    await writeFile(join(dir, 'package-lock.json'), '{}');
    await utimes(join(dir, 'package-lock.json'), at(100), at(100));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('no node_modules: install', () => {
    expect(needsInstall(dir)).toBe(true);
  });
  it('installed after the lock file was written: no install', async () => {
    await mkdir(join(dir, 'node_modules'));
    await writeFile(join(dir, 'node_modules/.package-lock.json'), '{}');
    await utimes(join(dir, 'node_modules/.package-lock.json'), at(200), at(200));
    expect(needsInstall(dir)).toBe(false);
  });
  it('package-lock.json changed since (a pull that changed dependencies): install', async () => {
    await utimes(join(dir, 'package-lock.json'), at(300), at(300));
    expect(needsInstall(dir)).toBe(true);
  });
});

describe('--timeout: from the SDK’s floor up, nothing the server answers is below it', () => {
  const answer = async (timeoutSeconds) => {
    const server = await startServer({ fast: true, timeoutSeconds, groupBundles: demoGroupBundles(timeoutSeconds), log: () => {} });
    try {
      const { access_token: token } = await (await fetch(`${server.url}/api/v2/login`, { method: 'POST', body: '{"user":"ada"}' })).json();
      return await (await fetch(`${server.url}/api/v2/tokens/timeout`, { headers: { authorization: `Bearer ${token}` } })).json();
    } finally {
      await server.close();
    }
  };
  const seconds = (settings) => [settings.idleTokenTimeoutSeconds, ...settings.inactivityTimeoutGroupBundles.map((b) => b.timeoutSeconds)];

  it('--timeout 300: the org 300 s and the groups 30 and 60 min, the answer an app’s timeoutFrom gets', async () => {
    expect(seconds(await answer(SDK_FLOOR_SECONDS))).toEqual([300, 1800, 3600]);
  });
  it('the default 60 s: fast mode’s groups, 2 and 4 min (the app needs unsafeShortTimeouts)', async () => {
    expect(seconds(await answer(60))).toEqual([60, 120, 240]);
  });
});

describe('parseOrigin', () => {
  it.each([
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['https://app.example.com', 'https://app.example.com'],
    // As browsers write it in `Origin`: lower-case host, no default port.
    ['HTTP://LocalHost:5173', 'http://localhost:5173'],
    ['http://localhost:80', 'http://localhost'],
  ])('%s → %s', (text, origin) => {
    expect(parseOrigin(text)).toEqual({ ok: true, origin });
  });

  it.each([
    ['*', 'a wildcard'],
    ['localhost:5173', 'scheme must be http or https'],
    ['5173', 'not a URL'],
    ['http://localhost:5173/app', 'no path'],
    ['http://localhost:5173?x=1', 'no path, query'],
    ['http://me@localhost:5173', 'or user'],
    ['file:///tmp/app.html', 'scheme must be http or https'],
  ])('refuses %s', (text, why) => {
    const parsed = parseOrigin(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.message).toContain(why);
  });
});
