import { isTokenLoggedOutError } from 'idle-logout';
import { api } from './ky';

/** The signed-in user, or `undefined` once the token is logged out: the logout handler is already showing sign-in. */
export async function me(): Promise<{ id: string; name: string } | undefined> {
  try {
    return await api.get('users/me').json();
  } catch (err) {
    if (isTokenLoggedOutError(err)) return undefined;
    throw err;
  }
}
