import { urlFilter } from '../../core/url-match';
import type { Feature } from '../../types/runtime';
import { absolute } from './url';

/** Requests to the API the SDK saw, after which the setup is taken to be right and the check ends. */
const ENOUGH = 20;
/** Distinct URLs remembered while checking; past this many the check ends too (memory stays bounded). */
const MAX_URLS = 256;

/**
 * The hint for a client that bound `fetch` or XHR before the instance existed (README "Create it before any HTTP
 * client"): its requests reach the server without passing the SDK, so they do not count, a `401` does not log out and
 * a logged-out token is not refused. The browser's resource timing lists every fetch/XHR the page made; one to an API
 * URL that the SDK did not see is reported once through `error` (`unseen-requests`), naming the URL and the fix.
 *
 * Resource timing does not show headers, so "carried the token" is inferred: a fetch/XHR started after this check
 * began, while a token is held, that `activity.api` would count, to an API URL: under `/api/` or on an `api.` host, or
 * matching `activity.api.include`, or beside (same origin and first path segment) a request the SDK saw with the
 * token. The SDK's own requests (revoke, keepalive, server clock) are left out. Lazy, and nothing is added per request
 * but remembering the URL of a counted one, until enough API requests were all seen: then it stops.
 */
export const start: Feature = (rt) => {
  if (typeof PerformanceObserver !== 'function' || !PerformanceObserver.supportedEntryTypes?.includes('resource')) return;
  const api = rt.options.activity?.api;
  const counts = urlFilter(api);
  const include = typeof api === 'object' && !!api.include;
  const { revoke, keepalive, serverClock } = rt.options;
  const own = new Set([revoke && ('url' in revoke ? revoke.url : revoke.oauth.endpoint), keepalive?.url, serverClock?.url].filter((u) => !!u).map((u) => absolute(u as string)));
  /** Absolute URLs of requests the SDK saw with the token, and their origin + first path segment. */
  const seen = new Set<string>();
  const near = new Set<string>();
  const since = performance.now();
  let fine = 0;

  const area = (url: string) => /^[^:]+:\/\/[^/]+\/[^/?#]*/.exec(url)?.[0];
  const apiLike = (url: string) => include || /^[^:]+:\/\/(api\.[^/]+|[^/]+\/api\/)/i.test(url) || near.has(area(url)!);

  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceResourceTiming[]) {
      const url = e.name;
      if (e.startTime < since || (e.initiatorType !== 'fetch' && e.initiatorType !== 'xmlhttprequest')) continue;
      // Seen first: `activity.api` may be the app's own functions, asked once per request already.
      if (seen.has(url)) {
        if (++fine >= ENOUGH) return stop();
        continue;
      }
      if (!rt.session() || own.has(url) || !counts(url) || !apiLike(url)) continue;
      stop();
      return rt.fail(
        'unseen-requests',
        Object.assign(
          Error(
            `idle-logout did not see a ${e.initiatorType} request to ${url}: a client that took fetch or XMLHttpRequest before createIdleLogout ran sends past it (not counted, a 401 does not log out, a logged-out token is not refused). Create the instance in a module imported first, or give the client wrapFetch(fetch).`,
          ),
          { url },
        ),
      );
    }
  });
  const off = rt.on('activity', ({ url }) => {
    // An app calls the same URLs again and again: a known one costs one lookup.
    if (!url || seen.has(url)) return;
    seen.add(url);
    near.add(area(url)!);
    if (seen.size > MAX_URLS) stop();
  });
  function stop() {
    observer.disconnect();
    off();
  }
  observer.observe({ type: 'resource' });
  return { stop };
};
