import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
// @ts-expect-error oidc-provider ships no types
import Provider from 'oidc-provider';
import { closeServer, listen, serveSpa } from '../support/local-http';

// A real OpenID provider (node-oidc-provider 9), a resource API that checks bearer tokens by introspection at it and
// enforces its own idle rule, and a static server for the SPA bundle: all in the Playwright worker, on random ports.
// Everything the specs assert comes from here (what the provider issued, revoked and answers at introspection), never
// from the SDK. Raw tokens stay in this process' memory: nothing is logged or handed to the test.

export interface Revocation {
  /** ms since epoch, when the request reached the provider. */
  at: number;
  /** `token_type_hint` as sent. */
  hint: string | undefined;
  /** What the token was, from what this provider issued ('unknown' for a value it never issued). */
  kind: 'AccessToken' | 'RefreshToken' | 'unknown';
  /** Whether the provider still held the token as valid when the revocation came (found, not consumed). */
  activeAtProvider: boolean;
  /** The token's grant (the sign-in): the API keeps its idle clock per grant. */
  grantId: string | undefined;
  /**
   * The token's family: the tokens of one authorization-code exchange and every renewal from its refresh tokens (one
   * tab's tokens with a per-tab user store; all tabs' with a shared one). Tabs of one sign-in share the grant, not the family.
   */
  family: string | undefined;
  /** Who signed in (the login typed at the form). */
  account: string | undefined;
  /** The API's idle deadline for that grant at that moment minus `at`: positive = revoked before the API dropped it. */
  msBeforeApiDeadline: number | undefined;
  /** The API had already dropped the grant (idle) when the revocation came. */
  apiDropped: boolean;
  status: number;
  client: string | undefined;
}

export interface TokenRequest {
  at: number;
  grantType: string | undefined;
  status: number;
  /** For a refresh_token grant: the OAuth error, if any (`invalid_grant` = a consumed/revoked refresh token). */
  error?: string;
}

interface Issued {
  kind: 'AccessToken' | 'RefreshToken';
  grantId: string;
  /** Who signed in (the login typed at the form). */
  account: string;
  family: string;
  at: number;
}

interface GrantClock {
  last: number;
  dropped: boolean;
}

