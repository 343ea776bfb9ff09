import type { Policy } from '../../core/policy';
import type { Session } from '../../core/session';
import type { LogoutReason } from '../../types/options';

/**
 * One token's shared state: stored in IndexedDB under the token's hash, and broadcast to the other tabs.
 * Pure: validation, merging and coalescing, unit-tested without a browser.
 */
export interface Rec {
  /** The last activity known (epoch ms); 0 when the sender knows none yet. */
  l: number;
  /** Logged out, and why: final. */
  o?: LogoutReason;
  /** The scheduled logout time; 0: cancelled. */
  a?: number;
  /** When `a` was decided: the latest decision wins, whatever order views arrive in. */
  t?: number;
  /** The timeout policy: `[timeoutMs, warnBeforeMs, enabled]`. */
  p?: [number, number, boolean];
  /** The tabs with holds: tab id → the end of their lease (epoch ms), renewed while the tab lives. */
  h: Record<string, number>;
}

/** A broadcast: tab `f`'s view of token `k`; `q` asks the other tabs to answer with theirs (a tab starting). */
export interface Msg extends Rec {
  v: 1;
  k: string;
  f: string;
  q?: 1;
}

/** A hold's lease: long enough to outlive a hidden tab's throttled timers (Chrome: one wake-up a minute). */
export const LEASE = 18e4;
/** How often a tab with holds renews them, and how often lapsed leases are looked for. */
export const RENEW = 3e4;

const REASONS = ['idle', 'revoked', 'manual', 'scheduled'];
const TAB = /^[a-z0-9]{4,16}$/;
const HASH = /^[0-9a-f]{64}$/;
/** A finite number in range (NaN and non-numbers fail every comparison). */
const num = (v: unknown, min = 0, max = 1e15): v is number => typeof v == 'number' && v >= min && v <= max;
const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v == 'object' && !Array.isArray(v);

/** A new random tab id. */
export const tabId = () => Math.floor((1 + Math.random()) * 36 ** 8).toString(36);

/**
 * A record read from IndexedDB or a message: untrusted. Returns a clean copy when every field has the right
 * type and range (unknown fields dropped), else undefined. Never throws.
 */
export function parseRec(x: unknown): Rec | undefined {
  try {
    if (!obj(x)) return;
    const { l, o, a, t, p, h } = x;
    if (!num(l) || (o !== undefined && !REASONS.includes(o as string)) || (a !== undefined && !num(a)) || (t !== undefined && !num(t)) || !obj(h)) return;
    if (p !== undefined && !(Array.isArray(p) && p.length == 3 && num(p[0], 1e4, 288e5) && num(p[1], 5e3, p[0] - 1) && typeof p[2] == 'boolean')) return;
    const keys = Object.keys(h);
    if (keys.length > 64) return;
    const holds: Record<string, number> = {};
    for (const t of keys) {
      if (!TAB.test(t) || !num(h[t])) return;
      holds[t] = h[t] as number;
    }
    const r: Rec = { l, h: holds };
    if (o !== undefined) r.o = o as LogoutReason;
    if (a !== undefined) r.a = a;
    if (t !== undefined) r.t = t;
    if (p) r.p = [p[0], p[1], p[2]];
    return r;
  } catch {
    return;
  }
}

/** A broadcast for token `k`, or undefined: the record's checks, plus version, token hash and sender. */
export function parseMsg(x: unknown, k: string): Msg | undefined {
  try {
    if (!obj(x) || x.v !== 1 || x.k !== k || !HASH.test(k) || typeof x.f != 'string' || !TAB.test(x.f) || (x.q !== undefined && x.q !== 1)) return;
    const r = parseRec(x);
    return r && { ...r, v: 1, k, f: x.f, ...(x.q ? { q: 1 } : {}) };
  } catch {
    return;
  }
}

/** This tab's view of the session: last activity `l`, and this tab's hold lease if it holds any. */
export function view(s: Session, l: number, tab: string, lease?: number): Rec {
  const r: Rec = { l, p: [s.policy.timeoutMs, s.policy.warnBeforeMs, s.policy.enabled], h: lease ? { [tab]: lease } : {} };
  if (s.state == 'logged-out') r.o = s.reason;
  if (s.at !== undefined) r.a = s.at;
  if (s.atSet !== undefined) r.t = s.atSet;
  return r;
}

export const toPolicy = (p: [number, number, boolean]): Policy => ({ timeoutMs: p[0], warnBeforeMs: p[1], enabled: p[2] });

/**
 * The stored record after tab `tab` writes `mine`: later activity wins, the first logout stays, the latest
 * schedule decision stays, `tab`'s own hold entry is replaced, other tabs' entries are kept while their lease
 * runs (lapsed ones are dropped).
 */
export function fold(old: Rec | undefined, mine: Rec, tab: string, now: number): Rec {
  const h: Record<string, number> = {};
  if (old) for (const t in old.h) if (t != tab && old.h[t] > now) h[t] = old.h[t];
  if (mine.h[tab]) h[tab] = mine.h[tab];
  const r: Rec = { ...old, ...mine, l: Math.max(old?.l ?? 0, mine.l), h };
  const o = old?.o ?? mine.o;
  if (o) r.o = o;
  if (old?.a !== undefined && (old.t ?? 0) > (mine.t ?? 0)) (r.a = old.a), (r.t = old.t);
  return r;
}

/** Whether a stored record is long dead (a day past its last activity and leases): swept at start. */
export const stale = (r: Rec | undefined, now: number) => !r || Math.max(r.l, ...Object.values(r.h)) < now - 864e5;

/**
 * Leading and trailing throttle: `poke()` runs `run` at once if it has not run in the last `ms`, else once at
 * the end of that window; `go()` runs it now (taking the pending run with it); `wait(extra)` says it just ran
 * elsewhere (another tab broadcast): the window restarts, `extra` longer, and a pending run moves to its end.
 * The hot path is `poke()` while a run is pending: one comparison.
 */
export function coalesce(ms: number, now: () => number, run: () => void) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => (clearTimeout(timer), (timer = undefined));
  const go = () => {
    stop();
    last = now();
    run();
  };
  const poke = () => {
    if (timer !== undefined) return;
    const wait = last + ms - now();
    if (wait > 0) timer = setTimeout(go, wait);
    else go();
  };
  return {
    poke,
    go,
    wait(extra = 0) {
      last = now() + extra;
      if (timer !== undefined) stop(), poke();
    },
    stop,
  };
}
