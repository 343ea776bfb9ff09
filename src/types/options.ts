import type { Explanation } from './explain';
import type { HeartbeatOptions, KeepaliveOptions, ServerClockOptions } from './frames';
import type { DraftOptions, RouteOptions, ScheduleOptions } from './memory';
import type { UiOptions } from './ui';
import type { ActivitySource, ErrorCode, IdleLogoutErrorCode, IdleState, LogoutReason } from './vocabulary';

export type { ActivitySource, ErrorCode, IdleLogoutErrorCode, IdleState, LogoutReason };

/** A URL test: a substring, a RegExp, or a predicate over the absolute request URL. */
export type UrlPattern = string | RegExp | ((url: string) => boolean);

/** The shape of Genesys Cloud's `GET /api/v2/tokens/timeout`. */
export interface ServerTimeout {
  enableIdleTokenTimeout?: boolean;
  /** The org default: 300–28,800 s (at most 900 with HIPAA). */
  idleTokenTimeoutSeconds?: number;
  /** Whether groups of users have their own timeouts (`inactivityTimeoutGroupBundles`). */
  inactivityTimeoutGroupsEnabled?: boolean;
  /** Up to five bundles; a person in several gets the one with the lowest `priority` number. */
  inactivityTimeoutGroupBundles?: TimeoutBundle[];
}

/** One group timeout: the people in any of `groups` get `timeoutSeconds`, if no bundle of a lower priority number matches. */
export interface TimeoutBundle {
  /** 1–5, unique: the lowest number wins. */
  priority: number;
  /** 300–28,800 s; HIPAA's 900 s cap applies to every bundle. */
  timeoutSeconds: number;
  /** Group ids. */
  groups: string[];
  /** How an admin page shows it; ignored here. */
  inactivityTimeoutUnit?: 'Minutes' | 'Hours';
}

export interface ActivityOptions {
  /**
   * Requests carrying the token count as activity. `{ include, exclude }` filters by URL (substring, RegExp or
   * predicate, over the absolute URL), so background polling can be left out.
   * @default true
   * @example api: { exclude: ['/analytics/', /\/presence$/] }
   */
  api?: boolean | { include?: UrlPattern[]; exclude?: UrlPattern[] };
  /**
   * Keyboard, pointer, wheel, touch and a tab becoming visible count. `{ events, throttleMs }` (default 1000 ms) tune it.
   * @default false
   * @example input: { events: ['keydown', 'pointerdown'], throttleMs: 2000 }
   */
  input?: boolean | { events?: string[]; throttleMs?: number };
  /**
   * Heartbeats posted by an allowed host page count (see `heartbeat`).
   * @default true
   */
  heartbeat?: boolean;
}

