// `--allow-origin` (startServer's `allowOrigins`): your own app on another origin may call the API, exactly that
// origin and no other, and an API call from an origin that is not allowed is logged once with the fix.
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer } from '../server/server.mjs';

const APP = 'http://localhost:5173';
let server;
const lines = [];

beforeAll(async () => {
  server = await startServer({ fast: true, allowOrigins: [APP], log: (line) => lines.push(line) });
});
afterAll(() => server?.close());

/** A request with the headers a browser sends (fetch would not let a test set `Origin` as a browser does). */
function send(method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const preflight = (origin, method = 'POST') =>
  send('OPTIONS', '/api/v2/login', { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' });
const signIn = async (origin) =>
  send('POST', '/api/v2/login', { origin, 'content-type': 'application/json' }, JSON.stringify({ user: 'ada' }));

it('answers the allowed origin’s preflight for every method and header the API needs, without credentials', async () => {
  const { status, headers } = await preflight(APP, 'DELETE');
  expect(status).toBe(204);
  expect(headers['access-control-allow-origin']).toBe(APP);
  expect(headers['access-control-allow-methods']).toBe('GET, HEAD, PUT, POST, DELETE');
  expect(headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
  // Bearer tokens only, no cookies: nothing for a credentials mode to carry.
  expect(headers['access-control-allow-credentials']).toBeUndefined();
  expect(headers.vary).toBe('Origin');
});

it('lets the allowed origin sign in, call the API with the token, read Date and revoke', async () => {
  const login = await signIn(APP);
  expect(login.status).toBe(200);
  expect(login.headers['access-control-allow-origin']).toBe(APP);
  const token = JSON.parse(login.text).access_token;
  const me = await send('GET', '/api/v2/tokens/me', { origin: APP, authorization: `Bearer ${token}` });
  expect(me.status).toBe(200);
  expect(me.headers['access-control-allow-origin']).toBe(APP);
  expect(me.headers['access-control-expose-headers']).toBe('Date'); // the SDK's clock-skew correction
  const revoke = await send('DELETE', '/api/v2/tokens/me', { origin: APP, authorization: `Bearer ${token}` });
  expect(revoke.status).toBe(204);
  expect(revoke.headers['access-control-allow-origin']).toBe(APP);
});

it('gives no CORS headers to any other origin, not even one differing only in port or scheme', async () => {
  for (const origin of ['http://localhost:5174', 'https://localhost:5173', 'http://127.0.0.1:5173', 'http://evil.example']) {
    const { headers } = await preflight(origin);
    expect(headers['access-control-allow-origin'], origin).toBeUndefined();
    expect((await signIn(origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
  }
});

it('still answers its own two origins', async () => {
  for (const origin of server.origins) expect((await preflight(origin)).headers['access-control-allow-origin']).toBe(origin);
});

it('logs the --allow-origin hint once per refused origin, for API calls only', async () => {
  const other = 'http://localhost:3000';
  lines.length = 0;
  await send('GET', '/index.html', { origin: other });
  expect(lines.filter((line) => line.includes(other))).toEqual([]);
  await preflight(other);
  await signIn(other);
  expect(lines.filter((line) => line.includes(other))).toEqual([
    `[token-server] ${other} may not call the API (no CORS for it): restart with --allow-origin ${other} (npm start -- --allow-origin ${other})`,
  ]);
  await signIn(APP);
  expect(lines.some((line) => line.includes('may not call') && line.includes(APP))).toBe(false);
});

it('refuses anything but exact origins at start', async () => {
  for (const bad of ['*', 'http://localhost:5173/app', 'localhost:5173', 'HTTP://LOCALHOST:5173']) {
    await expect(startServer({ allowOrigins: [bad], log: () => {} }), bad).rejects.toThrow(RangeError);
  }
});
