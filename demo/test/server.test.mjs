import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../server/server.mjs';

const MIN = 60_000;
let server;
let dir;
const lines = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-server-'));
  await mkdir(join(dir, 'public/sub'), { recursive: true });
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'secret.txt'), 'TOP SECRET');
  await writeFile(join(dir, 'public/index.html'), '<!doctype html><title>home</title>');
  await writeFile(join(dir, 'public/sub/index.html'), '<!doctype html><title>sub</title>');
  await writeFile(join(dir, 'public/page.csp.html'), '<!doctype html><title>csp</title>');
  await writeFile(join(dir, 'dist/sdk.mjs'), 'export {};');
  await writeFile(join(dir, 'dist/sdk.mjs.map'), '{}');
  await symlink(join(dir, 'secret.txt'), join(dir, 'public/link.txt'));
  server = await startServer({
    fast: true,
    testClock: true,
    staticRoots: { '/dist/': join(dir, 'dist'), '/': join(dir, 'public') },
    headers: (pathname) => (pathname.includes('.csp.') ? { 'Content-Security-Policy': "default-src 'self'" } : {}),
    log: (line) => lines.push(line),
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await setTimeoutSeconds(await signIn('admin'), 900);
  await post('/__stats/reset');
});

const call = (path, { token, body, ...init } = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const post = (path, body, token) => call(path, { method: 'POST', body, token });
const json = async (response) => response.json();
const signIn = async (user) => (await json(await post('/api/v2/login', { user }))).access_token;
const setTimeoutSeconds = (token, idleTokenTimeoutSeconds, extra = {}) =>
  call('/api/v2/tokens/timeout', { method: 'PUT', token, body: { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds, ...extra } });
const stats = async () => json(await call('/__stats'));
const advance = (advanceMs) => post('/__clock', { advanceMs });

/** A request whose path goes out byte for byte (fetch would normalise `..`). */
function raw(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject).end();
  });
}

