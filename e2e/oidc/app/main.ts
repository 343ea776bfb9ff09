// A real single-page app as an adopter would write it: oidc-client-ts's UserManager against the test's OpenID
// provider, idle-logout connected through `idle-logout/oidc`. The scenario's knobs come from `window.__oidcTest`
// (set by the test before any page script runs). What it exposes on `window.app` is for the test to drive and read;
// it never exposes a token.
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { connectOidcClient } from 'idle-logout/oidc';

export interface TestConfig {
  authority: string;
  api: string;
  /** oidc-client-ts's user store: its default (`session`: each tab signs in on its own) or shared (`local`). */
  store: 'session' | 'local';
  /** oidc-client-ts's own setting; its default is true. */
  automaticSilentRenew?: boolean;
  /** How long before the access token expires oidc-client-ts renews it (its default is 60 s). */
  expiringS: number;
  timeoutMs: number;
  warnBeforeMs: number;
  revokeAheadMs?: number;
  /** Ask the API for the timeout (`GET /api/timeout`) instead of `timeoutMs` alone. */
  timeoutFrom?: boolean;
  /** After the sign-in callback: the first API call, then `idle.logout()` this many ms later. */
  logoutAfterFirstCallMs?: number;
  /** The app's `logout` handler removes the user itself (`userManager.removeUser()`), as many apps do. */
  removeUserOnLogout?: boolean;
}

export interface LogEntry {
  type: 'warning' | 'active' | 'logout' | 'error';
  at: number;
  remainingMs?: number;
  reason?: string;
  lead?: boolean;
  endSession?: boolean;
  code?: string;
  /** An `error` event's error: its name and message (never a token: the SDK's messages hold none). */
  name?: string;
  message?: string;
}

declare global {
  interface Window {
    __oidcTest: TestConfig;
    app: {
      signIn(): Promise<void>;
      callApi(path?: string): Promise<number>;
      go(path: string): void;
      state(): string;
      remainingMs(): number;
      logout(): void;
      signedIn(): Promise<boolean>;
      log: LogEntry[];
      restored: string | undefined;
      ready: boolean;
      firstCall?: Promise<number>;
    };
  }
}

const cfg = window.__oidcTest;
const origin = location.origin;

const userManager = new UserManager({
  authority: cfg.authority,
  client_id: 'spa',
  redirect_uri: `${origin}/callback`,
  post_logout_redirect_uri: `${origin}/`,
  response_type: 'code',
  scope: 'openid',
  accessTokenExpiringNotificationTimeInSeconds: cfg.expiringS,
  ...(cfg.automaticSilentRenew === undefined ? {} : { automaticSilentRenew: cfg.automaticSilentRenew }),
  ...(cfg.store === 'local' ? { userStore: new WebStorageStateStore({ store: window.localStorage }) } : {}),
});

const currentToken = async (): Promise<string | undefined> => ((await userManager.getUser()) as User | null)?.access_token;

const idle = connectOidcClient(userManager, {
  timeoutMs: cfg.timeoutMs,
  warnBeforeMs: cfg.warnBeforeMs,
  ...(cfg.revokeAheadMs === undefined ? {} : { revokeAheadMs: cfg.revokeAheadMs }),
  ...(cfg.timeoutFrom
    ? {
        timeoutFrom: async () => {
          const token = await currentToken();
          const res = await fetch(`${cfg.api}/api/timeout`, { headers: { authorization: `Bearer ${token}` } });
          if (!res.ok) throw new Error(`timeout ${res.status}`);
          return ((await res.json()) as { ms: number }).ms;
        },
      }
    : {}),
  route: true,
  // Scaled down for real-time tests: the product's floor is 5 minutes.
  unsafeShortTimeouts: true,
});

const log: LogEntry[] = [];
idle.on('warning', (e) => log.push({ type: 'warning', at: Date.now(), remainingMs: e.remainingMs }));
idle.on('active', (e) => log.push({ type: 'active', at: Date.now(), remainingMs: e.remainingMs }));
idle.on('logout', (e) => log.push({ type: 'logout', at: Date.now(), reason: e.reason, lead: e.lead, endSession: e.endSession }));
idle.on('error', (e) => log.push({ type: 'error', at: Date.now(), code: e.code, ...(e.error instanceof Error ? { name: e.error.name, message: e.error.message } : {}) }));
if (cfg.removeUserOnLogout) idle.on('logout', () => void userManager.removeUser());

const callApi = async (path = '/api/me'): Promise<number> => {
  const token = await currentToken();
  try {
    const res = await fetch(`${cfg.api}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return res.status;
  } catch {
    // The SDK refuses a logged-out token's requests: no status.
    return 0;
  }
};

const view = document.getElementById('view') as HTMLElement;
const render = async () => {
  const user = await userManager.getUser();
  const signedIn = !!user && !user.expired;
  view.dataset.signedIn = String(signedIn);
  (document.getElementById('signin') as HTMLButtonElement).hidden = signedIn;
  (document.getElementById('route') as HTMLElement).textContent = location.pathname;
};

userManager.events.addUserLoaded(() => void render());
userManager.events.addUserUnloaded(() => void render());
// Signed out: show the sign-in screen. With a user store shared by the tabs, another tab may be the one removing the
// user (oidc-client-ts tells only the tab that did): the store's change shows it here.
idle.on('logout', () => void render());
if (cfg.store === 'local') addEventListener('storage', () => void render());
(document.getElementById('signin') as HTMLButtonElement).addEventListener('click', () => void userManager.signinRedirect());

const app: Window['app'] = {
  signIn: () => userManager.signinRedirect(),
  callApi,
  go(path) {
    history.pushState(null, '', path);
    void render();
  },
  state: () => idle.state,
  remainingMs: () => idle.remainingMs(),
  logout: () => idle.logout(),
  signedIn: async () => !!(await userManager.getUser()),
  log,
  restored: undefined,
  ready: false,
};
window.app = app;

async function boot() {
  if (location.pathname === '/callback') {
    await userManager.signinRedirectCallback();
    if (cfg.logoutAfterFirstCallMs !== undefined) {
      const delay = cfg.logoutAfterFirstCallMs;
      app.firstCall = callApi();
      if (delay === 0) idle.logout();
      else setTimeout(() => idle.logout(), delay);
    }
    // Land on the home screen, then go back where the person was at their last logout (if they were).
    history.replaceState(null, '', '/');
    const path = await idle.takeSavedRoute();
    if (path) {
      history.replaceState(null, '', path);
      app.restored = path;
    }
  }
  await render();
  app.ready = true;
}
void boot();
