import { TokenLoggedOutError } from '../errors/token-logged-out-error';
import { patchFetch } from '../features/requests/fetch';
import type { Tap } from '../features/requests/tap';
import { patchXhr } from '../features/requests/xhr';
import type { LogoutReason } from '../types/vocabulary';
import { hashToken } from '../utils/hash';
import { parseWorkerMessage, WORKER_CHANNEL, type WorkerMessage } from './protocol';

export { TokenLoggedOutError };

/**
 * `idle-logout/worker`: call `connectWorker()` once inside a dedicated worker that sends API requests. It patches
 * the worker's `fetch` and `XMLHttpRequest`: a request carrying a token is reported to the page's instance (which
 * needs `workers: true`) as activity, by the token's hash, over a same-origin BroadcastChannel; a `401` is reported
 * too (the page logs out); and once any page of the origin has logged that token out, the worker refuses it with
 * `TokenLoggedOutError`, as the page does. Each token is hashed once; until its hash is known (the first request
 * with a new token, well under a millisecond) that request waits (a synchronous XHR cannot: it goes unseen). Returns
 * `disconnect()`, which undoes it all.
 */
export function connectWorker(): () => void {
  if (typeof BroadcastChannel !== 'function') return () => {};
  const channel = new BroadcastChannel(WORKER_CHANNEL);
  const post = (m: WorkerMessage) => channel.postMessage(m);
  /** token → hash ('' where hashing failed: that token goes unseen, as without us), memory only; and the hashes pages have logged out. */
  const hashes = new Map<string, string>();
  const dead = new Map<string, LogoutReason>();
  channel.onmessage = ({ data }) => {
    const m = parseWorkerMessage(data);
    if (m?.type === 'logged-out') dead.set(m.hash, m.reason);
  };
  const learn = (token: string) =>
    hashToken(token)
      .catch(() => '')
      .then((hash) => {
        if (hashes.size > 16) hashes.clear();
        hashes.set(token, hash);
      });

  // The same patches as the page's: a request whose token is not hashed yet is held until it is, then asked again.
  const tap: Tap = {
    send(token, url, method) {
      const hash = hashes.get(token);
      if (hash === undefined) return learn(token);
      if (!hash) return;
      const reason = dead.get(hash);
      if (reason) return new TokenLoggedOutError(reason);
      post({ v: 1, type: 'activity', hash, method, url });
    },
    done(token, status) {
      const hash = hashes.get(token);
      if (status === 401 && hash) post({ v: 1, type: 'unauthorized', hash });
    },
  };
  const undo = [patchFetch(tap), patchXhr(tap)];
  post({ v: 1, type: 'hello' });
  return () => {
    undo.forEach((u) => u());
    channel.close();
  };
}
