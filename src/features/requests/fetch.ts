import { bearer } from './bearer';
import type { Tap } from './tap';

let native: typeof fetch | undefined;

/** `fetch` as it was before we patched it: our own requests (revoke, keepalive) are never refused or counted. */
export const rawFetch: typeof fetch = (input, init) => (native ?? globalThis.fetch)(input, init);

export function patchFetch({ send, done }: Tap): () => void {
  const original = globalThis.fetch;
  if (typeof original !== 'function') return () => {};
  native ??= original;
  const wrapped: typeof fetch = function (this: unknown, input, init) {
    // init.headers replaces a Request's headers entirely, as in fetch itself.
    const token = bearer(init?.headers ?? (typeof input === 'object' && 'headers' in input ? input.headers : undefined));
    if (!token) return original.call(this, input, init);
    const refusal = send(token, typeof input === 'string' ? input : 'url' in input ? input.url : input.href);
    if (refusal) return Promise.reject(refusal);
    const response = original.call(this, input, init);
    response.then(
      (r) => done(token, r.status),
      () => done(token, 0),
    );
    return response;
  };
  globalThis.fetch = wrapped;
  // Someone may have wrapped fetch after us: then leave both in place rather than drop theirs.
  return () => void (globalThis.fetch === wrapped && (globalThis.fetch = original));
}