describe('reference server: API', () => {
  it('answers on both local origins', async () => {
    expect(server.origins).toEqual([`http://localhost:${server.port}`, `http://127.0.0.1:${server.port}`]);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const response = await fetch(`http://localhost:${server.port}/__clock`);
    expect(response.status).toBe(200);
  });

  it('signs in any user; only "admin" is an admin; lists users', async () => {
    const response = await post('/api/v2/login', { user: 'alice' });
    const body = await json(response);
    expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ name: 'alice', admin: false });
    const users = await json(await call('/api/v2/users', { token: body.access_token }));
    expect(users.entities.map((user) => user.name)).toEqual(expect.arrayContaining(['alice', 'admin']));
    expect((await post('/api/v2/login', { user: '../x' })).status).toBe(400);
  });

  it('refuses the timeout change to a non-admin with 403, and a bad value with 400 naming the field', async () => {
    const alice = await signIn('alice');
    const forbidden = await setTimeoutSeconds(alice, 600);
    expect(forbidden.status).toBe(403);
    expect(await json(forbidden)).toMatchObject({ status: 403 });

    const admin = await signIn('admin');
    const bad = await setTimeoutSeconds(admin, 5);
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({
      status: 400,
      code: 'bad.request',
      field: 'idleTokenTimeoutSeconds',
      message: 'idleTokenTimeoutSeconds must be an integer from 10 to 28800 (got 5)',
    });
    expect(await json(await setTimeoutSeconds(admin, 1800))).toEqual({
      enableIdleTokenTimeout: true,
      idleTokenTimeoutSeconds: 1800,
      // Left out of the body, so unchanged (group-timeouts.test.mjs covers them).
      inactivityTimeoutGroupsEnabled: true,
      inactivityTimeoutGroupBundles: expect.any(Array),
      hipaa: false,
    });
    const hipaa = await call('/api/v2/tokens/timeout', { method: 'PUT', token: admin, body: { hipaa: true } });
    expect([hipaa.status, (await json(hipaa)).field]).toEqual([400, 'idleTokenTimeoutSeconds']);
    expect(await json(await call('/api/v2/tokens/timeout', { token: alice }))).toMatchObject({ idleTokenTimeoutSeconds: 1800 });
  });

  it('401s without a token, with an unknown token, and once the token is idle', async () => {
    const token = await signIn('alice');
    for (const init of [{}, { token: 'not-a-token' }]) {
      const response = await call('/api/v2/users/me', init);
      expect(response.status).toBe(401);
      expect(await json(response)).toMatchObject({ status: 401, code: 'authentication.required' });
    }
    expect((await call('/api/v2/users/me', { token })).status).toBe(200);
    await advance(15 * MIN);
    expect((await call('/api/v2/users/me', { token })).status).toBe(401);
    expect((await stats()).unauthorized).toBe(3);
  });

  it('every API call restarts the idle timer; preserveIdleTTL=true reads it without', async () => {
    const token = await signIn('alice');
    await advance(14 * MIN);
    const peeked = await json(await call('/api/v2/tokens/me?preserveIdleTTL=true', { token }));
    await advance(30_000);
    expect((await json(await call('/api/v2/tokens/me?preserveIdleTTL=true', { token }))).dateTokenIdles).toBe(
      peeked.dateTokenIdles,
    );
    expect((await call('/api/v2/routing/queues', { token })).status).toBe(200);
    await advance(14 * MIN);
    const info = await json(await call('/api/v2/tokens/me', { token }));
    expect(Date.parse(info.dateTokenIdles)).toBeGreaterThan(Date.parse(peeked.dateTokenIdles));
    expect(info).toMatchObject({ user: { name: 'alice' }, idleTokenTimeoutSeconds: 900 });
  });

  it('HEAD /tokens/me is a keepalive: it verifies, counts as activity and is counted', async () => {
    const token = await signIn('alice');
    await advance(14 * MIN);
    expect((await call('/api/v2/tokens/me', { method: 'HEAD', token })).status).toBe(200);
    await advance(14 * MIN);
    expect((await call('/api/v2/tokens/me', { method: 'HEAD', token })).status).toBe(200);
    await advance(15 * MIN);
    expect((await call('/api/v2/tokens/me', { method: 'HEAD', token })).status).toBe(401);
    expect(await stats()).toMatchObject({ keepalives: 3, unauthorized: 1 });
  });

  it('DELETE /tokens/me revokes (counted even when it arrives just after the idle deadline)', async () => {
    const token = await signIn('alice');
    expect((await call('/api/v2/tokens/me', { method: 'DELETE', token })).status).toBe(204);
    expect((await call('/api/v2/users/me', { token })).status).toBe(401);
    const late = await signIn('bob');
    await advance(15 * MIN);
    expect((await call('/api/v2/tokens/me', { method: 'DELETE', token: late })).status).toBe(401);
    expect((await stats()).revokes).toBe(2);
  });

  it('DELETE /tokens/:userId revokes all of a user\'s tokens, for the admin only', async () => {
    const [one, two, admin] = [await signIn('carol'), await signIn('carol'), await signIn('admin')];
    const { id } = (await json(await call('/api/v2/users/me', { token: one })));
    expect((await call(`/api/v2/tokens/${id}`, { method: 'DELETE', token: two })).status).toBe(403);
    const response = await call(`/api/v2/tokens/${id}`, { method: 'DELETE', token: admin });
    expect(await json(response)).toEqual({ id, revoked: 2 });
    expect((await call('/api/v2/users/me', { token: two })).status).toBe(401);
    expect((await call('/api/v2/tokens/nobody', { method: 'DELETE', token: admin })).status).toBe(404);
  });

  it('presence goes Offline / OFF_QUEUE when the token idles out, with no request for it', async () => {
    const token = await signIn('dave');
    const me = await json(await call('/api/v2/users/me', { token }));
    expect([me.presence.presenceDefinition.systemPresence, me.routingStatus.status]).toEqual(['Available', 'IDLE']);
    await advance(15 * MIN);
    expect((await stats()).users.dave).toMatchObject({ systemPresence: 'Offline', routingStatus: 'OFF_QUEUE' });
    expect(lines.some((line) => line.includes('idle expiry dave'))).toBe(true);
  });

  it('/__touch is activity from elsewhere; /__clock reports and sets the time', async () => {
    const token = await signIn('erin');
    await advance(14 * MIN);
    expect((await post('/__touch', { token })).status).toBe(200);
    await advance(14 * MIN);
    expect((await call('/api/v2/users/me', { token })).status).toBe(200);
    const set = (await json(await call('/__clock'))).now + 3_600_000;
    expect((await json(await post('/__clock', { set }))).now).toBeGreaterThanOrEqual(set);
    expect((await json(await call('/__clock'))).now).toBeGreaterThanOrEqual(set);
    expect((await post('/__touch', { token })).status).toBe(401);
    expect((await post('/__clock', { advanceMs: 'soon' })).status).toBe(400);
  });

  it('sends Cache-Control: no-store and a Date from the server clock', async () => {
    const { now } = await json(await post('/__clock', { advanceMs: 10 * 24 * 60 * MIN }));
    const token = await signIn('alice');
    const response = await call('/api/v2/analytics/queues/observations', { token });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Math.abs(Date.parse(response.headers.get('date')) - now)).toBeLessThan(5000);
    expect((await json(response)).results[0].data[0]).toMatchObject({ metric: 'oWaiting' });
  });
});

