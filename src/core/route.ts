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

/** Parameters that carry a credential: always dropped. */
const TOKENS = /^(access|id|refresh)_token$/;
/** An authorization response's parameters: dropped with its `code` (alone, `state` may be the app's own). */
const RESPONSE = /^(code|(session_)?state|iss)$/;

/**
 * `part` (a search `?…`, or a hash `#…`, whose own query may follow a hash route: `#/queues?code=…`) without the
 * parameters of an OAuth redirect: a page still showing `#access_token=…` (an implicit grant) or `?code=…&state=…`
 * is saved without them, as routes are promised to be (and going back there would replay a used code). Untouched
 * when there is nothing to drop.
 */
function withoutCredentials(part: string): string {
  // Where the parameters start: after the `?` (of the search, or of a hash route), else after the `#` of a hash that
  // is no route (`#/…`).
  const at = part.indexOf('?') + 1 || (part[1] === '/' ? 0 : 1);
  const params = new URLSearchParams(part.slice(at));
  const drop = [...params.keys()].filter((k) => TOKENS.test(k) || (params.has('code') && RESPONSE.test(k)));
  if (!at || !drop.length) return part;
  drop.forEach((k) => params.delete(k));
  const rest = String(params);
  return part.slice(0, rest ? at : at - 1) + rest;
}

/**
 * The same-origin path (`/a/b?c#d`) a route stands for, or `undefined`: routes come back from storage,
 * which is untrusted, and an app may navigate to what this returns. A same-origin absolute URL becomes its path;
 * everything else that could leave the origin (`//host`, `javascript:`, `data:`, other origins, backslashes,
 * control characters, their encoded forms, `/.//host` after normalisation) is refused. An OAuth redirect's tokens and
 * code are dropped from it (`withoutCredentials`).
 */
export function sanitizeRoute(route: unknown, origin: string): string | undefined {
  if (typeof route !== 'string' || route.length > 2048) return;
  if (route.startsWith(origin + '/')) route = route.slice(origin.length);
  if (!safe(route as string)) return;
  try {
    const url = new URL(route as string, origin);
    const path = url.pathname + withoutCredentials(url.search) + withoutCredentials(url.hash);
    if (url.origin === origin && safe(path)) return path;
  } catch {
    // not a URL
  }
}
