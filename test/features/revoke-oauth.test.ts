import { describe, expect, it, vi } from 'vitest';
import { createWith } from '../../src/create-idle-logout';
import { FEATURES } from '../../src/features/index';
import { rawFetch } from '../../src/features/requests/fetch';
import type { IdleLogoutOptions } from '../../src/index';
import type { Feature } from '../../src/types/runtime';
import { useSandbox } from '../support/sandbox';

const ENDPOINT = 'https://idp.example/token/revocation';
/** What the provider does with each revocation, in turn (the last repeats): an HTTP status, or 0 for a network error. */
let answers: number[] = [];
let posts: { token: string; hint: string; client: string; type: string | null }[] = [];
const sandbox = useSandbox(() => {
  answers = [200];
  posts = [];
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) !== ENDPOINT) return new Response('{}');
    const body = new URLSearchParams(String(init?.body));
    posts.push({ token: body.get('token')!, hint: body.get('token_type_hint')!, client: body.get('client_id')!, type: init?.method ?? 'GET' });
    const status = answers.length > 1 ? answers.shift()! : answers[0];
    if (!status) throw new TypeError('Failed to fetch');
    return new Response('', { status, headers: { 'content-type': 'text/plain' } });
  }) as typeof fetch;
});

let tokens: { access?: string | null; refresh?: string | null } = {};
async function make(options: Partial<IdleLogoutOptions> = {}) {
  tokens = { access: 'at-1', refresh: 'rt-1' };
  const idle = sandbox.create({
    getToken: () => tokens.access,
    timeoutMs: 600_000,
    sync: false,
    revoke: { oauth: { endpoint: ENDPOINT, clientId: 'spa', tokens: () => tokens } },
    ...options,
  });
  const errors: unknown[] = [];
  idle.on('error', (e) => errors.push(e));
  await vi.dynamicImportSettled();
  return { idle, errors };
}

describe('revoke: { oauth } (RFC 7009)', () => {
  it('posts the refresh token, then the access token, as a form with token_type_hint and client_id', async () => {
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toEqual([
      { token: 'rt-1', hint: 'refresh_token', client: 'spa', type: 'POST' },
      { token: 'at-1', hint: 'access_token', client: 'spa', type: 'POST' },
    ]);
    expect(errors).toEqual([]);
  });

  it("reads the tokens at the logout itself: an app that drops them in its own 'logout' handler still has them revoked", async () => {
    const { idle } = await make();
    idle.on('logout', () => (tokens = {}));
    idle.logout();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts.map((p) => p.token)).toEqual(['rt-1', 'at-1']);
  });

  it("a logout before revoke's chunk ran (a tab reloaded past its deadline) still revokes both tokens the 'logout' handler dropped", async () => {
    tokens = { access: 'at-1', refresh: 'rt-1' };
    const idle = sandbox.create({
      getToken: () => tokens.access,
      timeoutMs: 600_000,
      sync: false,
      revoke: { oauth: { endpoint: ENDPOINT, clientId: 'spa', tokens: () => tokens } },
    });
    idle.on('logout', () => (tokens = {}));
    idle.logout(); // before `vi.dynamicImportSettled()`: the chunk has not run yet
    expect(tokens).toEqual({});
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts.map((p) => [p.token, p.hint])).toEqual([
      ['rt-1', 'refresh_token'],
      ['at-1', 'access_token'],
    ]);
  });

  it('a failed refresh-token revocation does not skip the access token; each is retried on its own', async () => {
    answers = [503, 200];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(posts.map((p) => p.token)).toEqual(['rt-1', 'at-1', 'rt-1']);
    expect(errors).toEqual([]);
  });

  it('a final failure is reported once with its status and URL', async () => {
    answers = [400, 200];
    const { idle, errors } = await make();
    idle.logout();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(posts.map((p) => p.token)).toEqual(['rt-1', 'at-1']);
    expect(errors).toEqual([{ code: 'revoke', error: expect.objectContaining({ status: 400, url: ENDPOINT }) }]);
  });

  it('without a refresh token, the access token alone', async () => {
    const { idle } = await make();
    tokens.refresh = null;
    idle.logout();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts.map((p) => p.hint)).toEqual(['access_token']);
  });

});

