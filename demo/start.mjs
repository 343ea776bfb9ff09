// `npm start`: the reference token server in fast mode, serving the built SDK and the demo pages, with the URL of
// every page. `npm start -- --port 8094` or `PORT=8094 npm start` (default 8080; `--port 0` takes any free port).
// Ctrl-C (SIGINT) or SIGTERM closes the server and exits 0.
//
// `npm start` runs `node demo/start.mjs --build`. The order makes every mistake cheap: the arguments are checked, then
// the port is taken (a taken port is a one-line answer at once, not after an install and a build, and nobody can take
// it meanwhile), then `scripts/preflight.mjs` installs the dependencies only when node_modules is missing or older
// than package-lock.json, and rollup rebuilds dist/ only when a source is newer than it (demo/server/launch.mjs);
// `--rebuild` builds anyway. `node demo/start.mjs` alone serves the dist/ there is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoHeaders, demoSpaFallback, demoStaticRoots, root } from './config.mjs';
import { SDK_FLOOR_SECONDS, buildState, demoGroupBundles, needsInstall, parseOrigin } from './server/launch.mjs';
import { startServer } from './server/server.mjs';

const DEFAULT_PORT = 8080;
const DEFAULT_TIMEOUT_SECONDS = 60;
const USAGE = `npm start -- [--port N] [--timeout SECONDS] [--allow-origin ORIGIN]... [--rebuild]
  --port N               0 to 65535 (0: any free port); default 8080, or PORT=N npm start
  --timeout SECONDS      the org's idle timeout, 10 to 28800; default ${DEFAULT_TIMEOUT_SECONDS} (the admin page changes it).
                         From ${SDK_FLOOR_SECONDS} up the group timeouts are real too (30, 60 min): no unsafeShortTimeouts needed
  --allow-origin ORIGIN  let your own app on ORIGIN (e.g. http://localhost:5173) call the API (CORS); repeatable
  --rebuild              build dist/ even when it is newer than its sources
  --help                 this list`;
const SHORT_USAGE = 'npm start -- --help';

/** One line, no stack trace: every way this script stops on a mistake. */
function fail(message) {
  console.error(`idle-logout demo: ${message}`);
  process.exit(1);
}

const OPTIONS = {
  port: { type: 'string' },
  timeout: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  build: { type: 'boolean' },
  rebuild: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function readArgs() {
  try {
    return parseArgs({ options: OPTIONS, allowPositionals: true });
  } catch (error) {
    const option = /'(-[^' ]+)/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`Unknown option ${option}. Usage: ${SHORT_USAGE}`);
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      fail(`${option ?? 'An option'} ${/does not take/.test(error.message) ? 'takes no value' : 'needs a value'}. Usage: ${SHORT_USAGE}`);
    }
    fail(`${error.message}. Usage: ${SHORT_USAGE}`);
  }
}

const { values, positionals } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
// `npm start --port 8094` (without `--`): npm keeps `--port` as its own setting (npm_config_port=true) and passes
// 8094 on as a bare argument. Take it as meant when only one such option was given; with more, the order of the bare
// arguments cannot be told, so ask for `--`.
const viaNpm = ['port', 'timeout', 'allow-origin'].filter((name) => values[name] === undefined && process.env[`npm_config_${name.replace('-', '_')}`] !== undefined);
if (viaNpm.length > 1) fail(`npm took ${viaNpm.map((n) => `--${n}`).join(' and ')} as its own settings: put -- before them, e.g. npm start -- --port 8094 --timeout 300`);
for (const name of viaNpm) {
  const setting = process.env[`npm_config_${name.replace('-', '_')}`];
  const value = setting === 'true' || setting === '' ? positionals.shift() : setting;
  if (value === undefined) fail(`--${name} needs a value. Usage: ${SHORT_USAGE}`);
  values[name] = name === 'allow-origin' ? [value] : value;
}
if (positionals.length) fail(`Unexpected argument ${JSON.stringify(positionals[0])}. Usage: ${SHORT_USAGE}`);

const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`The port must be a whole number from 0 to 65535 (got ${JSON.stringify(portText)}). Usage: ${SHORT_USAGE}`);
const timeoutText = values.timeout ?? String(DEFAULT_TIMEOUT_SECONDS);
if (!/^\d+$/.test(timeoutText)) fail(`--timeout takes whole seconds, 10 to 28800 (got ${JSON.stringify(timeoutText)})`);
const timeoutSeconds = Number(timeoutText);
const allowOrigins = (values['allow-origin'] ?? []).map((text) => {
  const parsed = parseOrigin(text);
  if (!parsed.ok) fail(parsed.message);
  return parsed.origin;
});

