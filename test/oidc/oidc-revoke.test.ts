import { User, UserManager } from 'oidc-client-ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isIdleLogoutError } from '../../src/errors/is-idle-logout-error';
import type { IdleLogout } from '../../src/index';
import { connectOidcClient } from '../../src/oidc/index';
import { useSandbox } from '../support/sandbox';

// The OIDC adapter's revoke over the real oidc-client-ts `UserManager` (the e2e specs, e2e/oidc-revoke.spec.ts, run it
// against a real provider in a browser). The provider here is the sandbox's network: its discovery document, fetched by
// the library's own MetadataService, and its revocation endpoint. A signed-in user is put in place through the
// library's public API only: `storeUser` (where a completed sign-in puts the user), then either the adapter's own
// `getUser()` at start (a page loaded with a user already signed in) or `getUser(true)`, which raises `userLoaded`.

const AUTHORITY = 'https://idp.example';
/** Where oidc-client-ts looks for the discovery document, from `authority`. */
const DISCOVERY = `${AUTHORITY}/.well-known/openid-configuration`;
const ENDPOINT = `${AUTHORITY}/token/revocation`;
const metadata = (revocation?: string) => ({
  issuer: AUTHORITY,
  authorization_endpoint: `${AUTHORITY}/auth`,
  token_endpoint: `${AUTHORITY}/token`,
  jwks_uri: `${AUTHORITY}/jwks`,
  ...(revocation && { revocation_endpoint: revocation }),
});

let requests: { url: string; method: string; body: string; auth: string | null }[] = [];
/** The provider's answer to each fetch of its discovery document: the test sets it. */
let discovery: () => Response;
// Fake timers, and this network under the SDK (and under oidc-client-ts, which fetches through the page's `fetch`).
useSandbox(() => {
  requests = [];
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    requests.push({ url, method: init?.method ?? 'GET', body: String(init?.body ?? ''), auth: new Headers(init?.headers).get('authorization') });
    if (url === DISCOVERY) return discovery();
    // RFC 7009: 200 with an empty body, whatever the token.
    if (url === ENDPOINT) return new Response('', { status: 200 });
    return new Response('', { status: 404 });
  }) as typeof fetch;
});

let idle: IdleLogout | undefined;
beforeEach(() => {
  localStorage.clear();
  // oidc-client-ts's default user store.
  sessionStorage.clear();
});
afterEach(() => {
  idle?.destroy();
  idle = undefined;
});

/** Sign-in number `n`: its own session, access token `at-n`, refresh token `rt-n`, stored where a sign-in puts it. */
const user = (n: number) =>
  new User({
    access_token: `at-${n}`,
    refresh_token: `rt-${n}`,
    token_type: 'Bearer',
    profile: { iss: AUTHORITY, aud: 'spa', sub: 'alice', sid: `sid-${n}`, auth_time: 1_700_000_000 + n, iat: 1_700_000_000 + n, exp: 1_700_003_600 },
  });

async function connect() {
  const um = new UserManager({ authority: AUTHORITY, client_id: 'spa', redirect_uri: 'https://app.example/callback' });
  // Signed in before the page loaded: the adapter reads the user at start.
  await um.storeUser(user(1));
  idle = connectOidcClient(um, { timeoutMs: 600_000, sync: false });
  const errors: { code: string; error: unknown }[] = [];
  idle.on('error', (e) => errors.push(e));
  await vi.advanceTimersByTimeAsync(0);
  await vi.dynamicImportSettled();
  expect(idle.state).toBe('active');
  /** A new sign-in (a popup, or a renewal of the session's tokens elsewhere): stored, then `userLoaded` raised. */
  const signIn = async (n: number) => {
    await um.storeUser(user(n));
    await um.getUser(true);
  };
  return { um, idle, errors, signIn };
}

/** The logout's look-up, the sender's chunk (loaded then, in real time) and its requests. */
const settled = async () => {
  await vi.advanceTimersByTimeAsync(0);
  await vi.dynamicImportSettled();
  await vi.advanceTimersByTimeAsync(1000);
};

const lookups = () => requests.filter((r) => r.url === DISCOVERY).length;
const revoked = () => requests.filter((r) => r.url === ENDPOINT).map((r) => Object.fromEntries(new URLSearchParams(r.body)).token);
/** Every request that carried one of the tokens, anywhere: URL, body or Authorization header. */
const carryingTokens = () => requests.filter((r) => /\b(at|rt)-\d/.test(`${r.url} ${r.body} ${r.auth ?? ''}`));

describe('connectOidcClient: the revoke', () => {
  it('a failed look-up of the revocation endpoint is not kept: the next logout in the page looks again and revokes', async () => {
    let down = true;
    discovery = () =>
      down
        ? Response.json({ message: 'down for maintenance' }, { status: 500, statusText: 'Internal Server Error' })
        : Response.json(metadata(ENDPOINT));
    const { idle, errors, signIn } = await connect();
    idle.logout();
    await settled();
    // oidc-client-ts's MetadataService keeps nothing from a failed fetch: the metadata is still not known.
    expect(lookups()).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['revoke']);
    expect(String(errors[0]!.error)).toMatch(/Internal Server Error \(500\)/);
    expect(revoked()).toEqual([]);
    // The provider is back; the person signs in again and logs out.
    down = false;
    await signIn(2);
    expect(idle.state).toBe('active');
    idle.logout();
    await settled();
    expect(lookups()).toBe(2);
    expect(revoked()).toEqual(['rt-2', 'at-2']);
    expect(requests.filter((r) => r.url === ENDPOINT).map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('a provider with no revocation_endpoint: nothing is sent, one `revoke` error says so and what to do', async () => {
    discovery = () => Response.json(metadata());
    const { idle, errors, signIn } = await connect();
    idle.logout();
    await settled();
    await signIn(2);
    expect(idle.state).toBe('active');
    idle.logout();
    await settled();
    // The discovery document was read (once: the library keeps it), and nothing carrying a token went anywhere.
    expect(lookups()).toBe(1);
    expect(carryingTokens()).toEqual([]);
    expect(requests.map((r) => r.url)).toEqual([DISCOVERY]);
    expect(errors).toHaveLength(1);
    const [{ code, error }] = errors as [{ code: string; error: Error }];
    expect(code).toBe('revoke');
    expect(isIdleLogoutError(error) && error.code).toBe('revoke');
    expect(error.message).toMatch(/publishes no revocation_endpoint, so the tokens could not be revoked/);
    expect(error.message).toMatch(/pass `revoke`/);
  });

  it('revokes the tokens read at the logout, though the app removes the user in its logout handler (at once here: the deferred case is e2e)', async () => {
    discovery = () => Response.json(metadata(ENDPOINT));
    const { idle, um, errors } = await connect();
    idle.on('logout', () => void um.removeUser());
    idle.logout();
    await settled();
    expect(await um.getUser()).toBeNull();
    expect(revoked()).toEqual(['rt-1', 'at-1']);
    expect(errors).toEqual([]);
  });
});
