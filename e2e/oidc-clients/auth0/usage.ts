import { connectIdleLogout, createAuth0 } from './recipe';

const { auth0, cache } = createAuth0({ domain: 'example.auth0.com', clientId: 'my-spa', authorizationParams: { redirect_uri: `${location.origin}/callback` } });
const { accessToken, signIn, signedIn } = connectIdleLogout(auth0, cache, { timeoutMs: 30 * 60_000, ui: true });

if (location.pathname === '/callback') {
  await auth0.handleRedirectCallback();
  signedIn();
}
document.querySelector('#sign-in')?.addEventListener('click', () => void signIn());
// Every API call takes its token from accessToken().
export const me = async () => fetch('/api/me', { headers: { authorization: `Bearer ${await accessToken()}` } });