export interface IdleLogoutOptions {
  /**
   * The current access token, or null/undefined while signed out. Called often: keep it cheap. Required.
   * @example getToken: () => sessionStorage.getItem('access_token')
   */
  getToken: () => string | null | undefined;
  /**
   * The sign-in session a token belongs to, for apps whose access tokens rotate (OpenID Connect): the ID token's
   * `sid`, or the app's own sign-in id. Tokens of one session share one idle clock, one warning, one logout, one
   * revoke and one `lead` across tabs, even when each tab holds its own token; a renewal in any tab keeps the clock.
   * Without it the token is its own session (Genesys Cloud). Session ids never leave memory (hashed).
   * A new sign-in must give a new id (a provider may keep its `sid` across `prompt=login`: add `auth_time`).
   * @default the token itself
   * @example sessionOf: () => claims && `${claims.sid} ${claims.auth_time}`
   */
  sessionOf?: (token: string) => string | undefined;
  /**
   * Whether a new token from `getToken()` is a silent renewal of the same sign-in (then the idle clock carries over)
   * rather than a new sign-in (a fresh clock).
   * @default never
   * @deprecated Use `sessionOf`: `sameSession` joins renewals in one tab only, so tabs renewing on their own each
   * keep their own clock. Migration: `sessionOf: (token) => <the sign-in id the token belongs to>`.
   */
  sameSession?: (previous: string, next: string) => boolean;
  /**
   * The org's idle timeout: 300,000 (5 min) to 28,800,000 (8 h); at most 900,000 (15 min) with `hipaa`.
   * @default none (then `timeoutFrom` is required)
   * @example timeoutMs: 30 * 60_000
   */
  timeoutMs?: number;
  /**
   * Reads the timeout, e.g. from `GET /api/v2/tokens/timeout`: milliseconds or the server's shape. Until it answers
   * (and while it fails) the shortest timeout the API allows holds.
   * @default none
   * @example timeoutFrom: () => api.get('tokens/timeout').json<ServerTimeout>()
   */
  timeoutFrom?: () => Promise<number | ServerTimeout>;
  /**
   * The person's group ids (Genesys Cloud: `GET /api/v2/users/me?expand=groups` → `groups[].id`), for orgs with
   * group timeouts (`inactivityTimeoutGroupBundles` in what `timeoutFrom` returns): the matching bundle with the
   * lowest priority number sets the timeout, no match the org default. Until it answers (or if it fails) the
   * shortest timeout that may apply holds, so the page never keeps a token the server may already have dropped.
   * @default none
   * @example groups: async () => (await api.get('users/me?expand=groups').json<Me>()).groups.map((g) => g.id)
   */
  groups?: () => string[] | Promise<string[]>;
  /**
   * HIPAA orgs may not exceed a 15 minute timeout.
   * @default false
   */
  hipaa?: boolean;
  /**
   * How long before the logout the `warning` comes: at least 20 s, less than the timeout. Half the timeout when that
   * is less than 60 s, which only a timeout under 2 min can make (`unsafeShortTimeouts`).
   * @default 60000 (half the timeout if that is less: only with `unsafeShortTimeouts`)
   * @example warnBeforeMs: 2 * 60_000
   */
  warnBeforeMs?: number;
  /**
   * What counts as activity: requests with the token, input, host heartbeats.
   * @default { api: true, input: false, heartbeat: true }
   * @example activity: { api: { exclude: ['/api/v2/analytics/'] }, input: true }
   */
  activity?: ActivityOptions;
  /**
   * The request that invalidates the token at logout, sent once per sign-in session from the acting tab. Genesys
   * Cloud: `{ url: '/api/v2/tokens/me' }` (a `DELETE` with the bearer token). OpenID Connect / OAuth 2:
   * `{ oauth: { endpoint, clientId, tokens } }`, an RFC 7009 revocation of the refresh token, then the access token.
   * `false` sends none.
   * @default false
   * @example revoke: { url: '/api/v2/tokens/me' }
   */
  revoke?: false | RevokeOptions;
  /**
   * How long before the deadline the idle logout (and its revoke) happens, so the revoke reaches the server while the
   * token is still valid there (a revoke that arrives after the server dropped the token gets a 401 and leaves a
   * refresh token alive). 1,000–60,000. Without a `revoke` there is nothing to send ahead: the logout comes at the
   * deadline unless this is set.
   * @default 2000 with `revoke`, else 0
   * @example revokeAheadMs: 5000
   */
  revokeAheadMs?: number;
  /**
   * Embedded client: heartbeats from the host page count as activity; state goes back to it.
   * @default none
   * @example heartbeat: { allowedOrigins: ['https://crm.example.com'] }
   */
  heartbeat?: HeartbeatOptions;
  /**
   * Tells the server about activity it cannot see, once per interval.
   * @default none
   * @example keepalive: { url: '/api/v2/tokens/me', method: 'HEAD' }
   */
  keepalive?: KeepaliveOptions;
  /**
   * Adopts the server's own idle deadline for the token (read without resetting it).
   * @default none
   * @example serverClock: { url: '/api/v2/tokens/me?preserveIdleTTL=true' }
   */
  serverClock?: ServerClockOptions;
  /**
   * Remember the screen at logout and bring the same person back to it after sign-in (`takeSavedRoute`).
   * @default none
   * @example route: { userKey: () => currentUser.id }
   */
  route?: boolean | RouteOptions;
  /**
   * Keep unsaved form fields at logout and refill them after the same person signs in (needs a `userKey`).
   * @default none
   * @example drafts: { userKey: () => currentUser.id }
   */
  drafts?: boolean | DraftOptions;
  /**
   * Log out at a wall-clock time (end of shift), shared across tabs.
   * @default none
   * @example schedule: { at: '18:30', timeZone: 'Europe/Berlin' }
   */
  schedule?: ScheduleOptions;
  /**
   * The built-in warning dialog and signed-out notice. Without it the SDK is headless: use the events.
   * @default none
   * @example ui: { onSignIn: () => auth.signIn() }
   */
  ui?: boolean | UiOptions;
  /**
   * One idle clock per token across this origin's tabs: activity, holds, warnings and logout reach every tab holding
   * the token, a tab opened later gets no fresh timeout, and one tab sends the requests that go once per token
   * (revoke, keepalive). Shared through IndexedDB and BroadcastChannel, by the token's hash.
   * @default true
   */
  sync?: boolean;
  /**
   * Patch `window.fetch` and `XMLHttpRequest`. `false` leaves the globals alone: only requests through
   * `wrapFetch(fetch)` and `axiosInterceptors()` are seen (counted, refused after logout, logged out on 401).
   * @default true
   */
  patch?: boolean;
  /**
   * Requests from this origin's dedicated workers that call `connectWorker()` (`idle-logout/worker`) count for the
   * token, a worker's `401` logs out, and workers refuse a token once it is logged out.
   * @default false
   */
  workers?: boolean;
  /**
   * Demos and tests only: lowers the bounds to 10 s (timeout) and 5 s (warning) so a logout can be
   * watched without waiting five minutes. Never set it in production.
   * @default false
   */
  unsafeShortTimeouts?: boolean;
}

