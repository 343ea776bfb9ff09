// The `/api/v2/…` endpoints, in Genesys Cloud's shapes where Genesys has them. Every call but sign-in needs
// a live bearer token, and every call with one restarts its idle timer (except `?preserveIdleTTL=true`).
import { HttpError, bearer, readJson, sendJson } from './http.mjs';
import { validateTimeoutBody } from './policy.mjs';
import { tokenHash } from './tokens.mjs';

/**
 * @typedef {ReturnType<typeof import('./tokens.mjs').createTokenStore>} TokenStore
 * @typedef {import('./tokens.mjs').TokenInfo} TokenInfo
 * @typedef {import('./tokens.mjs').User} User
 * @typedef {{ req: import('node:http').IncomingMessage, url: URL, token: string, info: TokenInfo, params: string[] }} Call
 * @typedef {(call: Call) => Promise<[number, unknown?]> | [number, unknown?]} Handler
 */

const ME = '/api/v2/tokens/me';
const QUEUES = ['Support', 'Sales', 'Billing', 'Escalations'].map((name, i) => ({
  id: `0000000${i + 1}-demo-4000-8000-queue0000000${i + 1}`,
  name,
  memberCount: 3 + i * 2,
}));
const NAME = /^[a-z0-9][a-z0-9._-]{0,31}$/;

/**
 * @param {{
 *   store: TokenStore, fast: boolean, now: () => number,
 *   stats: ReturnType<typeof import('./stats.mjs').createStats>, log: (line: string) => void,
 * }} deps
 */