export interface OidcWorld {
  issuer: string;
  api: string;
  app: string;
  /** Per test: the API's idle rule (ms a grant may go without a request before the API drops it; Infinity = none). */
  setApiIdleMs(ms: number): void;
  /** What `GET /api/timeout` answers (ms), for the SDK's `timeoutFrom`. */
  setTimeoutMs(ms: number): void;
  /** Forget everything recorded (revocations, token requests, issued tokens, API clocks). */
  reset(): void;
  revocations(): Revocation[];
  tokenRequests(): TokenRequest[];
  /** API requests: time, path, status, grant. */
  apiCalls(): { at: number; path: string; status: number; grantId?: string; error?: string }[];
  /** Interactive logins completed at the provider's login form. */
  logins(): number;
  /** Every token issued since reset(), as the provider's introspection endpoint answers for it now. */
  introspectIssued(): Promise<{ kind: Issued['kind']; grantId: string; family: string; account: string; active: boolean }[]>;
  /** What the resource API answers now for each access token issued since reset() (status codes only). */
  apiStatusForIssued(): Promise<number[]>;
  /** Distinct grants issued since reset(), or only `account`'s. */
  grants(account?: string): string[];
  /** Distinct token families issued since reset(). */
  families(): string[];
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

/**
 * Starts the provider, the API and the SPA's static server. `appDir` holds the esbuild output (index.html, main.js, chunks).
 * `accessTokenTtlS` is short so that renewals happen within a test.
 */
export async function startOidcWorld(opts: {
  appDir: string;
  accessTokenTtlS: number;
  /** The RFC 7009 revocation endpoint (default true). Off: discovery has no `revocation_endpoint`, as Microsoft Entra ID's. */
  revocation?: boolean;
}): Promise<OidcWorld> {
  const providerServer = createServer();
  const apiServer = createServer();
  const appServer = createServer();
  const [pPort, apiPort, appPort] = await Promise.all([listen(providerServer), listen(apiServer), listen(appServer)]);
  const issuer = `http://127.0.0.1:${pPort}`;
  const api = `http://127.0.0.1:${apiPort}`;
  // localhost vs 127.0.0.1: the SPA and the provider are different sites, as in production.
  const app = `http://localhost:${appPort}`;
  const apiSecret = randomBytes(24).toString('hex');

  let apiIdleMs = Infinity;
  let timeoutMs = 20_000;
  let revocations: Revocation[] = [];
  let tokenRequests: TokenRequest[] = [];
  let apiCalls: { at: number; path: string; status: number; grantId?: string; error?: string }[] = [];
  let logins = 0;
  let issued = new Map<string, Issued>();
  let clocks = new Map<string, GrantClock>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'spa',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${app}/callback`],
        post_logout_redirect_uris: [`${app}/`],
        // Back-channel logout with the session required is what makes the provider put `sid` in ID tokens.
        backchannel_logout_uri: `${api}/backchannel-logout`,
        backchannel_logout_session_required: true,
      },
      // The resource API's own client, for introspection only.
      { client_id: 'api', client_secret: apiSecret, grant_types: [], response_types: [], redirect_uris: [] },
    ],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: opts.revocation ?? true },
      introspection: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    // A refresh token for the SPA without asking for offline_access (what oidc-client-ts renews with).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { AccessToken: opts.accessTokenTtlS, IdToken: 3600, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
    // A first-party app: no consent screen; a revoked grant is replaced by a new one at the next sign-in.
    loadExistingGrant: async (ctx: any) => {
      const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const existing = id && (await ctx.oidc.provider.Grant.find(id));
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  provider.proxy = false;

  // Which family the tokens saved during a token request belong to: a new one for a code exchange, the presented
  // refresh token's for a renewal.
  const family = new AsyncLocalStorage<string>();
  const onSaved = (kind: Issued['kind']) => (token: { jti: string; grantId: string; accountId: string }) => {
    if (!issued.has(token.jti)) issued.set(token.jti, { kind, grantId: token.grantId, account: token.accountId, family: family.getStore() ?? 'unknown', at: Date.now() });
  };
  provider.on('access_token.saved', onSaved('AccessToken'));
  provider.on('refresh_token.saved', onSaved('RefreshToken'));

  provider.use(async (ctx: any, next: () => Promise<void>) => {
    const at = Date.now();
    // The token's state before the revocation endpoint destroys it.
    let before: { kind: Revocation['kind']; active: boolean; grantId?: string; family?: string; account?: string } | undefined;
    if (ctx.method === 'POST' && ctx.path === '/token/revocation') {
      const raw = await readBody(ctx.req);
      // Hand the provider the parsed body: it reads req.body once the stream is consumed.
      ctx.req.body = Object.fromEntries(new URLSearchParams(raw));
      const value = ctx.req.body.token as string | undefined;
      const known = value ? issued.get(value) : undefined;
      let active = false;
      if (known && value) {
        const model = known.kind === 'AccessToken' ? await provider.AccessToken.find(value) : await provider.RefreshToken.find(value);
        active = !!model && !model.consumed && !model.isExpired && !!(await provider.Grant.find(model.grantId));
      }
      before = { kind: known?.kind ?? 'unknown', active, grantId: known?.grantId, family: known?.family, account: known?.account };
    }
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const raw = await readBody(ctx.req);
      ctx.req.body = Object.fromEntries(new URLSearchParams(raw));
      const presented = ctx.req.body.refresh_token as string | undefined;
      const f = (presented && issued.get(presented)?.family) || randomBytes(6).toString('hex');
      await family.run(f, next);
    } else {
      await next();
    }
    if (before) {
      const clock = before.grantId ? clocks.get(before.grantId) : undefined;
      revocations.push({
        at,
        hint: ctx.oidc?.params?.token_type_hint,
        kind: before.kind,
        activeAtProvider: before.active,
        grantId: before.grantId,
        family: before.family,
        account: before.account,
        msBeforeApiDeadline: clock && Number.isFinite(apiIdleMs) ? clock.last + apiIdleMs - at : undefined,
        apiDropped: !!clock && (clock.dropped || (Number.isFinite(apiIdleMs) && at - clock.last > apiIdleMs)),
        status: ctx.status,
        client: ctx.oidc?.client?.clientId,
      });
    }
    // devInteractions' login form posts to /interaction/:uid (this app has no consent screen): a redirect = a login.
    if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path) && ctx.status >= 300 && ctx.status < 400) logins += 1;
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const body = ctx.body && typeof ctx.body === 'object' ? (ctx.body as { error?: string }) : undefined;
      tokenRequests.push({ at, grantType: ctx.oidc?.params?.grant_type, status: ctx.status, ...(body?.error ? { error: body.error } : {}) });
    }
  });

  const providerCallback = provider.callback();
  providerServer.on('request', (req, res) => providerCallback(req, res));

  const introspect = async (token: string) => {
    const res = await fetch(`${issuer}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`api:${apiSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token }),
    });
    if (!res.ok) throw new Error(`introspection answered ${res.status}`);
    return (await res.json()) as { active: boolean; token_type?: string; sid?: string };
  };

  // The resource API: bearer token → introspection → the API's own idle rule per grant (the sign-in), as an API that
  // enforces an idle timeout would. The grant is looked up in-process because introspection does not return it.
  const cors = (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.origin === app) {
      res.setHeader('access-control-allow-origin', app);
      res.setHeader('access-control-allow-headers', 'authorization, content-type');
      res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
      res.setHeader('vary', 'origin');
    }
  };
  const apiHandler = async (req: IncomingMessage, res: ServerResponse) => {
    cors(req, res);
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    const path = new URL(req.url ?? '/', api).pathname;
    if (path === '/backchannel-logout') {
      await readBody(req);
      return res.writeHead(200).end();
    }
    const at = Date.now();
    const send = (status: number, body: unknown, grantId?: string) => {
      apiCalls.push({ at, path, status, grantId, ...(status === 401 ? { error: (body as { error: string }).error } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return send(401, { error: 'no token' });
    const info = await introspect(token);
    if (!info.active || info.token_type !== 'Bearer') return send(401, { error: 'inactive token' });
    const model = await provider.AccessToken.find(token);
    const grantId: string | undefined = model?.grantId;
    if (!grantId) return send(401, { error: 'unknown grant' });
    const clock = clocks.get(grantId);
    if (clock && (clock.dropped || at - clock.last > apiIdleMs)) {
      clock.dropped = true;
      return send(401, { error: 'idle' }, grantId);
    }
    clocks.set(grantId, { last: at, dropped: false });
    if (path === '/api/me') return send(200, { sub: model.accountId }, grantId);
    if (path === '/api/timeout') return send(200, { ms: timeoutMs }, grantId);
    return send(404, { error: 'not found' }, grantId);
  };
  apiServer.on('request', (req, res) => {
    apiHandler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  serveSpa(appServer, opts.appDir);

  return {
    issuer,
    api,
    app,
    setApiIdleMs: (ms) => {
      apiIdleMs = ms;
    },
    setTimeoutMs: (ms) => {
      timeoutMs = ms;
    },
    reset() {
      revocations = [];
      tokenRequests = [];
      apiCalls = [];
      logins = 0;
      issued = new Map();
      clocks = new Map();
      apiIdleMs = Infinity;
    },
    revocations: () => [...revocations],
    tokenRequests: () => [...tokenRequests],
    apiCalls: () => [...apiCalls],
    logins: () => logins,
    grants: (account) => [...new Set([...issued.values()].filter((t) => account === undefined || t.account === account).map((t) => t.grantId))],
    families: () => [...new Set([...issued.values()].map((t) => t.family))],
    async introspectIssued() {
      return Promise.all(
        [...issued].map(async ([value, t]) => ({ kind: t.kind, grantId: t.grantId, family: t.family, account: t.account, active: (await introspect(value)).active })),
      );
    },
    async apiStatusForIssued() {
      const out: number[] = [];
      for (const [value, t] of issued) {
        if (t.kind !== 'AccessToken') continue;
        out.push((await fetch(`${api}/api/me`, { headers: { authorization: `Bearer ${value}` } })).status);
      }
      return out;
    },
    close: async () => {
      await Promise.all([closeServer(providerServer), closeServer(apiServer), closeServer(appServer)]);
    },
  };
}