describe('reference server: CORS', () => {
  const preflight = (origin) =>
    call('/api/v2/users/me', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('reflects only its own two origins', async () => {
    for (const origin of server.origins) {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, POST, DELETE');
    }
    const evil = await preflight('http://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('does not count a preflight as a request nor as activity', async () => {
    const token = await signIn('alice');
    await post('/__stats/reset');
    const before = (await json(await call('/api/v2/tokens/me?preserveIdleTTL=true', { token }))).dateTokenIdles;
    const counted = await stats();
    await advance(MIN);
    await preflight(server.origins[0]);
    expect((await stats()).requests).toBe(counted.requests);
    expect((await json(await call('/api/v2/tokens/me?preserveIdleTTL=true', { token }))).dateTokenIdles).toBe(before);
  });
});

describe('reference server: stats and logs', () => {
  it('never contain the raw token, only its hash prefix', async () => {
    const token = await signIn('alice');
    await call('/api/v2/users/me', { token });
    await call('/api/v2/tokens/me', { method: 'HEAD', token });
    await call('/api/v2/tokens/me', { method: 'DELETE', token });
    await call('/api/v2/users/me', { token });
    const text = await (await call('/__stats')).text();
    expect(text).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
    const body = JSON.parse(text);
    const keys = Object.keys(body.perToken);
    expect(keys.every((key) => /^[0-9a-f]{12}$/.test(key))).toBe(true);
    const mine = Object.values(body.perToken).find((entry) => entry.user === 'alice');
    expect(mine).toEqual({ user: 'alice', requests: 4, keepalives: 1, revokes: 1, unauthorized: 1 });
  });
});

describe('reference server: static files', () => {
  it('serves files with their content type, index.html for directories, and extra headers', async () => {
    const home = await call('/');
    expect([home.status, home.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await (await call('/sub/')).text()).toContain('sub');
    expect((await call('/sub', { redirect: 'manual' })).headers.get('location')).toBe('/sub/');
    expect((await call('/dist/sdk.mjs')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call('/dist/sdk.mjs.map')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await call('/page.csp.html')).headers.get('content-security-policy')).toBe("default-src 'self'");
    expect((await call('/index.html')).headers.get('content-security-policy')).toBeNull();
    expect((await call('/missing.js')).status).toBe(404);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/dist/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/secret.txt%00.html',
    '/link.txt',
  ])('refuses to leave its roots: %s', async (path) => {
    const response = await raw(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP SECRET');
  });
});
