/**
 * Whether `err` is the SDK's refusal of a logged-out token, or wraps one: HTTP clients and frameworks rethrow it
 * inside their own errors (`cause` for fetch-based clients such as ky, ofetch and axios's fetch adapter, the XHR
 * `error` event's `error` for axios's XHR adapter, `error` / `error.error` for Angular's HttpErrorResponse).
 *
 * It looks for the name, not `instanceof`: a page can hold two copies of the SDK (an npm bundle and the script tag),
 * each with its own `TokenLoggedOutError` class, and a refusal from either must be recognised.
 */
export function isTokenLoggedOutError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  // Breadth-first over the few places wrappers keep the original, bounded: cause chains can be cyclic.
  while (queue.length && seen.size < 32) {
    const e = queue.shift();
    if (e == null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const o = e as { name?: unknown; cause?: unknown; error?: unknown; event?: unknown };
    if (o.name === 'TokenLoggedOutError') return true;
    queue.push(o.cause, o.error, o.event);
  }
  return false;
}
