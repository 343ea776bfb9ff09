import type { Policy, Session } from '../types/session';
import { LOGOUT_REASONS, type LogoutReason } from '../types/vocabulary';
import { laterDecision } from './session';

/**
 * Tab sync's wire and storage format, version 2: one token's shared state, stored in IndexedDB under the
 * token's hash and broadcast to the other tabs. Field names are spelled out so a person can read two tabs'
 * traffic in DevTools. Version-1 records and messages (single-letter fields, from an older tab still open or
 * an old IndexedDB entry) are not this shape and are ignored: they never extend a session.
 * Pure: validation, clamping and merging, unit-tested without a browser.
 */
export interface SharedRecord {
  v: 2;
  /** The last activity known (epoch ms); 0 when the sender knows none yet. */
  last: number;
  /** Logged out, and why: final. */
  reason?: LogoutReason;
  /** The scheduled logout time; 0: cancelled. */
  logoutAt?: number;
  /** When `logoutAt` was decided: the latest decision wins, whatever order views arrive in. */
  logoutAtDecided?: number;
  /** The timeout policy the token runs under. */
  policy?: Policy;
  /** The tabs with holds: tab id → the end of their lease (epoch ms), renewed while the tab lives. */
  holds: Record<string, number>;
}

/** A broadcast: tab `from`'s view of the token whose hash is `tokenHash`; `ask` asks the others to answer with theirs. */
export interface SyncMessage extends SharedRecord {
  tokenHash: string;
  from: string;
  ask?: true;
  /** The sender is the tab the election chose: a tab still waiting for it learns another acts. */
  lead?: true;
}

export const VERSION = 2;
/** A hold's lease: long enough to outlive a hidden tab's throttled timers (Chrome: one wake-up a minute). */
export const LEASE = 18e4;
/** How often a tab with holds renews them, and how often lapsed leases are looked for. */
export const RENEW = 3e4;
/** The policy bounds any tab may share (the API's, and `unsafeShortTimeouts`' lowest). */
const POLICY = { minTimeout: 1e4, maxTimeout: 288e5, minWarn: 5e3 };

const TAB = /^[a-z0-9]{4,16}$/;
const HASH = /^[0-9a-f]{64}$/;
/** A finite number in range (NaN and non-numbers fail every comparison). */
const num = (v: unknown, min = 0, max = 1e15): v is number => typeof v === 'number' && v >= min && v <= max;
const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function parsePolicy(p: unknown): Policy | undefined | false {
  if (p === undefined) return;
  if (!obj(p) || !num(p.timeoutMs, POLICY.minTimeout, POLICY.maxTimeout) || !num(p.warnBeforeMs, POLICY.minWarn, p.timeoutMs - 1) || typeof p.enabled !== 'boolean')
    return false;
  return { timeoutMs: p.timeoutMs, warnBeforeMs: p.warnBeforeMs, enabled: p.enabled };
}

/**
 * A record read from IndexedDB or a message: untrusted. Returns a clean copy when every field has the right
 * type and range (unknown fields dropped), else undefined. Times are clamped to what is possible at `now`,
 * before anything stores, merges or forwards them: activity and decisions never later than now, a hold lease
 * never longer than `LEASE` from now. Never throws.
 */
export function parseRecord(x: unknown, now: number): SharedRecord | undefined {
  try {
    if (!obj(x) || x.v !== VERSION) return;
    const { last, reason, logoutAt, logoutAtDecided, holds } = x;
    const policy = parsePolicy(x.policy);
    if (!num(last) || policy === false || !obj(holds)) return;
    if (reason !== undefined && !LOGOUT_REASONS.includes(reason as LogoutReason)) return;
    if ((logoutAt !== undefined && !num(logoutAt)) || (logoutAtDecided !== undefined && !num(logoutAtDecided))) return;
    const keys = Object.keys(holds);
    if (keys.length > 64) return;
    const h: Record<string, number> = {};
    for (const t of keys) {
      if (!TAB.test(t) || !num(holds[t])) return;
      h[t] = Math.min(holds[t] as number, now + LEASE);
    }
    const r: SharedRecord = { v: VERSION, last: Math.min(last, now), holds: h };
    if (reason !== undefined) r.reason = reason as LogoutReason;
    if (logoutAt !== undefined) r.logoutAt = logoutAt;
    if (logoutAtDecided !== undefined) r.logoutAtDecided = Math.min(logoutAtDecided, now);
    if (policy) r.policy = policy;
    return r;
  } catch {
    return;
  }
}

/** A broadcast for the token hashed `tokenHash`, or undefined: the record's checks, plus token hash and sender. */
export function parseMessage(x: unknown, tokenHash: string, now: number): SyncMessage | undefined {
  try {
    if (!obj(x) || x.tokenHash !== tokenHash || !HASH.test(tokenHash) || typeof x.from !== 'string' || !TAB.test(x.from)) return;
    if ((x.ask !== undefined && x.ask !== true) || (x.lead !== undefined && x.lead !== true)) return;
    const r = parseRecord(x, now);
    return r && { ...r, tokenHash, from: x.from, ...(x.ask && { ask: true as const }), ...(x.lead && { lead: true as const }) };
  } catch {
    return;
  }
}

/** This tab's view of the session: last activity `last`, and this tab's hold lease if it holds any. */
export function view(s: Session, last: number, tab: string, lease?: number): SharedRecord {
  // This page's `aheadMs` is its own: not shared.
  const { aheadMs, ...policy } = s.policy;
  const r: SharedRecord = { v: VERSION, last, policy, holds: lease ? { [tab]: lease } : {} };
  if (s.state === 'logged-out') r.reason = s.reason;
  if (s.logoutAt !== undefined) r.logoutAt = s.logoutAt;
  if (s.logoutAtDecided !== undefined) r.logoutAtDecided = s.logoutAtDecided;
  return r;
}

/**
 * The stored record after tab `tab` writes `mine`: later activity wins, the first logout stays, the latest
 * schedule decision stays, `tab`'s own hold entry is replaced, other tabs' entries are kept while their lease
 * runs (lapsed ones are dropped).
 */
export function fold(old: SharedRecord | undefined, mine: SharedRecord, tab: string, now: number): SharedRecord {
  const holds: Record<string, number> = {};
  if (old) for (const t in old.holds) if (t !== tab && old.holds[t] > now) holds[t] = old.holds[t];
  if (mine.holds[tab]) holds[tab] = mine.holds[tab];
  const r: SharedRecord = { ...old, ...mine, last: Math.max(old?.last ?? 0, mine.last), holds };
  const reason = old?.reason ?? mine.reason;
  if (reason) r.reason = reason;
  if (old?.logoutAt !== undefined && (mine.logoutAt === undefined || !laterDecision(mine.logoutAtDecided, old.logoutAtDecided)))
    (r.logoutAt = old.logoutAt), (r.logoutAtDecided = old.logoutAtDecided);
  return r;
}

/** Whether a stored record is long dead (a day past its last activity and leases): swept at start. */
export const stale = (r: SharedRecord | undefined, now: number) => !r || Math.max(r.last, ...Object.values(r.holds)) < now - 864e5;
