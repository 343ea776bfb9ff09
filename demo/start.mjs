// `npm start` (after the build): the reference token server in fast mode, serving the built SDK and the demo
// pages, with the URL of every page. `node demo/start.mjs [--port 8080]` (or PORT=8080); `--port 0` takes any
// free port. Ctrl-C (SIGINT) or SIGTERM closes the server and exits 0.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoHeaders, demoSpaFallback, demoStaticRoots, root } from './config.mjs';
import { startServer } from './server/server.mjs';

const DEFAULT_PORT = 8080;
const TIMEOUT_SECONDS = 60;

function fail(message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log('node demo/start.mjs [--port N]   (or PORT=N; default 8080; 0 = any free port)');
  process.exit(0);
}
const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`The port must be a number from 0 to 65535 (got ${JSON.stringify(portText)}).`);

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
    fail(`Port ${port} is taken (is the demo already running?). Stop that process, or pick another port:\n  PORT=${port + 1} npm start    or    node demo/start.mjs --port 0`);
  }
  if (code === 'EACCES') fail(`Not allowed to listen on port ${port}. Pick a port above 1024: PORT=8080 npm start`);
  throw error;
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
