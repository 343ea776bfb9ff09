import type { Effect, Policy, Session, SessionEvent } from '../types/session';
import type { IdleState, LogoutReason } from '../types/vocabulary';

export const startSession = (policy: Policy, now: number): Session => ({ state: 'active', last: now, holds: [], policy });

const idleDeadline = (s: Session): number =>
  s.policy.enabled && !s.holds.length ? s.last + s.policy.timeoutMs - (s.policy.aheadMs || 0) : Infinity;

const scheduledDeadline = (s: Session): number => (!s.logoutAt || (s.respectHolds && s.holds.length) ? Infinity : s.logoutAt);

/** Why the session's deadline logs it out: the scheduled time, or idleness. */
const due = (s: Session): LogoutReason => (scheduledDeadline(s) <= idleDeadline(s) ? 'scheduled' : 'idle');

/** The wall-clock time this page will log the token out (`revokeAheadMs` before the server would), `Infinity` if nothing is pending. */
export const deadline = (s: Session): number => Math.min(idleDeadline(s), scheduledDeadline(s));

/** Where a session stands at `now`, before any event. */
export function stateAt(s: Session, now: number): IdleState {
  if (s.state === 'logged-out') return s.state;
  const end = deadline(s);
  if (now >= end) return 'logged-out';
  if (now >= end - s.policy.warnBeforeMs) return 'warning';
  return s.holds.length ? 'held' : 'active';
}

export const remainingMs = (s: Session, now: number): number => (s.state === 'logged-out' ? 0 : Math.max(0, deadline(s) - now));

function apply(s: Session, e: SessionEvent, now: number): Session {
  switch (e.type) {
    case 'activity':
      return e.time > s.last ? { ...s, last: Math.min(e.time, now) } : s;
    case 'hold':
      return s.holds.includes(e.id) ? s : { ...s, holds: [...s.holds, e.id] };
    case 'release': {
      if (!s.holds.includes(e.id)) return s;
      const holds = s.holds.filter((h) => h !== e.id);
      // The idle countdown restarts when the last hold ends, not from the activity before it.
      return { ...s, holds, last: holds.length ? s.last : Math.max(s.last, now) };
    }
    case 'policy':
      return { ...s, policy: e.policy };
    case 'schedule':
      return { ...s, logoutAt: e.logoutAt, logoutAtDecided: now, respectHolds: e.respectHolds };
    case 'merge':
      if (!e.reason) {
        const later = e.logoutAt !== undefined && laterDecision(e.logoutAtDecided, s.logoutAtDecided);
        const last = e.exact ? Math.min(e.last, now) : Math.max(s.last, Math.min(e.last, now));
        return { ...s, last, holds: e.holds ?? s.holds, ...(later && { logoutAt: e.logoutAt, logoutAtDecided: e.logoutAtDecided }) };
      }
    // falls through: another tab's (or the server's) logout is this tab's too
    case 'logout':
      // A 401 in the warning is the logout that was coming, early (the server's idle timeout, or the access token's
      // expiry with renewals refused since the warning, came first): it ends the sign-in (`endSession`, revoke).
      return { ...s, state: 'logged-out', reason: e.reason === 'revoked' && stateAt(s, now) === 'warning' ? due(s) : e.reason };
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
  // Activity after the deadline cannot revive a token the server has already dropped; only another tab's (or the
  // server's) view of earlier activity, or a new policy, may say otherwise. Activity is judged at its own time: one
  // the shell deferred (within a second of the last) happened before the deadline, and the server saw it then.
  const expired = e.type !== 'merge' && e.type !== 'policy' && stateAt(s, e.type === 'activity' ? Math.min(e.time, now) : now) === 'logged-out';
  const next = expired ? s : apply(s, e, now);
  const state = stateAt(next, now);
  const effects: Effect[] = [];
  let out = next;
  // (`apply` changes the state only to logged-out, which `stateAt` reports too.)
  if (state !== s.state) {
    const reason = next.reason ?? (state === 'logged-out' ? due(next) : undefined);
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

/**
 * Tabs exchange scheduled-logout decisions in any order: a decision replaces the current one when it was made
 * later. One whose time is unknown loses to any that has one; anything replaces no decision at all.
 */
export const laterDecision = (candidate: number | undefined, current: number | undefined): boolean =>
  current === undefined || (candidate ?? 0) > current;
