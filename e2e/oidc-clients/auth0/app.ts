// The auth0-spa-js test app: the recipe (recipe.ts, quoted in docs/oidc-clients.md) wired to the test's provider.
// Drives and reports for the specs.
import { callApi, record, type LogEntry } from '../shared/harness';
import { connectIdleLogout, createAuth0 } from './recipe';

const cfg = window.__clientsTest;
const { auth0, cache } = createAuth0({
  // auth0-spa-js builds /authorize, /oauth/token, /oauth/revoke and /v2/logout from `domain` (with a protocol here:
  // the test's provider speaks http on 127.0.0.1) and expects ID tokens from `${domain}/`.
  domain: cfg.origin,
  clientId: cfg.clientId,
  authorizationParams: { redirect_uri: `${location.origin}/callback` },
});

// Scaled down for real-time tests: the product's floor is 5 minutes.
const { idle, accessToken, signIn, signedIn } = connectIdleLogout(auth0, cache, { timeoutMs: cfg.timeoutMs, warnBeforeMs: cfg.warnBeforeMs, unsafeShortTimeouts: true });

const log: LogEntry[] = [];
record(idle, log);
document.getElementById('signin')?.addEventListener('click', () => void signIn());

window.clientsApp = {
  ready: false,
  log,
  signIn,
  signedIn: () => !!cache.current,
  callApi: async () => callApi(cfg.api, await accessToken().catch(() => undefined)),
  // A background job's token fetch (no API call follows): a renewal only where the gate allows it.
  async renew() {
    const allowed = idle.canRenew();
    log.push({ type: allowed ? 'renew-allowed' : 'renew-refused', at: Date.now() });
    await accessToken().catch(() => undefined);
    return allowed;
  },
  state: () => idle.state,
  canRenew: () => idle.canRenew(),
  extend: () => idle.extend(),
};

async function boot() {
  if (location.pathname === '/callback') {
    await auth0.handleRedirectCallback();
    signedIn();
    history.replaceState(null, '', '/');
  }
  window.clientsApp.ready = true;
}
void boot();
