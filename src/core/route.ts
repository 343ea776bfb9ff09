/** A scheme, `//host`, a backslash or a control character, in the route or in any of its percent-decoded forms. */
const UNSAFE = /^(?!\/)|^\/\/|[\\\0-\x1f\x7f]/;

function safe(s: string): boolean {
  // Up to three rounds of percent-decoding catch `/%2F%2Fevil`, `/%5Cevil`, `%250a`… Malformed escapes fail.
  for (let i = 0; i < 4; i++) {
    if (UNSAFE.test(s)) return false;
    try {
      if (s === (s = decodeURIComponent(s))) return true;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The same-origin path (`/a/b?c#d`) a route stands for, or `undefined`: routes come back from storage,
 * which is untrusted, and an app may navigate to what this returns. A same-origin absolute URL becomes its path;
 * everything else that could leave the origin (`//host`, `javascript:`, `data:`, other origins, backslashes,
 * control characters, their encoded forms, `/.//host` after normalisation) is refused.
 */
export function sanitizeRoute(route: unknown, origin: string): string | undefined {
  if (typeof route !== 'string' || route.length > 2048) return;
  if (route.startsWith(origin + '/')) route = route.slice(origin.length);
  if (!safe(route as string)) return;
  try {
    const url = new URL(route as string, origin);
    const path = url.pathname + url.search + url.hash;
    if (url.origin === origin && safe(path)) return path;
  } catch {
    // not a URL
  }
}
