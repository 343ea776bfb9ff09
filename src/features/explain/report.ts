import type { EndpointActivity } from '../../types/explain';

/**
 * Counted requests as the hot path stored them: request `i`'s method and absolute URL at `calls[2i]` and
 * `calls[2i + 1]`, its time at `times[i]` (numbers apart from strings stay unboxed: storing one allocates nothing).
 */
export interface Hits {
  calls: string[];
  times: number[];
}

/** How many endpoints are kept, and how many recent intervals per endpoint. */
const MAX_ENDPOINTS = 50;
const INTERVALS = 8;

/** A path segment that names one thing rather than a kind: numbers, UUIDs, long hex, base64-ish tokens. */
const ID = /^(\d+|[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}|[\da-f]{16,}|(?=.*\d)(?=.*[a-z])[\w+~-]{20,}=*)$/i;

/** `GET /api/v2/users/{id}/presence` for any user: the path without origin and query, ids collapsed. */
export function endpointPath(url: string): string {
  let path = url;
  try {
    path = new URL(url, 'http://x').pathname;
  } catch {
    /* keep it as given */
  }
  return path
    .split('/')
    .map((s) => (ID.test(s) ? '{id}' : s))
    .join('/');
}

const seconds = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** The regular period of these intervals, if there is one: at least 3 (4 hits), all within ±10 % of their median. */
export function period(intervals: number[]): number | undefined {
  if (intervals.length < 3) return;
  const sorted = [...intervals].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return median > 0 && intervals.every((i) => Math.abs(i - median) <= median / 10) ? median : undefined;
}

interface Endpoint {
  method: string;
  path: string;
  count: number;
  lastAt: number;
  intervals: number[];
  /** Replaced by a busier endpoint. */
  gone?: boolean;
}

/**
 * The endpoints that counted for one token, folded from the hot path's stored hits. Bounded: the 50 busiest, each
 * with a count, its last time and its last 8 intervals; a new endpoint replaces the least busy one.
 */
export function endpoints() {
  const byKey = new Map<string, Endpoint>();
  /** URL → endpoint path: a page calls the same few URLs again and again, and parsing one is most of a fold's cost. */
  const paths = new Map<string, string>();
  /** URL → the endpoint its last hit counted for: the same request again costs one lookup (full batches fold at once, in a request's task). */
  const lastOf = new Map<string, Endpoint>();
  return {
    /** Folds requests `from` up to `to` of `hits`. */
    add({ calls, times }: Hits, from = 0, to = times.length): void {
      for (let i = from; i < to; i++) {
        const method = calls[2 * i];
        const url = calls[2 * i + 1];
        const at = times[i];
        let e = lastOf.get(url);
        if (!e || e.method !== method || e.gone) {
          let path = paths.get(url);
          if (path === undefined) {
            if (paths.size >= 256) paths.clear(), lastOf.clear();
            paths.set(url, (path = endpointPath(url)));
          }
          const key = `${method} ${path}`;
          e = byKey.get(key);
          if (!e) {
            if (byKey.size >= MAX_ENDPOINTS) {
              let least: Endpoint | undefined;
              for (const x of byKey.values()) if (!least || x.count < least.count) least = x;
              byKey.delete(`${least!.method} ${least!.path}`);
              least!.gone = true;
            }
            byKey.set(key, (e = { method, path, count: 0, lastAt: at, intervals: [] }));
          }
          lastOf.set(url, e);
        }
        if (e.count) {
          // The last INTERVALS, moved along in place (nothing allocated: a full batch folds in a request's task).
          const iv = e.intervals;
          if (iv.length < INTERVALS) iv.push(at - e.lastAt);
          else iv.copyWithin(0, 1), (iv[INTERVALS - 1] = at - e.lastAt);
        }
        e.count++;
        e.lastAt = at;
      }
    },
    report(): EndpointActivity[] {
      return [...byKey.values()]
        .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
        .map(({ method, path, count, lastAt, intervals }) => {
          const periodMs = period(intervals);
          const e: EndpointActivity = { endpoint: `${method} ${path}`, method, path, count, lastAt };
          if (periodMs) {
            e.periodMs = periodMs;
            e.hint = `every ${seconds(periodMs)}: this looks like polling; activity.api.exclude it if it is not the person's work`;
          }
          return e;
        });
    },
  };
}