// The port first: the server listens before anything is installed or built (it needs neither to start).
let server;
try {
  server = await startServer({
    port,
    host: '127.0.0.1',
    fast: true,
    timeoutSeconds,
    groupBundles: demoGroupBundles(timeoutSeconds),
    allowOrigins,
    staticRoots: demoStaticRoots(),
    spaFallback: demoSpaFallback,
    headers: demoHeaders,
    log: (line) => console.log(line),
  });
} catch (error) {
  const code = error?.code ?? error?.cause?.code;
  if (code === 'EADDRINUSE') {
    fail(`Port ${port} is taken (is the demo already running?). Stop that process, or pick another: PORT=${port + 1} npm start   (or --port 0 for any free port)`);
  }
  if (code === 'EACCES') fail(`Not allowed to listen on port ${port}. Pick a port above 1024: PORT=8080 npm start`);
  if (error instanceof RangeError) fail(`${error.message.replace(/^startServer: /, '')} (--timeout)`);
  fail(`The server did not start: ${error?.message ?? error}`);
}
/** Stops on a failure after the server is up: closes it first, so the port is free for the next try. */
const stop = (message) => server.close().then(() => fail(message));

if (values.build || values.rebuild) {
  const node = (...args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;
  if (needsInstall(root) && node('scripts/preflight.mjs') !== 0) await stop('installing the dependencies failed (the error is above).');
  const state = buildState(root);
  if (state.fresh && !values.rebuild) {
    console.log(`Not rebuilding: ${state.why} (npm start -- --rebuild builds anyway).`);
  } else {
    console.log(`Building the SDK (${values.rebuild ? '--rebuild' : state.why}; npm run build prints the sizes)…`);
    const started = performance.now();
    if (node(resolve(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent') !== 0) await stop('The build failed (the error is above).');
    console.log(`Built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }
} else if (!buildState(root).fresh && existsSync(resolve(root, 'dist/index.mjs'))) {
  console.log('Note: dist/ is older than its sources; npm start rebuilds it.');
}

for (const file of ['dist/index.mjs', 'dist/idle-logout.iife.js']) {
  if (!existsSync(resolve(root, file))) await stop(`${file} is missing: build the SDK first (npm run build), or use npm start.`);
}

const a = `http://localhost:${server.port}`;
const b = `http://127.0.0.1:${server.port}`;
const pages = [
  ['Start here', `${a}/`, 'what to try, and links to every page'],
  ['Sign in', `${a}/login.html`, 'any name, no password; "admin" may change org settings'],
  ['Agent app', `${a}/app/`, 'SPA: countdown, warning, holds, polling, route restore'],
  ['Embedded', `${a}/host.html`, `CRM host page on ${a}, embedding the client below`],
  ['Frame client', `${b}/embedded.html`, 'the embedded client, on its own origin'],
  ['Admin', `${a}/admin.html`, 'org timeout, HIPAA, log users off'],
  ['Server stats', `${a}/__stats`, 'what the server counted'],
];
const width = Math.max(...pages.map(([, url]) => url.length));
const short = timeoutSeconds < SDK_FLOOR_SECONDS;
const ownApp = allowOrigins.length
  ? `API open to ${allowOrigins.join(', ')} (CORS).`
  : `From another origin (e.g. Vite on :5173): npm start -- --allow-origin http://localhost:5173`;
console.log(`
idle-logout demo
  FAST DEMO MODE: the reference token server accepts org idle timeouts from 10 s (real servers: 5 min);
  the timeout starts at ${timeoutSeconds} s. Change it on the admin page.

${pages.map(([name, url, what]) => `  ${name.padEnd(13)} ${url.padEnd(width)}  ${what}`).join('\n')}

Your own app against this server: sign in with POST ${a}/api/v2/login {"user":"ada"} (README: "The reference server").
  ${ownApp}
  ${short ? `The ${timeoutSeconds} s timeout needs unsafeShortTimeouts: true in createIdleLogout, or npm start -- --timeout ${SDK_FLOOR_SECONDS}.` : `Org ${timeoutSeconds} s, groups 30 and 60 min: within the real API's range, no unsafeShortTimeouts needed.`}

Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    server.close().then(() => {
      console.log('Demo server stopped.');
      process.exit(0);
    });
  });
}
