import { bearer } from './bearer';
import type { Tap } from './tap';
import { absolute } from './url';

let native: typeof fetch | undefined;
/**
 * Set while one of our wrappers hands a request on to the fetch it wraps. A wrapper that reaches another (the
 * patched global behind `wrapFetch(() => fetch(…))`) passes the request straight through: it is checked and
 * counted once. `fetch` starts its work synchronously, so a counter is enough.
 */
let inside = 0;

/** `fetch` as it was before we patched it: our own requests (revoke, keepalive) are never refused or counted. */
export const rawFetch: typeof fetch = (input, init) => (native ?? globalThis.fetch)(input, init);

/** `original` with the taps in front: requests carrying a bearer token are offered to `send`, their status to `done`. */
export function tapFetch(original: typeof fetch, { send, done }: Tap): typeof fetch {
  return function (this: unknown, input, init) {
    // init.headers replaces a Request's headers entirely, as in fetch itself.
    const token = inside ? undefined : bearer(init?.headers ?? (input as Request).headers);
    if (!token) return original.call(this, input, init);
    // A Request's url and a URL's href are absolute already; a string is resolved as fetch resolves it.
    const url = typeof input == 'string' ? absolute(input) : ((input as Request).url ?? (input as URL).href);
    const refusal = send(token, url, (init?.method || (input as Request).method || 'GET').toUpperCase());
    if (refusal) return Promise.reject(refusal);
    let response: Promise<Response>;
    inside++;
    try {
      response = original.call(this, input, init);
    } finally {
      inside--;
    }
    response.then(
      (r) => done(token, r.status),
      () => done(token, 0),
    );
    return response;
  };
}

export function patchFetch(tap: Tap): () => void {
  const original = globalThis.fetch;
  if (typeof original !== 'function') return () => {};
  native ??= original;
  const wrapped = tapFetch(original, tap);
  globalThis.fetch = wrapped;
  // Someone may have wrapped fetch after us: then leave both in place rather than drop theirs.
  return () => void (globalThis.fetch === wrapped && (globalThis.fetch = original));
}
