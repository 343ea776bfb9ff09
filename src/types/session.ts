import type { IdleState, LogoutReason } from './vocabulary';

/** What the session needs to know of the org's timeout. `enabled: false`: the org has no idle timeout. */
export interface Policy {
  timeoutMs: number;
  warnBeforeMs: number;
  enabled: boolean;
  /** This page logs out this long before the deadline (`revokeAheadMs`), so its revoke reaches a valid token. Not shared. */
  aheadMs?: number;
}

/** Another tab's hold on the session (tab sync): that tab's page id. Its lease is the transport's business. */
export interface RemoteHold {
  tab: string;
}

/**
 * One token's idle session. Plain data, so it can be compared, persisted and merged across tabs.
 * `last` is the wall-clock time of the last activity: deadlines are timestamps, never countdowns,
 * because timers in hidden tabs are throttled and laptops sleep.
 */
export interface Session {
  state: IdleState;
  last: number;
  /** What keeps the session from idling: this tab's holds (`hold()` ids) and other tabs' (tab sync). */
  holds: readonly (string | RemoteHold)[];
  policy: Policy;
  /**
   * A scheduled logout time (end of shift). `0`: cancelled, which is shared like a time, so a cancel in one tab
   * reaches the others; `undefined`: none known yet (a tab that just started must not wipe the others' time).
   */
  logoutAt?: number;
  /** When `logoutAt` was decided (wall clock): tabs exchange their views in any order, and the latest decision wins. */
  logoutAtDecided?: number;
  /** Whether holds also postpone the scheduled logout. */
  respectHolds?: boolean;
  reason?: LogoutReason;
}

export type SessionEvent =
  | { type: 'activity'; time: number }
  | { type: 'tick' }
  | { type: 'hold'; id: string }
  | { type: 'release'; id: string }
  | { type: 'logout'; reason: LogoutReason }
  | { type: 'policy'; policy: Policy }
  | { type: 'schedule'; logoutAt?: number; respectHolds?: boolean }
  /** Signals for the features, which the state machine ignores: a new token of the same sign-in; this tab was just elected to act. */
  | { type: 'renew' | 'decided' }
  /**
   * The shared view of the session from other tabs or the server: newer activity wins, logout is final.
   * `exact` (tab sync): `last` is everything known of the token's activity, taken as is even if earlier,
   * so a tab opened or reloaded later drops the provisional `last` it started with (no fresh timeout).
   */
  | {
      type: 'merge';
      last: number;
      holds?: Session['holds'];
      reason?: LogoutReason;
      logoutAt?: number;
      logoutAtDecided?: number;
      exact?: boolean;
    };

export type Effect =
  /** The state changed: the shell emits the matching event (and revokes on `logged-out`). */
  | { type: 'enter'; state: IdleState; reason?: LogoutReason }
  /** When to call `step(…, { type: 'tick' })` next; `Infinity` for never. */
  | { type: 'wake'; at: number };