/** Stands for tab sync's election: undecided (`null`) until the test decides, then `elected`. */
function election() {
  let acts: boolean | null = null;
  let decide: ((to: boolean) => void) | undefined;
  const feature: Feature = (rt) => {
    decide = (to) => ((acts = to), rt.dispatch({ type: 'decided' }));
    return { stop() {}, hooks: { acts: () => acts } };
  };
  return { feature, elect: () => decide!(true), lose: () => decide!(false), ruled: () => (acts = false) };
}

describe('a logout while the election is under way', () => {
  const options = (): IdleLogoutOptions => ({
    getToken: () => 'at-1',
    timeoutMs: 600_000,
    sync: false,
    revoke: { oauth: { endpoint: ENDPOINT, clientId: 'spa', tokens: () => ({ access: 'at-1', refresh: 'rt-1' }) } },
  });

  it('is revoked exactly once when this tab is then elected', async () => {
    const e = election();
    const idle = createWith(options(), [...FEATURES, e.feature]);
    await vi.dynamicImportSettled();
    idle.logout();
    await vi.advanceTimersByTimeAsync(100);
    expect(posts).toEqual([]);
    e.elect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts.map((p) => p.token)).toEqual(['rt-1', 'at-1']);
    e.elect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toHaveLength(2);
    idle.destroy();
  });

  it('is left to the elected tab when the election then names another tab', async () => {
    const e = election();
    const idle = createWith(options(), [...FEATURES, e.feature]);
    await vi.dynamicImportSettled();
    idle.logout();
    await vi.advanceTimersByTimeAsync(100);
    e.lose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(posts).toEqual([]);
    // That tab leaving later and this one being elected does not revoke again: the logout was decided.
    e.elect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toEqual([]);
    idle.destroy();
  });

  it('still undecided a second on (no elected tab answered), it is revoked here, once', async () => {
    const e = election();
    const idle = createWith(options(), [...FEATURES, e.feature]);
    await vi.dynamicImportSettled();
    idle.logout();
    await vi.advanceTimersByTimeAsync(999);
    expect(posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(posts.map((p) => p.token)).toEqual(['rt-1', 'at-1']);
    e.elect();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toHaveLength(2);
    idle.destroy();
  });

  it('is not revoked here when another tab is already the acting one', async () => {
    const e = election();
    e.ruled();
    const idle = createWith(options(), [...FEATURES, e.feature]);
    await vi.dynamicImportSettled();
    idle.logout();
    await vi.advanceTimersByTimeAsync(1000);
    expect(posts).toEqual([]);
    idle.destroy();
  });
});

describe('two copies of the SDK in one page', () => {
  it("one copy's own requests pass every copy's patch: the other never refuses or counts them", async () => {
    // Another copy's patch in front of ours, refusing every request with a bearer token (as it would one it logged out).
    const ours = globalThis.fetch;
    let refused = 0;
    const shared = (globalThis as { [k: symbol]: { inside: number } })[Symbol.for('idle-logout')];
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      !shared.inside && new Headers(init?.headers).has('authorization') ? (refused++, Promise.reject(new Error('refused'))) : ours(input, init)) as typeof fetch;
    try {
      const r = await rawFetch(ENDPOINT, { method: 'POST', headers: { Authorization: 'Bearer at-1' }, body: 'token=x' });
      expect(r.status).toBe(200);
      expect(refused).toBe(0);
      await expect(globalThis.fetch('/x', { headers: { Authorization: 'Bearer at-1' } })).rejects.toThrow('refused');
    } finally {
      globalThis.fetch = ours;
    }
  });
});
