import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
// @ts-expect-error oidc-provider ships no types
import Provider from 'oidc-provider';
import { closeServer, listen, serveSpa } from '../support/local-http';

// A real OpenID provider (node-oidc-provider 9) with Auth0-style routes (/authorize, /oauth/token, /oauth/revoke,
// /v2/logout: what auth0-spa-js builds from `domain`; okta-auth-js takes them as explicit URLs), a resource API that
// checks bearer tokens by introspection, and a static server for one SPA bundle. The specs' claims come from here (what
// the provider issued, revoked, answers at introspection; what the API saw), never from the SDK. Raw tokens stay in
// this process' memory: nothing is logged or handed to the test.

export interface Revocation {
  at: number;
  /** `token_type_hint` as sent. */
  hint: string | undefined;
  status: number;
}

export interface TokenRequest {
  at: number;
  grantType: string | undefined;
  status: number;
}

export interface Issued {
  kind: 'AccessToken' | 'RefreshToken';
  at: number;
}

export interface ClientsWorld {
  /** The issuer as ID tokens carry it: `http://127.0.0.1:PORT/` (auth0-spa-js expects the trailing slash). */
  issuer: string;
  /** The provider's origin, no trailing slash: auth0-spa-js's `domain`, okta-auth-js's `issuer`. */
  origin: string;
  api: string;
  app: string;
  reset(): void;
  revocations(): Revocation[];
  tokenRequests(): TokenRequest[];
  /** Requests the resource API answered: time and status (no tokens). */
  apiCalls(): { at: number; status: number }[];
  /** Interactive logins completed at the provider's login form. */
  logins(): number;
  /** Every token issued since reset(), as the provider's introspection endpoint answers for it now. */
  introspectIssued(): Promise<(Issued & { active: boolean })[]>;
  close(): Promise<void>;
}

export const CLIENT_ID = 'spa';

/** Starts provider, API and the SPA's static server (files from `appDir`). Access tokens live `accessTokenTtlS`. */
export async function startClientsWorld(opts: { appDir: string; accessTokenTtlS: number }): Promise<ClientsWorld> {
  const providerServer = createServer();
  const apiServer = createServer();
  const appServer = createServer();
  const [pPort, apiPort, appPort] = await Promise.all([listen(providerServer), listen(apiServer), listen(appServer)]);
  const origin = `http://127.0.0.1:${pPort}`;
  const issuer = `${origin}/`;
  const api = `http://127.0.0.1:${apiPort}`;
  // localhost vs 127.0.0.1: the SPA and the provider are different sites, as in production. localhost also lets
  // okta-auth-js honour its dev-only settings (none are used) and counts as a secure context (auth0-spa-js needs one).
  const app = `http://localhost:${appPort}`;
  const apiSecret = randomBytes(24).toString('hex');

  let revocations: Revocation[] = [];
  let tokenRequests: TokenRequest[] = [];
  let apiCalls: { at: number; status: number }[] = [];
  let logins = 0;
  let issued = new Map<string, Issued>();

  // auth0-spa-js accepts only RS256 ID tokens: an RSA signing key of our own rather than the dev keystore.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${app}/callback`],
        post_logout_redirect_uris: [`${app}/`],
        // Back-channel logout with the session required is what makes the provider put `sid` in ID tokens.
        backchannel_logout_uri: `${api}/backchannel-logout`,
        backchannel_logout_session_required: true,
        // auth_time in every ID token, renewals' too (as Okta's): with sid it tells one sign-in from the next.
        require_auth_time: true,
      },
      // The resource API's own client, for introspection only.
      { client_id: 'api', client_secret: apiSecret, grant_types: [], response_types: [], redirect_uris: [] },
    ],
    routes: {
      authorization: '/authorize',
      token: '/oauth/token',
      revocation: '/oauth/revoke',
      introspection: '/oauth/introspect',
      end_session: '/v2/logout',
      userinfo: '/userinfo',
      jwks: '/.well-known/jwks.json',
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { openid: ['sub'], sid: ['sid'], profile: ['name'], email: ['email'] },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      backchannelLogout: { enabled: true },
    },
    // A refresh token for the SPA whatever the scope says (both libraries renew with it).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: { AccessToken: opts.accessTokenTtlS, IdToken: 3600, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
    // A first-party app: no consent screen; every requested scope is granted.
    loadExistingGrant: async (ctx: any) => {
      const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const existing = id && (await ctx.oidc.provider.Grant.find(id));
      const grant = existing || new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, name: sub, email: `${sub}@example.test` }) }),
  });
  provider.proxy = false;

  const onSaved = (kind: Issued['kind']) => (token: { jti: string }) => {
    if (!issued.has(token.jti)) issued.set(token.jti, { kind, at: Date.now() });
  };
  provider.on('access_token.saved', onSaved('AccessToken'));
  provider.on('refresh_token.saved', onSaved('RefreshToken'));

  provider.use(async (ctx: any, next: () => Promise<void>) => {
    const at = Date.now();
    await next();
    if (ctx.method === 'POST' && ctx.path === '/oauth/revoke') revocations.push({ at, hint: ctx.oidc?.params?.token_type_hint, status: ctx.status });
    if (ctx.method === 'POST' && ctx.path === '/oauth/token') tokenRequests.push({ at, grantType: ctx.oidc?.params?.grant_type, status: ctx.status });
    // devInteractions' login form posts to /interaction/:uid (no consent screen here): a redirect = a login.
    if (ctx.method === 'POST' && /^\/interaction\/[^/]+$/.test(ctx.path) && ctx.status >= 300 && ctx.status < 400) logins += 1;
  });
  const providerCallback = provider.callback();
  providerServer.on('request', (req, res) => providerCallback(req, res));

  const introspect = async (token: string) => {
    const res = await fetch(`${origin}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`api:${apiSecret}`).toString('base64')}` },
      body: new URLSearchParams({ token }),
    });
    if (!res.ok) throw new Error(`introspection answered ${res.status}`);
    return (await res.json()) as { active: boolean; token_type?: string };
  };

  // The resource API: bearer token → introspection at the provider.
  const apiHandler = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.origin === app) {
      res.setHeader('access-control-allow-origin', app);
      res.setHeader('access-control-allow-headers', 'authorization');
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    const at = Date.now();
    if (new URL(req.url ?? '/', api).pathname === '/backchannel-logout') return res.writeHead(200).end();
    const send = (status: number) => {
      apiCalls.push({ at, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
    };
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return send(401);
    const info = await introspect(token);
    return send(info.active && info.token_type === 'Bearer' ? 200 : 401);
  };
  apiServer.on('request', (req, res) => {
    apiHandler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  serveSpa(appServer, opts.appDir);

  return {
    issuer,
    origin,
    api,
    app,
    reset() {
      revocations = [];
      tokenRequests = [];
      apiCalls = [];
      logins = 0;
      issued = new Map();
    },
    revocations: () => [...revocations],
    tokenRequests: () => [...tokenRequests],
    apiCalls: () => [...apiCalls],
    logins: () => logins,
    introspectIssued: () => Promise.all([...issued].map(async ([value, t]) => ({ ...t, active: (await introspect(value)).active }))),
    close: () => Promise.all([closeServer(providerServer), closeServer(apiServer), closeServer(appServer)]).then(() => undefined),
  };
}
