// The test page for README's client recipes. The recipes are imported statically, so they are evaluated (and take
// `wrapFetch(fetch)`) before this module's body creates any instance: the order ES imports give a real app.
import { createIdleLogout, isTokenLoggedOutError, TokenLoggedOutError, type IdleLogout, type ServerTimeout } from 'idle-logout';
import { auth } from './clients/auth';
import { api as axiosApi } from './clients/axios';
import { timeoutFrom as axiosTimeout } from './clients/axios.timeout';
import { timeoutFrom as fetchTimeout } from './clients/fetch.timeout';
import { api as kyApi } from './clients/ky';
import { timeoutFrom as kyTimeout } from './clients/ky.timeout';
import { api as ofetchApi } from './clients/ofetch';
import { timeoutFrom as ofetchTimeout } from './clients/ofetch.timeout';
import { api as openapiApi } from './clients/openapi-fetch';
import { timeoutFrom as openapiTimeout } from './clients/openapi-fetch.timeout';
import { me } from './clients/refused';

/** One client as the tests drive it: the README row's `timeoutFrom`, and a call to GET /api/v2/users/me resolving to its status. */
interface Client {
  timeoutFrom: () => Promise<number | ServerTimeout>;
  send: () => Promise<number>;
}

export const CLIENTS = {
  fetch: {
    timeoutFrom: fetchTimeout,
    send: async () => (await fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${auth.accessToken}` } })).status,
  },
  'openapi-fetch': { timeoutFrom: openapiTimeout, send: async () => (await openapiApi.GET('/users/me')).response.status },
  ky: { timeoutFrom: kyTimeout, send: async () => (await kyApi.get('users/me')).status },
  ofetch: { timeoutFrom: ofetchTimeout, send: async () => (await ofetchApi.raw('/users/me')).status },
  axios: { timeoutFrom: axiosTimeout, send: async () => (await axiosApi.get('/users/me')).status },
  "axios, adapter: 'fetch'": { timeoutFrom: axiosTimeout, send: async () => (await axiosApi.get('/users/me', { adapter: 'fetch' })).status },
} satisfies Record<string, Client>;
export type ClientName = keyof typeof CLIENTS;

/** What a caught error looks like, for the README table; never the token. */
export interface Caught {
  name: string;
  code?: string;
  refusal: boolean;
}
export type Sent = { status: number } | { caught: Caught };

let idle: IdleLogout | undefined;
const logouts: string[] = [];
const errors: string[] = [];

async function send(name: ClientName): Promise<Sent> {
  try {
    return { status: await CLIENTS[name].send() };
  } catch (e) {
    const err = e as { name?: string; code?: unknown };
    return { caught: { name: String(err?.name), code: typeof err?.code === 'string' ? err.code : undefined, refusal: isTokenLoggedOutError(e) } };
  }
}

const app = {
  start(name: ClientName, token: string, patch: boolean) {
    idle?.destroy();
    logouts.length = 0;
    errors.length = 0;
    auth.accessToken = token;
    idle = createIdleLogout({ getToken: () => auth.accessToken, timeoutFrom: CLIENTS[name].timeoutFrom, revoke: false, sync: false, patch });
    idle.on('logout', ({ reason }) => logouts.push(reason));
    idle.on('error', ({ code, error }) => errors.push(`${code}: ${(error as Error)?.message}`));
  },
  remainingMs: () => idle?.remainingMs() ?? -1,
  deadline: () => idle?.getSnapshot().deadline ?? -1,
  send,
  logouts: () => [...logouts],
  errors: () => [...errors],
  me,
  /**
   * A refusal from another copy of the SDK (the script-tag build, loaded beside this bundle): what this copy's
   * `isTokenLoggedOutError` and `instanceof` say about it.
   */
  async otherCopy(token: string) {
    const other = (window as unknown as { IdleLogout: typeof import('idle-logout') }).IdleLogout;
    const instance = other.createIdleLogout({ getToken: () => token, timeoutMs: 15 * 60_000, revoke: false, sync: false });
    instance.logout();
    try {
      await fetch('/api/v2/users/me', { headers: { Authorization: `Bearer ${token}` } });
      return 'sent';
    } catch (e) {
      return { name: (e as Error).name, recognised: isTokenLoggedOutError(e), instanceOfOurs: e instanceof TokenLoggedOutError };
    } finally {
      instance.destroy();
    }
  },
  stop() {
    idle?.destroy();
    idle = undefined;
  },
};
(window as unknown as { recipes: typeof app }).recipes = app;
