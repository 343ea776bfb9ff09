import { IdleRequestError } from '../errors/idle-request-error';
import type { IdleLogoutOptions } from '../types/options';
import type { Runtime } from '../types/runtime';
import { rawFetch } from './requests/fetch';

/** One token to revoke and its RFC 7009 `token_type_hint` (empty for Genesys Cloud's bearer-token form). */
export type Revocation = [token: string, hint: string];

/** Tries in all; the wait before the next doubles from 2 s. */
const TRIES = 5;

/**
 * Sending a logout's revocations (read by `revoke.ts`), in a chunk loaded as the instance starts: when they are
 * needed, the network may be gone. Sent once per sign-in session: by the tab that acts (`rt.acts()`), or, for a
 * logout while the tabs' election is under way, by this tab if it is elected within a moment (else the elected tab
 * acts on the logout it hears). Genesys Cloud's form sends the token as a bearer (`DELETE url`); the OAuth form posts each
 * token to the revocation endpoint, the refresh token first, and one's failure does not skip the other. A revocation that failed where it may later succeed (no network, a 408, 429 or
 * 5xx) is sent again from this tab: at once when the network comes back (`online`), else after 2, 4, 8, 16 s; five
 * tries in all. Only while that sign-in's token is not signed in here again (dropped or replaced, it is still
 * revoked). A 401 means the server dropped it already; any other 4xx will not change. The last failure is reported
 * (`revoke`) as an `IdleRequestError`: its `status` (0: no answer) and `url`.
 */
export function start(rt: Runtime, option: Exclude<IdleLogoutOptions['revoke'], false | undefined>) {
  const oauth = 'oauth' in option && option.oauth;
  const url = oauth ? oauth.endpoint : (option as { url: string }).url;
  // keepalive: outlives a tab that is closing as it logs out. A form body is a simple request (no CORS preflight).
  const send = ([token, hint]: Revocation) =>
    rawFetch(
      url,
      oauth
        ? { method: 'POST', body: new URLSearchParams({ token, token_type_hint: hint || 'access_token', client_id: oauth.clientId }), keepalive: true }
        : { method: (option as { method?: string }).method || 'DELETE', headers: { Authorization: `Bearer ${token}` }, keepalive: true },
    );
  /** How to stop each pending retry. */
  const pending = new Set<() => void>();

  function settle(token: string, r: Revocation, sent: Promise<Response>, tries = 0): void {
    let timer: ReturnType<typeof setTimeout>;
    const stop = () => (clearTimeout(timer), removeEventListener('online', again), pending.delete(stop));
    function again(): void {
      stop();
      const s = rt.token() === token && rt.session();
      if (!s || s.state === 'logged-out') settle(token, r, send(r), tries);
    }
    const retry = (error: unknown) =>
      ++tries < TRIES ? (pending.add(stop), addEventListener('online', again), (timer = setTimeout(again, 1e3 * 2 ** tries))) : rt.fail('revoke', error);
    sent.then(
      (res) => {
        const error = new IdleRequestError('revoke', url, res.status);
        if (res.status > 499 || res.status === 408 || res.status === 429) retry(error);
        else if (!res.ok && res.status !== 401) rt.fail('revoke', error);
      },
      // No answer (offline, refused, CORS): status 0, and what the browser said as the cause.
      (cause) => retry(new IdleRequestError('revoke', url, 0, cause)),
    );
  }

  /** A logout seen while the election was under way: what it revokes, and when. */
  let owed: [string, Revocation[], number] | undefined;

  /**
   * Sends `all` for the session whose token was `token`, in order (the refresh token first) and at once, each retried
   * on its own: waiting for one answer before the next would let the last arrive after the server's deadline.
   */
  function act(token: string, all: Revocation[]): void {
    owed = undefined;
    for (const r of all) if (r[0]) settle(token, r, send(r));
  }

  // The election decided after a logout seen while undecided: elected soon after, nobody else acted for this tab's
  // session; another tab elected acts on the logout it heard.
  const off = rt.onChange((_, __, event) => {
    if (event?.type !== 'decided') return;
    if (owed && rt.now() - owed[2] < 5000 && rt.acts()) act(owed[0], owed[1]);
    owed = undefined;
  });
  return {
    /** A logout (`acts`: `rt.acts()` then, `null` while undecided), at `at`. */
    logout(token: string, all: Revocation[], acts: boolean | null, at: number): void {
      if (acts) return act(token, all);
      owed = [token, all, at];
      // Still undecided a second on: no elected tab answered this one (it would have at once), so none is there to
      // act. A second revoke is harmless; a missing one is not.
      const mine = owed;
      setTimeout(() => owed === mine && rt.acts() !== false && act(token, all), 1000);
    },
    stop: () => (off(), pending.forEach((f) => f())),
  };
}
