import type { ActivitySource } from './vocabulary';

/** The last thing that counted as activity for the current token. */
export interface LastActivity {
  source: ActivitySource;
  /** For an API request: its method and absolute URL. */
  method?: string;
  url?: string;
  /** When it counted (ms since the epoch). */
  at: number;
}

/** One endpoint whose requests counted as activity: method + path, with ids collapsed. */
export interface EndpointActivity {
  /** e.g. `GET /api/v2/users/{id}/presence` (origin and query string left out). */
  endpoint: string;
  method: string;
  /** The path, with numeric, UUID-like and long hex or base64-like segments as `{id}`. */
  path: string;
  /** Requests that counted, since this token's session started (or since this endpoint entered the busiest 50). */
  count: number;
  /** When the last one counted. */
  lastAt: number;
  /** Set when the requests repeat on a regular period (≥ 4 of them, intervals within ±10 % of their median). */
  periodMs?: number;
  /** What the period suggests, e.g. "every 30 s: this looks like polling; …". */
  hint?: string;
}

/** `idle.explain()`: why the current token is still signed in. */
export interface Explanation {
  last?: LastActivity;
  /** The busiest first; at most 50. */
  endpoints: EndpointActivity[];
}
