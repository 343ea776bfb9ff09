import { TokenLoggedOutError } from '../errors/token-logged-out-error';
import { bearer } from '../features/requests/bearer';
import { tapFetch } from '../features/requests/fetch';
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
 * with a new token, well under a millisecond) that request waits. Returns `disconnect()`, which undoes it all.
 */
export function connectWorker(): () => void {
  if (typeof BroadcastChannel !== 'function') return () => {};
  const channel = new BroadcastChannel(WORKER_CHANNEL);
  const post = (m: WorkerMessage) => channel.postMessage(m);
  /** token → hash, memory only; and the hashes pages have logged out. */
  const hashes = new Map<string, string>();
  const dead = new Map<string, LogoutReason>();
  channel.onmessage = ({ data }) => {
    const m = parseWorkerMessage(data);
    if (m?.type === 'logged-out') dead.set(m.hash, m.reason);
  };
  const learn = (token: string) =>
    hashToken(token).then((hash) => {
      if (hashes.size > 16) hashes.clear();
      hashes.set(token, hash);
    });

  const tap: Tap = {
    send(token, url, method) {
      const hash = hashes.get(token);
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
  // A request whose token is not hashed yet waits for the hash (a failed hash: it goes unseen, as without us).
  const later = <T>(token: string | undefined, go: () => T): T | Promise<T> =>
    token && !hashes.has(token) ? learn(token).then(go, go) : go();

  const undo: (() => void)[] = [() => channel.close()];
  const original = globalThis.fetch;
  if (typeof original === 'function') {
    const tapped = tapFetch(original, tap);
    const wrapped: typeof fetch = function (this: unknown, input, init) {
      return later(bearer(init?.headers ?? (input as Request).headers), () => tapped.call(this, input, init)) as Promise<Response>;
    };
    globalThis.fetch = wrapped;
    undo.push(() => void (globalThis.fetch === wrapped && (globalThis.fetch = original)));
  }
  if (typeof XMLHttpRequest === 'function') {
    undo.push(patchXhr(tap));
    const proto = XMLHttpRequest.prototype;
    const { setRequestHeader, send } = proto;
    const tokens = new WeakMap<XMLHttpRequest, string>();
    proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      const token = name.toLowerCase() === 'authorization' ? bearer([[name, value]]) : undefined;
      if (token) tokens.set(this, token);
      return setRequestHeader.call(this, name, value);
    };
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      void later(tokens.get(this), () => send.call(this, body));
    };
    const ours = proto.send;
    // Restored before the inner patch (undo runs in reverse), and only while still ours.
    undo.push(() => void (proto.send === ours && Object.assign(proto, { setRequestHeader, send })));
  }
  post({ v: 1, type: 'hello' });
  return () => undo.reverse().forEach((u) => u());
}
