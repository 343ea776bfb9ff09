import { createIdleLogout } from 'idle-logout';

// The instance in a module of its own, imported first by the entry module.
export const idle = createIdleLogout({ getToken: () => sessionStorage.getItem('access_token'), timeoutMs: 15 * 60_000 });
