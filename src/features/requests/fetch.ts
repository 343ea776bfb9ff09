import { bearer } from './bearer';
import type { Tap } from './tap';
import { absolute } from './url';

let native: typeof fetch | undefined;
/**
 * Above 0 while one of our wrappers hands a request on to the fetch it wraps, or the SDK sends its own (revoke,
 * keepalive). A wrapper that reaches another (the patched global behind `wrapFetch(() => fetch(…))`) passes the
 * request straight through: it is checked and counted once. Shared by every copy of the SDK in the page (an app's
 * npm bundle and a widget's script tag), so one copy never refuses or counts the other's own requests: one copy's
 * revoke would otherwise meet the other's patch with a token it has just logged out. `fetch` starts its work
 * synchronously, so a counter is enough.
 */
const shared: { inside: number } = ((globalThis as { [k: symbol]: any })[Symbol.for('idle-logout')] ??= { inside: 0 });

/** Runs `send` (which starts a request) with every wrapper it reaches passing the request straight through. */
function inside<T>(send: () => T): T {
  shared.inside++;
  try {
    return send();
  } finally {
    shared.inside--;
  }
}

/** `fetch` as it was before we patched it, passing every copy's patch: our own requests are never refused or counted. */
export const rawFetch: typeof fetch = (input, init) => inside(() => (native ?? globalThis.fetch)(input, init));

/** `original` with the taps in front: requests carrying a bearer token are offered to `send`, their status to `done`. */
export function tapFetch(original: typeof fetch, { send, done }: Tap): typeof fetch {
  return function (this: unknown, input, init) {
    // init.headers replaces a Request's headers entirely, as in fetch itself.
    const token = shared.inside ? undefined : bearer(init?.headers ?? (input as Request).headers);
    if (!token) return original.call(this, input, init);
    // A Request's url and a URL's href are absolute already; a string is resolved as fetch resolves it.
    const url = typeof input === 'string' ? absolute(input) : ((input as Request).url ?? (input as URL).href);
    const refusal = send(token, url, (init?.method || (input as Request).method || 'GET').toUpperCase());
    if (refusal) return Promise.reject(refusal);
    const response = inside(() => original.call(this, input, init));
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