export function createApi({ store, fast, now, stats, log }) {
  const settings = store.settings;
  const page = (/** @type {unknown[]} */ entities) => ({ entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1 });
  const admin = (/** @type {Handler} */ handler) => /** @type {Handler} */ (call) => {
    if (call.info.user.admin) return handler(call);
    throw new HttpError(403, 'not.authorized', `${call.req.method} ${call.url.pathname} is for the admin user only`);
  };

  /** @type {[string, RegExp, Handler][]} */
  const routes = [
    ['GET', /^\/api\/v2\/tokens\/timeout$/, () => [200, settings()]],
    ['PUT', /^\/api\/v2\/tokens\/timeout$/, admin(putTimeout)],
    ['GET', /^\/api\/v2\/tokens\/me$/, ({ info }) => [200, info]],
    ['HEAD', /^\/api\/v2\/tokens\/me$/, () => [200]],
    ['DELETE', /^\/api\/v2\/tokens\/me$/, revokeMe],
    ['DELETE', /^\/api\/v2\/tokens\/(?!me$|timeout$)([^/]+)$/, admin(revokeUser)],
    ['GET', /^\/api\/v2\/users$/, ({ url }) => [200, page(store.users().map((user) => publicUser(user, expand(url))))]],
    ['GET', /^\/api\/v2\/users\/me$/, ({ url, info }) => [200, publicUser(/** @type {User} */ (store.user(info.user.id)), expand(url))]],
    ['GET', /^\/api\/v2\/routing\/queues$/, () => [200, page(QUEUES)]],
    ['GET', /^\/api\/v2\/analytics\/queues\/observations$/, () => [200, { results: QUEUES.map(observe) }]],
  ];

  /** @param {Call} call @returns {Promise<[number, unknown]>} */
  async function putTimeout({ req, info }) {
    const before = settings();
    const checked = validateTimeoutBody(await readJson(req), { hipaa: before.hipaa, fast, current: before });
    if (!checked.ok) throw new HttpError(400, 'bad.request', checked.message, { field: checked.field });
    store.setSettings(checked.value);
    log(`timeout change by ${info.user.name}: ${summarize(before)} -> ${summarize(settings())}`);
    return [200, settings()];
  }

  /** @type {Handler} */
  function revokeMe({ token, info }) {
    store.revoke(token);
    log(`revoke ${info.user.name} token=${info.tokenHash}`);
    return [204];
  }

  /** @type {Handler} */
  function revokeUser({ info, params: [encoded] }) {
    const id = decode(encoded);
    const count = id === null ? null : store.revokeUser(id);
    if (count === null) throw new HttpError(404, 'not.found', `no user ${encoded}`);
    log(`revoke all tokens of ${id} by ${info.user.name}: ${count}`);
    return [200, { id, revoked: count }];
  }

  /** Queue numbers that drift with time, like the dashboards demos poll in the background. */
  function observe(/** @type {typeof QUEUES[number]} */ queue, /** @type {number} */ i) {
    const wave = (/** @type {number} */ period, /** @type {number} */ size) => Math.round(size * (1 + Math.sin(now() / period + i)));
    const metrics = { oWaiting: wave(9_000, 4), oInteracting: wave(13_000, 3), oOnQueueUsers: wave(21_000, 2) + 1 };
    return {
      group: { queueId: queue.id },
      data: Object.entries(metrics).map(([metric, count]) => ({ metric, stats: { count } })),
    };
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
   */
  return async function handleApi(req, res, url) {
    const method = req.method ?? 'GET';
    const token = bearer(req);
    const hash = token && tokenHash(token);
    const kind = url.pathname !== ME ? null : method === 'HEAD' ? 'keepalive' : method === 'DELETE' ? 'revoke' : null;
    stats.request(hash, token ? store.info(token)?.user.name : undefined, kind);

    if (url.pathname === '/api/v2/login') return method === 'POST' ? login(req, res) : sendJson(res, 405, notAllowed(method, url));
    // Genesys Cloud reads the idle deadline without touching it when asked to: the SDK's server clock does.
    const preserve = method === 'GET' && url.pathname === ME && url.searchParams.get('preserveIdleTTL') === 'true';
    const info = token && (preserve ? store.peek(token) : store.use(token));
    if (!token || !info) {
      stats.unauthorized(hash);
      const state = token ? (store.info(token)?.state ?? 'unknown') : 'missing';
      log(`401 ${method} ${url.pathname} token=${hash ?? '-'} (${state})`);
      return sendJson(res, 401, { status: 401, code: 'authentication.required', message: 'Authentication required' });
    }
    const matches = routes.filter(([, pattern]) => pattern.test(url.pathname));
    const route = matches.find(([verb]) => verb === method);
    if (!route) return sendJson(res, matches.length ? 405 : 404, matches.length ? notAllowed(method, url) : notFound(url));
    const params = /** @type {RegExpExecArray} */ (route[1].exec(url.pathname)).slice(1);
    const [status, body] = await route[2]({ req, url, token, info, params });
    sendJson(res, status, body);
  };

  async function login(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
    const body = /** @type {{ user?: unknown }} */ (await readJson(req));
    const name = typeof body?.user === 'string' ? body.user.trim().toLowerCase() : '';
    if (!NAME.test(name)) {
      const message = `user must be a name of 1 to 32 letters, digits, '.', '_' or '-' (got ${JSON.stringify(body?.user) ?? 'nothing'})`;
      throw new HttpError(400, 'bad.request', message, { field: 'user' });
    }
    const token = store.issue(name);
    const info = /** @type {TokenInfo} */ (store.peek(token));
    log(`sign-in ${name}${info.user.admin ? ' (admin)' : ''} token=${info.tokenHash}`);
    sendJson(res, 200, { access_token: token, token_type: 'bearer', user: info.user });
  }
}

/** What `?expand=groups,…` (or repeated `expand`) asks for. @param {URL} url */
const expand = (url) => new Set(url.searchParams.getAll('expand').flatMap((value) => value.split(',')).map((name) => name.trim()));

/** A user as Genesys shows one; `groups` only when expanded, as `[{ id, selfUri }]`. @param {User} user @param {Set<string>} expanded */
function publicUser({ id, name, admin, groups, systemPresence, routingStatus, since }, expanded) {
  const at = new Date(since).toISOString();
  return {
    id,
    name,
    admin,
    presence: { presenceDefinition: { id: systemPresence.toLowerCase(), systemPresence }, modifiedDate: at },
    routingStatus: { status: routingStatus, startTime: at },
    ...(expanded.has('groups') ? { groups: groups.map((group) => ({ id: group, selfUri: `/api/v2/groups/${encodeURIComponent(group)}` })) } : {}),
  };
}

/** @param {ReturnType<TokenStore['settings']>} s */
function summarize(s) {
  const bundles = s.inactivityTimeoutGroupBundles.map((bundle) => `p${bundle.priority} ${bundle.timeoutSeconds}s [${bundle.groups.join(',')}]`);
  const groups = s.inactivityTimeoutGroupsEnabled && bundles.length ? `, groups: ${bundles.join('; ')}` : '';
  return `${s.enableIdleTokenTimeout ? `${s.idleTokenTimeoutSeconds}s` : 'off'}${s.hipaa ? ' (hipaa)' : ''}${groups}`;
}
const decode = (/** @type {string} */ text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
};
const notFound = (/** @type {URL} */ url) => ({ status: 404, code: 'not.found', message: `no endpoint ${url.pathname}` });
const notAllowed = (/** @type {string} */ method, /** @type {URL} */ url) => ({
  status: 405,
  code: 'method.not.allowed',
  message: `${method} is not allowed on ${url.pathname}`,
});
