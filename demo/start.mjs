// `npm start`: the reference token server in fast mode, serving the built SDK and the demo pages, with the URL of
// every page. `npm start -- --port 8094` or `PORT=8094 npm start` (default 8080; `--port 0` takes any free port).
// Ctrl-C (SIGINT) or SIGTERM closes the server and exits 0.
//
// `npm start` runs `node demo/start.mjs --build`: the arguments are checked first (a bad one is a one-line answer,
// not a stack trace after a build), then `scripts/preflight.mjs` installs what is missing and rollup builds dist/
// quietly (the size report belongs to `npm run build`). `node demo/start.mjs` alone serves the dist/ there is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoHeaders, demoSpaFallback, demoStaticRoots, root } from './config.mjs';
import { startServer } from './server/server.mjs';

const DEFAULT_PORT = 8080;
const TIMEOUT_SECONDS = 60;
const USAGE = 'npm start -- --port 8094   or   PORT=8094 npm start   (0 to 65535; 0 = any free port; default 8080)';

/** One line, no stack trace: every way this script stops on a mistake. */
function fail(message) {
  console.error(`idle-logout demo: ${message}`);
  process.exit(1);
}

function readArgs() {
  try {
    return parseArgs({ options: { port: { type: 'string' }, build: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
  } catch (error) {
    const option = /'(-[^' ]+)/.exec(error.message)?.[1];
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`Unknown option ${option}. Usage: ${USAGE}`);
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      fail(`${option ?? 'An option'} ${/does not take/.test(error.message) ? 'takes no value' : 'needs a value'}. Usage: ${USAGE}`);
    }
    fail(`${error.message}. Usage: ${USAGE}`);
  }
}

const { values, positionals } = readArgs();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
// `npm start --port 8094` (without `--`): npm keeps `--port` as its own setting (npm_config_port=true) and passes
// 8094 on as a bare argument. Take it as meant.
const npmPort = process.env.npm_config_port;
let fromNpm;
if (npmPort !== undefined && values.port === undefined) {
  fromNpm = npmPort === 'true' || npmPort === '' ? positionals.shift() : npmPort;
  if (fromNpm === undefined) fail(`--port needs a value. Usage: ${USAGE}`);
}
if (positionals.length) fail(`Unexpected argument ${JSON.stringify(positionals[0])}. Usage: ${USAGE}`);
const portText = values.port ?? fromNpm ?? process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`The port must be a whole number from 0 to 65535 (got ${JSON.stringify(portText)}). Usage: ${USAGE}`);

if (values.build) {
  const node = (...args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status;
  if (node('scripts/preflight.mjs') !== 0) process.exit(1);
  console.log('Building the SDK (npm run build prints the sizes)…');
  if (node(resolve(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent') !== 0) fail('The build failed (the error is above).');
}

for (const file of ['dist/index.mjs', 'dist/idle-logout.iife.js']) {
  if (!existsSync(resolve(root, file))) fail(`${file} is missing: build the SDK first (npm run build), or use npm start.`);
}

let server;
try {
  server = await startServer({
    port,
    host: '127.0.0.1',
    fast: true,
    timeoutSeconds: TIMEOUT_SECONDS,
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
  fail(`The server did not start: ${error?.message ?? error}`);
}

const a = `http://localhost:${server.port}`;
const b = `http://127.0.0.1:${server.port}`;
const pages = [
  ['Start here', `${a}/`, 'what to try, and links to every page'],
  ['Sign in', `${a}/login.html`, 'any name, no password; "admin" may change org settings'],
  ['Agent app', `${a}/app/`, 'SPA: countdown, warning, holds, polling, route restore'],
  ['Embedded', `${a}/host.html`, `CRM host page on ${a}, embedding the client below`],
  ['Frame client', `${b}/embedded.html`, "the embedded client, on its own origin"],
  ['Admin', `${a}/admin.html`, 'org timeout, HIPAA, log users off'],
  ['Server stats', `${a}/__stats`, 'what the server counted'],
];
const width = Math.max(...pages.map(([, url]) => url.length));
console.log(`
idle-logout demo
  FAST DEMO MODE: the reference token server accepts org idle timeouts from 10 s (real servers: 5 min);
  the timeout starts at ${TIMEOUT_SECONDS} s. Change it on the admin page.

${pages.map(([name, url, what]) => `  ${name.padEnd(13)} ${url.padEnd(width)}  ${what}`).join('\n')}

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
