// The okta-auth-js test app: the recipe (recipe.ts, quoted in docs/oidc-clients.md) wired to the test's provider, or
// (`oktaDefaults`) okta-auth-js with its defaults and autoRenew off, no renewal gate. Drives and reports for the specs.
import { OktaAuth } from '@okta/okta-auth-js';
import { callApi, record, type LogEntry } from '../shared/harness';
import { connectIdleLogout, createOktaAuth, gateRenewals } from './recipe';

const cfg = window.__clientsTest;
const options = {
  issuer: cfg.origin,
  clientId: cfg.clientId,
  redirectUri: `${location.origin}/callback`,
  // A provider other than Okta: its endpoints by name (an Okta org needs only `issuer`).
  authorizeUrl: `${cfg.origin}/authorize`,
  tokenUrl: `${cfg.origin}/oauth/token`,
  revokeUrl: `${cfg.origin}/oauth/revoke`,
  logoutUrl: `${cfg.origin}/v2/logout`,
  userinfoUrl: `${cfg.origin}/userinfo`,
};
const authClient = cfg.oktaDefaults
  ? new OktaAuth({ ...options, scopes: ['openid', 'profile', 'offline_access'], tokenManager: { autoRenew: false } })
  : createOktaAuth(options);

// Scaled down for real-time tests: the product's floor is 5 minutes.
const { idle, signIn, signedIn } = connectIdleLogout(authClient, { timeoutMs: cfg.timeoutMs, warnBeforeMs: cfg.warnBeforeMs, unsafeShortTimeouts: true });
const renew = cfg.oktaDefaults ? () => false : gateRenewals(authClient, idle);

const log: LogEntry[] = [];
record(idle, log);
authClient.tokenManager.on('removed', () => log.push({ type: 'removed', at: Date.now() }));
// The library's own expiry: whether the gate lets the renewal go ahead at that moment.
authClient.tokenManager.on('expired', () => log.push({ type: idle.canRenew() ? 'expired-renewable' : 'expired-gated', at: Date.now() }));
document.getElementById('signin')?.addEventListener('click', () => void signIn());

window.clientsApp = {
  ready: false,
  log,
  signIn,
  signedIn: () => !!authClient.tokenManager.getTokensSync().accessToken,
  callApi: () => callApi(cfg.api, authClient.tokenManager.getTokensSync().accessToken?.accessToken),
  async renew() {
    const went = renew();
    log.push({ type: went ? 'renew-allowed' : 'renew-refused', at: Date.now() });
    return went;
  },
  state: () => idle.state,
  canRenew: () => idle.canRenew(),
  extend: () => idle.extend(),
};

async function boot() {
  if (location.pathname === '/callback') {
    const { tokens } = await authClient.token.parseFromUrl();
    authClient.tokenManager.setTokens(tokens);
    signedIn();
    history.replaceState(null, '', '/');
  }
  await authClient.start();
  window.clientsApp.ready = true;
}
void boot();