/** `revoke`: Genesys Cloud's form (`url`, bearer token) or an OAuth 2 revocation endpoint (`oauth`). */
export type RevokeOptions =
  | {
      /** Called with the token as `Authorization: Bearer`, e.g. `/api/v2/tokens/me`. */
      url: string;
      /** @default 'DELETE' */
      method?: string;
    }
  | { oauth: OAuthRevokeOptions };

/** An RFC 7009 revocation: `POST endpoint` as `application/x-www-form-urlencoded` `token`, `token_type_hint`, `client_id`. */
export interface OAuthRevokeOptions {
  /** The provider's `revocation_endpoint`. */
  endpoint: string;
  /** The public client's id. */
  clientId: string;
  /**
   * The tokens to revoke, read at the moment of logout (before the app's handlers drop them): the refresh token is
   * revoked first (it would sign the person back in), then the access token; a failure of one does not skip the other.
   */
  tokens: () => { access?: string | null; refresh?: string | null };
}

/** Read-only: a request repeating the last one's method and URL hands on the same object (nothing allocated per request). */
export interface ActivityEvent {
  readonly source: ActivitySource;
  /** For an API request (`source: 'api'`): its method, upper case. */
  readonly method?: string;
  /** For an API request: its absolute URL, as `activity.api` patterns see it. */
  readonly url?: string;
}
export interface WarningEvent {
  remainingMs: number;
}
export interface LogoutEvent {
  reason: LogoutReason;
  /**
   * True in exactly one tab per logout shared by the tabs of a token (the focused tab, else a visible one, else
   * the acting tab); always true without tab sync. Redirect to sign-in only when `lead` is true.
   */
  lead: boolean;
  /**
   * Whether the sign-in session ended, not only the token: end the identity provider's session too (RP-initiated
   * logout, or `prompt=login` at the next sign-in), or a silent sign-in brings the person back without credentials.
   * False for `revoked` (the API refused the token: whether the sign-in ended is the server's call); a 401 in the idle
   * warning is an `idle` logout (the person is idle; the server's timeout or the token's expiry came first).
   */
  endSession: boolean;
}
export interface ErrorEvent {
  /** Stable code: one of `ERROR_CODES` (README lists them with what each means). */
  code: ErrorCode;
  error: unknown;
}

