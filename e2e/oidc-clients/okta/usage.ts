import { connectIdleLogout, createOktaAuth, gateRenewals } from './recipe';

const authClient = createOktaAuth({ issuer: 'https://example.okta.com/oauth2/default', clientId: 'my-spa', redirectUri: `${location.origin}/callback` });
const { idle, signIn, signedIn } = connectIdleLogout(authClient, { timeoutMs: 30 * 60_000, ui: true });
gateRenewals(authClient, idle);

if (location.pathname === '/callback') {
  const { tokens } = await authClient.token.parseFromUrl();
  authClient.tokenManager.setTokens(tokens);
  signedIn();
}
await authClient.start();
document.querySelector('#sign-in')?.addEventListener('click', () => void signIn());
