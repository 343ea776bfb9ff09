/** Recent resolutions against the current base: `new URL` per request would be most of the hot path's cost. */
const cache = new Map<string, string>();
let cachedBase: string | undefined;

/**
 * A request URL as the browser sends it: resolved against the document's base URL (`<base href>` included), or
 * the worker's location, so `activity.api` patterns always see the absolute URL whichever form the client passed.
 * Without either (no DOM) or for a URL that does not parse, the URL as given: the browser will refuse it anyway.
 */
export function absolute(url: string): string {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  if (!base) return url;
  // A new page URL (an SPA navigation) may resolve the same relative URL elsewhere: start over.
  if (base !== cachedBase) cache.clear(), (cachedBase = base);
  let resolved = cache.get(url);
  if (resolved === undefined) {
    try {
      resolved = new URL(url, base).href;
    } catch {
      resolved = url;
    }
    // Bounded: ids in URLs make every request's URL new.
    if (cache.size >= 256) cache.clear();
    cache.set(url, resolved);
  }
  return resolved;
}
