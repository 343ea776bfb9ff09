// The reference token server: it enforces an access token's idle timeout the way Genesys Cloud does,
// so the SDK's demos and e2e tests run against the real rule instead of a mock. One port, two origins
// (http://localhost:PORT and http://127.0.0.1:PORT), which browsers treat as two sites.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApi } from './api.mjs';
import { demoBundles, demoGroupsOf } from './directory.mjs';
import { HttpError, applyCors, readJson, sendJson } from './http.mjs';
import { parseOrigin } from './launch.mjs';
import { validateTimeoutBody } from './policy.mjs';
import { createStatic } from './static.mjs';
import { createStats } from './stats.mjs';
import { createTokenStore } from './tokens.mjs';

/** Idle tokens are found by lookups too; the sweep is for presence to flip while nobody calls. */
const SWEEP_MS = 1000;

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {{ port: number, url: string, origins: string[], close(): Promise<void> }} RunningServer
 * @typedef {{
 *   port?: number, host?: string, fast?: boolean, testClock?: boolean,
 *   staticRoots?: Record<string, string>, headers?: (pathname: string) => Record<string, string> | undefined,
 *   log?: (line: string) => void, timeoutSeconds?: number, hipaa?: boolean, spaFallback?: Record<string, string>,
 *   groupsEnabled?: boolean, groupBundles?: import('./bundles.mjs').Bundle[], groupsOf?: (name: string) => readonly string[],
 *   allowOrigins?: readonly string[],
 * }} ServerOptions
 */

/**
 * @param {ServerOptions} [options]
 *   `fast`: timeouts from 10 s, default 60 s (demos and tests). `testClock`: `/__clock` moves the server's
 *   time and `/__touch` uses a token. `staticRoots`: URL prefix → directory. `headers(pathname)`: extra
 *   headers for static responses. `timeoutSeconds`/`hipaa`: the org's initial settings. `spaFallback`: URL
 *   prefix → page served for the client-side routes under it (`{ '/app/': '/app/index.html' }`).
 *   `groupsEnabled`/`groupBundles`: the org's initial group timeouts; `groupsOf(name)`: a new user's group
 *   ids. By default the demo's (directory.mjs): `supervisor` and `team-lead` get longer timeouts.
 *   `allowOrigins`: exact origins besides the server's own that may call the API from a browser (CORS), such as
 *   `http://localhost:5173` for your own app; an API call from any other origin is logged once with that hint.
 * @returns {Promise<RunningServer>}
 */