/**
 * Where the current token stands, for UI state (`useSyncExternalStore`, a Vue `ref`, an Angular `signal`). Frozen;
 * `getSnapshot()` returns the same object until one of these fields changes.
 */
export interface IdleSnapshot {
  readonly state: IdleState;
  /**
   * Wall-clock ms of the logout the SDK will do on its own (idle or scheduled): a countdown is
   * `Math.max(0, deadline - Date.now())`, no polling of the SDK. `Infinity` while held or with no timeout; 0 once logged out.
   */
  readonly deadline: number;
  /** Why, once `state` is `logged-out` (none when there is simply no token). */
  readonly reason?: LogoutReason;
}

export interface IdleEvents {
  warning: WarningEvent;
  active: { remainingMs: number };
  activity: ActivityEvent;
  logout: LogoutEvent;
  error: ErrorEvent;
}

export interface IdleLogout {
  /** The current token's state, re-checked against the wall clock on every read. */
  readonly state: IdleState;
  /** Milliseconds until the idle logout; `Infinity` while held or when the org has no timeout; 0 once logged out. */
  remainingMs(): number;
  /** "Stay signed in": counts as activity. */
  extend(): void;
  /** No idle logout while any hold is active. Returns its release function (idempotent). */
  hold(reason: string): () => void;
  /** Manual logout: the same path as the idle one, with reason `manual`. */
  logout(): void;
  /**
   * Whether a silent token renewal may go ahead: false once the person has been idle into the warning, and while
   * the token is logged out (here or in another tab). Guard refresh-token renewals with it, or the idle timeout
   * never bites.
   */
  canRenew(): boolean;
  /** After sign-in: the route this tab showed at its last logout, once, if the same person signed in (`route`); a same-origin path. */
  takeSavedRoute(): Promise<string | undefined>;
  /** Keeps `get()`'s JSON-able result at logout (not manual), for `takeDrafts()` after the same person signs in. Returns a remover. */
  keepDraft(key: string, get: () => unknown): () => void;
  /** After sign-in, once: `keepDraft` data by key, and form drafts not refilled automatically as `form:<id>`. */
  takeDrafts(): Promise<Record<string, unknown> | undefined>;
  /** Logs the current token out at this time (reason `scheduled`), shared across tabs; `null` cancels. */
  logoutAt(at: Date | number | null): void;
  on<K extends keyof IdleEvents>(name: K, handler: (event: IdleEvents[K]) => void): () => void;
  /**
   * Calls `listener` after every change of `getSnapshot()` (state, deadline, reason: activity, warning, holds,
   * policy, logout, a new token). Returns its remover. A throwing listener does not stop the others.
   */
  subscribe(listener: (snapshot: IdleSnapshot) => void): () => void;
  /** The current `IdleSnapshot`: cheap, and the same object while nothing changed (the `useSyncExternalStore` contract). */
  getSnapshot(): IdleSnapshot;
  /**
   * "Why am I still signed in?": the current token's last activity and the endpoints whose requests counted, busiest
   * first, with regular pollers marked. A Promise: the summary's code loads on first use.
   */
  explain(): Promise<Explanation>;
  /** Removes every listener, patch and timer this instance added. */
  destroy(): void;
}

/** The parts of an axios request config that `axiosInterceptors()` reads. */
export interface AxiosConfig {
  url?: string;
  baseURL?: string;
  method?: string;
  headers?: unknown;
}
