import type { Runtime } from '../types/runtime';

/** Tries in all; the wait before the next doubles from 2 s. */
const TRIES = 5;

/**
 * A revoke's retries (see `revoke.ts`), in a chunk loaded as the instance starts: when they are needed, the
 * network may be gone. A revoke that failed where it may later succeed (no network, a 408, 429 or 5xx) is sent
 * again from this tab: at once when the network comes back (`online`), else after 2, 4, 8, 16 s; five tries in
 * all. Only while that token is not signed in here again (dropped or replaced, it is still revoked). A 401 means
 * the server dropped it already; any other 4xx will not change. The last failure is reported (`revoke`).
 */
export function start(rt: Runtime, send: (token: string) => Promise<Response>) {
  /** How to stop each token's pending retry. */
  const pending = new Set<() => void>();

  function settle(token: string, sent: Promise<Response>, tries = 0): void {
    let timer: ReturnType<typeof setTimeout>;
    const stop = () => (clearTimeout(timer), removeEventListener('online', again), pending.delete(stop));
    function again(): void {
      stop();
      const s = rt.token() === token && rt.session();
      if (!s || s.state == 'logged-out') settle(token, send(token), tries);
    }
    const retry = (error: unknown) =>
      ++tries < TRIES ? (pending.add(stop), addEventListener('online', again), (timer = setTimeout(again, 1e3 * 2 ** tries))) : rt.fail('revoke', error);
    sent.then((r) => {
      const error = Error('revoke: HTTP ' + r.status);
      if (r.status > 499 || r.status == 408 || r.status == 429) retry(error);
      else if (!r.ok && r.status != 401) rt.fail('revoke', error);
    }, retry);
  }

  return { settle, stop: () => pending.forEach((f) => f()) };
}
