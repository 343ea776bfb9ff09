import type { IdleState, LogoutReason } from '../types/options';
import type { Policy } from './policy';

/**
 * One token's idle session. Plain data, so it can be compared, persisted and merged across tabs.
 * `last` is the wall-clock time of the last activity: deadlines are timestamps, never countdowns,
 * because timers in hidden tabs are throttled and laptops sleep.
 */
export interface Session {
  state: IdleState;
  last: number;
  holds: readonly string[];
  policy: Policy;
  /**
   * A scheduled logout time (end of shift). `0`: cancelled, which is shared like a time, so a cancel in one tab
   * reaches the others; `undefined`: none known yet (a tab that just started must not wipe the others' time).
   */
  at?: number;
  /** When `at` was decided (wall clock): tabs exchange their views in any order, and the latest decision wins. */
  atSet?: number;
  /** Whether holds also postpone the scheduled logout. */
  respectHolds?: boolean;
  reason?: LogoutReason;
}

export type SessionEvent =
  | { type: 'activity'; at: number }
  | { type: 'tick' }
  | { type: 'hold'; id: string }
  | { type: 'release'; id: string }
  | { type: 'logout'; reason: LogoutReason }
  | { type: 'policy'; policy: Policy }
  | { type: 'schedule'; at?: number; respectHolds?: boolean }
  /**
   * The shared view of the session from other tabs or the server: newer activity wins, logout is final.
   * `exact` (tab sync): `last` is everything known of the token's activity, taken as is even if earlier,
   * so a tab opened or reloaded later drops the provisional `last` it started with (no fresh timeout).
   */
  | { type: 'merge'; last: number; holds?: readonly string[]; reason?: LogoutReason; at?: number; atSet?: number; exact?: boolean };

export type Effect =
  /** The state changed: the shell emits the matching event (and revokes on `logged-out`). */
  | { type: 'enter'; state: IdleState; reason?: LogoutReason }
  /** When to call `step(…, { type: 'tick' })` next; `Infinity` for never. */
  | { type: 'wake'; at: number };

export function startSession(policy: Policy, now: number, last = now): Session {
  return { state: 'active', last: Math.min(last, now), holds: [], policy };
}

function idleDeadline(s: Session): number {
  return s.policy.enabled && !s.holds.length ? s.last + s.policy.timeoutMs : Infinity;
}

function scheduledDeadline(s: Session): number {
  return !s.at || (s.respectHolds && s.holds.length) ? Infinity : s.at;
}

/** The wall-clock time the token will be logged out, `Infinity` if nothing is pending. */
export function deadline(s: Session): number {
  return Math.min(idleDeadline(s), scheduledDeadline(s));
}

/** Where a session stands at `now`, before any event. */
export function stateAt(s: Session, now: number): IdleState {
  if (s.state === 'logged-out') return s.state;
  const end = deadline(s);
  if (now >= end) return 'logged-out';
  if (now >= end - s.policy.warnBeforeMs) return 'warning';
  return s.holds.length ? 'held' : 'active';
}

export function remainingMs(s: Session, now: number): number {
  return s.state === 'logged-out' ? 0 : Math.max(0, deadline(s) - now);
}

function apply(s: Session, e: SessionEvent, now: number): Session {
  switch (e.type) {
    case 'activity':
      return e.at > s.last ? { ...s, last: Math.min(e.at, now) } : s;
    case 'hold':
      return s.holds.includes(e.id) ? s : { ...s, holds: [...s.holds, e.id] };
    case 'release': {
      if (!s.holds.includes(e.id)) return s;
      const holds = s.holds.filter((h) => h !== e.id);
      // The idle countdown restarts when the last hold ends, not from the activity before it.
      return { ...s, holds, last: holds.length ? s.last : Math.max(s.last, now) };
    }
    case 'logout':
      return { ...s, state: 'logged-out', reason: e.reason };
    case 'policy':
      return { ...s, policy: e.policy };
    case 'schedule':
      return { ...s, at: e.at, atSet: now, respectHolds: e.respectHolds };
    case 'merge': {
      if (e.reason) return { ...s, state: 'logged-out', reason: e.reason };
      const later = e.at !== undefined && (s.atSet === undefined || (e.atSet ?? 0) > s.atSet);
      const last = e.exact ? Math.min(e.last, now) : Math.max(s.last, Math.min(e.last, now));
      return { ...s, last, holds: e.holds ?? s.holds, ...(later && { at: e.at, atSet: e.atSet }) };
    }
    default:
      return s;
  }
}

/**
 * The session state machine: `active → warning → logged-out`, with `held` while holds exist.
 * Pure: the shell owns timers, storage and the network and acts on the returned effects.
 */
export function step(s: Session, e: SessionEvent, now: number): [Session, Effect[]] {
  if (s.state === 'logged-out') return [s, []];
  // Activity that arrives after the deadline cannot revive a token the server has already dropped;
  // only another tab's (or the server's) view of earlier activity, or a new policy, may say otherwise.
  const expired = e.type !== 'merge' && e.type !== 'policy' && stateAt(s, now) === 'logged-out';
  const next = expired ? s : apply(s, e, now);
  const state = stateAt(next, now);
  const effects: Effect[] = [];
  let out = next;
  if (state !== s.state || next.state !== s.state) {
    const reason =
      next.reason ?? (state === 'logged-out' ? (scheduledDeadline(next) <= idleDeadline(next) ? 'scheduled' : 'idle') : undefined);
    out = { ...next, state, reason };
    effects.push({ type: 'enter', state, reason });
  }
  if (state !== 'logged-out') {
    const end = deadline(out);
    const warnAt = end - out.policy.warnBeforeMs;
    effects.push({ type: 'wake', at: now < warnAt ? warnAt : end });
  }
  return [out, effects];
}
