import { readFileSync } from 'node:fs';
import { dirname, join as joinPath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import * as sdk from '../../src/index';
import { TokenLoggedOutError, type IdleLogout } from '../../src/index';
import { useRecordingSandbox } from '../support/sandbox';

/**
 * README's client recipes, run as written. openapi-fetch, ky, ofetch and axios are not dependencies of this
 * package, so each is a minimal stand-in that calls the `fetch` (or runs the interceptors) it is given the way the
 * real library does: openapi-fetch `fetch(request)` with a Request; ky `options.fetch(request, init)`, a method call
 * on its options (why wrapFetch must not pass `this` on); ofetch `fetch(url, init)` with the base URL joined and
 * `Headers`; axios runs request interceptors, its adapter, then response interceptors (rejecting statuses ≥ 300).
 */

const MIN = 60_000;
const { sandbox, net, calls } = useRecordingSandbox();
const Authorization = 'Bearer token-a';

const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

const openapiFetch = {
  default: ({ baseUrl, fetch }: { baseUrl: string; fetch: typeof globalThis.fetch }) => ({
    GET: (path: string, { headers }: { headers: Record<string, string> }) =>
      fetch(new Request(new URL(join(baseUrl, path), location.href), { method: 'GET', headers })),
  }),
};

const ky = {
  default: {
    create: (options: { prefixUrl: string; fetch: typeof globalThis.fetch }) => ({
      get: (input: string, { headers }: { headers: Record<string, string> }) =>
        options.fetch(new Request(new URL(join(options.prefixUrl, input), location.href), { method: 'GET', headers }), {}),
    }),
  },
};

const ofetch = {
  ofetch: {
    create: (defaults: { baseURL: string }, { fetch }: { fetch: typeof globalThis.fetch }) =>
      async (path: string, { headers }: { headers: Record<string, string> }) => {
        const response = await fetch(join(defaults.baseURL, path), { method: 'GET', headers: new Headers(headers) });
        if (!response.ok) throw Object.assign(new Error(`${response.status}`), { response });
        return response;
      },
  },
};

type Handler = [(v: any) => any, ((e: any) => any) | undefined];
const axios = {
  default: {
    create: ({ baseURL }: { baseURL: string }) => {
      const request: Handler[] = [];
      const response: Handler[] = [];
      const manager = (list: Handler[]) => ({ use: (f: Handler[0], r?: Handler[1]) => list.push([f, r]) });
      return {
        interceptors: { request: manager(request), response: manager(response) },
        async get(url: string, { headers }: { headers: Record<string, string> }) {
          let chain: Promise<any> = Promise.resolve({ url, baseURL, method: 'get', headers });
          for (const [f, r] of [...request].reverse()) chain = chain.then(f, r);
          // The adapter: the page's (unpatched) network.
          chain = chain.then(async (config) => {
            const res = await fetch(join(config.baseURL, config.url), { method: 'GET', headers: config.headers });
            const out = { status: res.status, config, data: await res.json() };
            if (res.status >= 300) throw Object.assign(new Error(`Request failed with status code ${res.status}`), { config, response: out });
            return out;
          });
          for (const [f, r] of response) chain = chain.then(f, r);
          return chain;
        },
      };
    },
  },
};

const STAND_INS: Record<string, object> = { 'openapi-fetch': openapiFetch, ky, ofetch, axios, 'idle-logout': sdk };

/** The README block marked `<!-- recipe: name -->`, with its imports bound to the stand-ins, returning `api`. */
function recipe(name: string): any {
  const readme = readFileSync(joinPath(dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');
  const code = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
  if (!code) throw new Error(`README has no recipe ${name}`);
  const body = code
    .replace(/^import (\w+) from '([^']+)';$/gm, "const $1 = modules['$2'].default;")
    .replace(/^import \{ ([^}]+) \} from '([^']+)';$/gm, "const { $1 } = modules['$2'];")
    .replace(/^export /gm, '');
  return new Function('modules', `${body}\nreturn api;`)(STAND_INS);
}

const send: Record<string, (api: any) => Promise<unknown>> = {
  'openapi-fetch': (api) => api.GET('/users/me', { headers: { Authorization } }),
  ky: (api) => api.get('users/me', { headers: { Authorization } }),
  ofetch: (api) => api('/users/me', { headers: { Authorization } }),
  axios: (api) => api.get('/users/me', { headers: { Authorization } }),
};

function make(patch?: boolean): IdleLogout {
  return sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, revoke: false, sync: false, patch });
}

describe.each([
  ['openapi-fetch', true],
  ['ky', true],
  ['ofetch', true],
  ['openapi-fetch', false],
  ['ky', false],
  ['ofetch', false],
  ['axios', false],
] as const)('README recipe: %s (patch: %s), client created before the instance', (name, patch) => {
  it('counts its requests, refuses the token after logout (the server never sees it), and a 401 logs out', async () => {
    const api = recipe(name); // bound to the page's fetch before createIdleLogout runs
    const idle = make(patch);
    await vi.advanceTimersByTimeAsync(MIN);
    await send[name](api);
    expect(calls.at(-1)?.url).toMatch(/\/api\/v2\/users\/me$/);
    expect(idle.remainingMs()).toBe(10 * MIN);

    idle.logout();
    const before = calls.length;
    const refused = await send[name](api).catch((e) => e);
    expect(refused).toBeInstanceOf(TokenLoggedOutError);
    expect(calls.length).toBe(before);
  });

  it('a 401 logs the token out (reason revoked)', async () => {
    const api = recipe(name);
    const idle = make(patch);
    const reasons: string[] = [];
    idle.on('logout', (e) => reasons.push(e.reason));
    net.status = 401;
    await send[name](api).catch(() => {});
    expect(reasons).toEqual(['revoked']);
  });
});