export async function startServer({
  port = 0,
  host = '127.0.0.1',
  fast = false,
  testClock = false,
  staticRoots = {},
  headers,
  log = console.log,
  timeoutSeconds = fast ? 60 : 900,
  hipaa = false,
  spaFallback = {},
  groupsEnabled = true,
  groupBundles = demoBundles({ fast, hipaa }),
  groupsOf = demoGroupsOf,
  allowOrigins = [],
} = {}) {
  for (const origin of allowOrigins) {
    const parsed = parseOrigin(origin);
    if (!parsed.ok || parsed.origin !== origin) throw new RangeError(`startServer: allowOrigins: ${parsed.ok ? `write ${parsed.origin}` : parsed.message}`);
  }
  const initial = validateTimeoutBody(
    {
      enableIdleTokenTimeout: true,
      idleTokenTimeoutSeconds: timeoutSeconds,
      hipaa,
      inactivityTimeoutGroupsEnabled: groupsEnabled,
      inactivityTimeoutGroupBundles: groupBundles,
    },
    { fast },
  );
  if (!initial.ok) throw new RangeError(`startServer: ${initial.message}`);

  let offset = 0;
  // The test clock runs with real time plus whatever tests added, like Playwright's installed page clock.
  const now = testClock ? () => Date.now() + offset : Date.now;
  const say = (/** @type {string} */ line) => log(`[token-server] ${line}`);
  const stats = createStats();
  const store = createTokenStore({
    now,
    settings: initial.value,
    groupsOf,
    onExpire(info) {
      stats.expired();
      say(`idle expiry ${info.user.name} token=${info.tokenHash} (last used ${info.dateLastUsed})`);
    },
  });
  const api = createApi({ store, fast, now, stats, log: say });
  const serveStatic = createStatic(staticRoots, headers, spaFallback);
  /** @type {string[]} */
  let origins = [];
  /** @type {string[]} */
  let allowed = [];
  /** Origins already told how to get in: the hint once per origin, not per request. */
  const hinted = new Set();

  /** @param {Request} req @param {Response} res */
  async function handle(req, res) {
    // `Date` follows the test clock: the SDK corrects its clock skew with it.
    res.setHeader('Date', new Date(now()).toUTCString());
    const foreign = applyCors(req, res, allowed);
    // Prefixing keeps a request line like `//evil.example/x` a path instead of a host.
    const url = URL.canParse(`http://server${req.url}`) ? new URL(`http://server${req.url}`) : null;
    const origin = /** @type {string} */ (req.headers.origin);
    if (foreign && url?.pathname.startsWith('/api/') && !hinted.has(origin)) {
      hinted.add(origin);
      say(`${origin} may not call the API (no CORS for it): restart with --allow-origin ${origin} (npm start -- --allow-origin ${origin})`);
    }
    // Preflights are the browser's, not the app's: they are not API activity and are not counted.
    if (req.method === 'OPTIONS') return sendJson(res, 204);
    if (!url) return sendJson(res, 400, { status: 400, code: 'bad.request', message: 'bad request target' });
    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    if (url.pathname.startsWith('/__')) return tools(req, res, url);
    return serveStatic(req, res, url.pathname);
  }

  /** Test hooks. Stats are always on (counts only); the clock and touch exist only with `testClock`. */
  async function tools(/** @type {Request} */ req, /** @type {Response} */ res, /** @type {URL} */ url) {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /__stats') return sendJson(res, 200, stats.snapshot(store.users()));
    if (route === 'POST /__stats/reset') return (stats.reset(), sendJson(res, 200, { ok: true }));
    if (testClock && route === 'GET /__clock') return sendJson(res, 200, { now: now() });
    if (testClock && route === 'POST /__clock') return sendJson(res, 200, moveClock(await readJson(req)));
    if (testClock && route === 'POST /__touch') {
      // Another tab or app used the token: activity the page under test did not make (not counted in stats).
      const { token } = /** @type {{ token?: unknown }} */ (await readJson(req)) ?? {};
      const info = typeof token === 'string' ? store.use(token) : null;
      if (!info) return sendJson(res, 401, { status: 401, code: 'authentication.required', message: 'token is not live' });
      return sendJson(res, 200, { dateTokenIdles: info.dateTokenIdles });
    }
    sendJson(res, 404, { status: 404, code: 'not.found', message: `no endpoint ${route}` });
  }

  /** @param {unknown} body `{ advanceMs }` or `{ set: epochMs }` */
  function moveClock(body) {
    const { advanceMs, set } = /** @type {{ advanceMs?: unknown, set?: unknown }} */ (body ?? {});
    if (typeof set === 'number' && Number.isFinite(set)) offset = set - Date.now();
    else if (typeof advanceMs === 'number' && Number.isFinite(advanceMs)) offset += advanceMs;
    else throw new HttpError(400, 'bad.request', 'body must be { advanceMs: number } or { set: epochMs }', { field: 'body' });
    // Expire what the jump made idle right away, so presence is already right for the next assertion.
    store.sweep();
    say(`clock now ${new Date(now()).toISOString()}`);
    return { now: now() };
  }

  /** @param {Request} req @param {Response} res */
  const listener = (req, res) =>
    handle(req, res).catch((error) => {
      if (error instanceof HttpError) return sendJson(res, error.body.status, error.body);
      say(`500 ${req.method} ${req.url}: ${error?.stack ?? error}`);
      if (res.headersSent) return res.destroy();
      sendJson(res, 500, { status: 500, code: 'internal.server.error', message: 'internal error' });
    });

  const servers = await listenLoopback(listener, host, port);
  const bound = /** @type {import('node:net').AddressInfo} */ (servers[0].address()).port;
  origins = [`http://localhost:${bound}`, `http://127.0.0.1:${bound}`];
  allowed = [...origins, ...allowOrigins];
  const sweep = setInterval(() => store.sweep(), SWEEP_MS);
  sweep.unref();
  say(`listening on ${origins.join(' and ')}${fast ? ' (fast)' : ''}${testClock ? ' (test clock)' : ''}`);
  if (allowOrigins.length) say(`API open to ${allowOrigins.join(', ')} (CORS)`);

  return {
    port: bound,
    url: origins[1],
    origins,
    async close() {
      clearInterval(sweep);
      await Promise.all(servers.map((server) => new Promise((resolve) => {
        server.close(() => resolve(undefined));
        // Keep-alive sockets from browsers would otherwise hold close() open.
        server.closeAllConnections();
      })));
    },
  };
}

/**
 * Listens on `host` and, for loopback hosts, on ::1 at the same port: browsers may resolve `localhost`
 * to ::1 first, and that must reach this server, not another one (or a refused connection).
 * @param {(req: Request, res: Response) => void} listener @param {string} host @param {number} port
 * @returns {Promise<import('node:http').Server[]>}
 */
async function listenLoopback(listener, host, port) {
  const alsoV6 = host === '127.0.0.1' || host === '0.0.0.0' || host === 'localhost';
  for (let attempt = 0; ; attempt++) {
    const primary = await listen(createServer(listener), port, host);
    if (!alsoV6) return [primary];
    const chosen = /** @type {import('node:net').AddressInfo} */ (primary.address()).port;
    try {
      return [primary, await listen(createServer(listener), chosen, '::1')];
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      // No IPv6 loopback here: localhost can only mean 127.0.0.1, which is served.
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT') return [primary];
      await new Promise((resolve) => primary.close(resolve));
      // A random port free on 127.0.0.1 may be taken on ::1: pick another.
      if (code === 'EADDRINUSE' && port === 0 && attempt < 10) continue;
      throw new Error(`port ${chosen} is taken on ::1, so http://localhost:${chosen} could reach another server`, { cause: error });
    }
  }
}

/** @param {import('node:http').Server} server @param {number} port @param {string} host */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

// `node demo/server/server.mjs --port 8080 --fast`: not awaited, so cli.mjs can import this module.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  import('./cli.mjs')
    .then(({ main }) => main(process.argv.slice(2)))
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
}
