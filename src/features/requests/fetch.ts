import { noop } from '../../utils/noop';
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

/** Calls `f` (which starts a request) with every wrapper it reaches passing the request straight through; no closure. */
function inside(f: typeof fetch, self: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  shared.inside++;
  try {
    return f.call(self, input, init);
  } finally {
    shared.inside--;
  }
}

/** `fetch` as it was before we patched it, passing every copy's patch: our own requests are never refused or counted. */
export const rawFetch: typeof fetch = (input, init) => inside(native ?? globalThis.fetch, undefined, input, init);

/**
 * `original` with `slot.tap` in front: requests carrying a bearer token are offered to its `send` (which may refuse
 * or hold them), a `401` to its `done`. Without a tap (a patch undone while another library's wrapper sat on top of
 * it) every request passes straight through. Per request nothing is allocated but the promise that watches the status.
 */
function tapped(original: typeof fetch, slot: { tap?: Tap }): typeof fetch {
  /** The status watcher for the last token seen: one closure per token, not one per request. */
  let watched: string | undefined;
  let watch: (r: Response) => unknown;
  const wrapper = function (this: unknown, input, init) {
    const tap = slot.tap;
    // init.headers replaces a Request's headers entirely, as in fetch itself.
    const token = shared.inside || !tap ? undefined : bearer(init?.headers ?? (input as Request).headers);
    if (!token) return original.call(this, input, init);
    // A Request's url and a URL's href are absolute already; a string is resolved as fetch resolves it.
    const url = typeof input === 'string' ? absolute(input) : ((input as Request).url ?? (input as URL).href);
    const verdict = tap!.send(token, url, (init?.method || (input as Request).method || 'GET').toUpperCase());
    if (verdict instanceof Error) return Promise.reject(verdict);
    // Held: then asked again from the start (the session may have been logged out meanwhile).
    if (verdict) return verdict.then(() => wrapper.call(this, input, init));
    if (token !== watched) watch = (r) => r.status === 401 && tap!.done(token, 401);
    watched = token;
    const response = inside(original, this, input, init);
    response.then(watch, noop);
    return response;
  } as typeof fetch;
  return wrapper;
}

/** `original` with `tap` in front (`wrapFetch`, a worker's fetch). */
export const tapFetch = (original: typeof fetch, tap: Tap): typeof fetch => tapped(original, { tap });

/**
 * Puts `tap` in front of the global `fetch`. Undone, it restores the global only while ours is still on top: under
 * another library's later wrapper (an error tracker, a RUM agent), removing ours would drop theirs, so ours stays in
 * their chain, passing everything through. A later patch wraps anew on top: a request is still counted once.
 */
export function patchFetch(tap: Tap): () => void {
  const original = globalThis.fetch;
  if (typeof original !== 'function') return noop;
  native ??= original;
  const slot: { tap?: Tap } = { tap };
  const wrapped = (globalThis.fetch = tapped(original, slot));
  return () => {
    slot.tap = undefined;
    if (globalThis.fetch === wrapped) globalThis.fetch = original;
  };
}
