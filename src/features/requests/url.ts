/**
 * A request URL as the browser sends it: resolved against the document's base URL (`<base href>` included), or
 * the worker's location, so `activity.api` patterns always see the absolute URL whichever form the client passed.
 * Without either (no DOM) or for a URL that does not parse, the URL as given: the browser will refuse it anyway.
 */
export function absolute(url: string): string {
  const base = globalThis.document?.baseURI ?? globalThis.location?.href;
  try {
    return base ? new URL(url, base).href : url;
  } catch {
    return url;
  }
}
