import type { Policy, Session, SessionEvent } from '../types/session';
import { type PolicyInput, validatePolicy } from './policy';
import { deadline, stateAt } from './session';
import type { SharedRecord, SyncMessage } from './sync-record';

/**
 * Tab sync's decisions, pure (the transport in `features/sync/transport.ts` only does the I/O): what another
 * tab's (or storage's) record means for this session, and when this tab's own change goes out. Unit-tested
 * without a channel or a store (test/core/sync-decide.test.ts).
 */

/** Other tabs holding the session: tab id → the end of its lease (epoch ms), renewed while that tab lives. */
export type RemoteHolds = ReadonlyMap<string, number>;

export type MergeEvent = Extract<SessionEvent, { type: 'merge' }>;

/** What a record from another tab or from storage means for this session. */
export interface Received {
  /** Everything now known of the session's activity (-Infinity while nothing is). */
  known: number;
  /** The policy to adopt first: with `timeoutFrom`, tabs share what the server said. */
  policy?: Policy;
  /** What to merge, when anything differs from the session. */
  merge?: MergeEvent;
}

/** One entry of the session's holds: this tab's own hold id, or another tab's hold. */
export type Hold = Session['holds'][number];

/** Another tab's hold as the session carries it. */
export const remoteHold = (tab: string): Hold => ({ tab });

/** Whether a hold of the session is this tab's own (a `hold()` id). */
export const isLocal = (h: Hold): h is string => typeof h === 'string';

/** The session's holds as tab sync shares them: this tab's own, then the other tabs'. */
export const sharedHolds = (local: Iterable<string>, remote: RemoteHolds): Hold[] => [...local, ...[...remote.keys()].map(remoteHold)];

/**
 * Whether this tab's own rules allow another tab's policy: a copy of the SDK configured otherwise (without `hipaa`),
 * an older record or a forged one cannot give this page a timeout its options refuse (over HIPAA's 15 min, under
 * the API's 5 min). `enabled: false` is the server's word, passed on as this tab's own `timeoutFrom` would.
 */
function within(p: Policy, bounds: PolicyInput): boolean {
  try {
    return !!validatePolicy({ ...bounds, timeoutMs: p.timeoutMs, warnBeforeMs: p.warnBeforeMs });
  } catch {
    return false;
  }
}

/**
 * What record `r` means for session `s` (undefined: nothing, the session is over or there is none). `known` is
 * everything known of the token's activity: `r.last` raises it (0: the sender knows of none yet) and the merge
 * takes it as is (`exact`), even when earlier than the session's provisional start. `bounds`: this tab's options,
 * when they ask the server for the policy (`timeoutFrom`), so the tabs share its answer (undefined: they do not); a
 * shared policy outside this tab's own bounds is not adopted (`within`).
 */
export function received(
  s: Session | undefined,
  r: SharedRecord,
  known: number,
  local: Iterable<string>,
  remote: RemoteHolds,
  bounds: PolicyInput | undefined,
): Received | undefined {
  if (!s || s.state === 'logged-out') return;
  if (r.last > 0 && r.last > known) known = r.last;
  const out: Received = { known };
  const p = bounds && r.policy;
  // A different policy only (checking it against the bounds is the costlier part), and only within them.
  if (p && (p.timeoutMs !== s.policy.timeoutMs || p.warnBeforeMs !== s.policy.warnBeforeMs || p.enabled !== s.policy.enabled) && within(p, bounds))
    out.policy = p;
  const holds = sharedHolds(local, remote);
  if (r.reason || (known >= 0 && known !== s.last) || (r.logoutAt !== undefined && r.logoutAt !== s.logoutAt) || JSON.stringify(holds) !== JSON.stringify(s.holds))
    out.merge = {
      type: 'merge',
      last: known < 0 ? s.last : known,
      holds,
      reason: r.reason,
      logoutAt: r.logoutAt,
      logoutAtDecided: r.logoutAtDecided,
      exact: known >= 0,
    };
  return out;
}

/**
 * When this tab tells the others of its own change `e` (`prev` → `next`): `now` for what must reach them at once
 * (a logout, a warning ended — `extend()` in one tab ends it in all —, holds, policy, schedule), `coalesced` for
 * activity (the hot path: at most once a second), undefined for nothing to tell (signals, no change).
 */
export function publish(prev: Session | undefined, next: Session | undefined, e: SessionEvent): 'now' | 'coalesced' | undefined {
  if (!prev || !next || prev === next) return;
  if (next.state === 'logged-out' || prev.state === 'warning' || e.type === 'hold' || e.type === 'release' || e.type === 'policy' || e.type === 'schedule')
    return 'now';
  if (next.last > prev.last) return 'coalesced';
}

/**
 * How long activity may wait to be stored while the person is active: the channel tells the open tabs at once;
 * storage is for tabs opened later (which ask the open ones first) and for the last tab's reload.
 */
export const WRITE = 1e4;

/**
 * When this tab stores its view after a change published `when` (see `publish`): at once for what must reach
 * storage at once (a logout, holds, policy, schedule), else `WRITE` after its previous write (`wrote`), at the
 * earliest now. Either way in a later task than the broadcast: the write never delays the message.
 */
export const writeAt = (when: 'now' | 'coalesced', wrote: number, now: number): number => (when === 'now' ? now : Math.max(now, wrote + WRITE));

/**
 * Whether a record read from storage may be applied before the open tabs answered: storage may lag them by one
 * write (up to `WRITE` of activity), and an answer can only move the deadline later, so a record that leaves the
 * session as it is (active, or held) for the `wait` the answers are waited for is safe at once; one that would warn
 * or log out for idleness by then waits for the answers (or this tab's timer would warn before they correct it),
 * unless it is final (a logout) or no other tab is open (`alone`: this tab was elected).
 */
export function settled(s: Session, r: SharedRecord, alone: boolean, now: number, wait = 0): boolean {
  // Another tab's live hold keeps the session held whatever the activity.
  if (r.reason || alone || Object.values(r.holds).some((end) => end > now)) return true;
  const state = stateAt({ ...s, last: r.last || s.last }, now + wait);
  return state === 'active' || state === 'held';
}

/**
 * Whether this tab's own activity at `t` (seen while it started, before the stored record `r` was read) counts:
 * only if the token was still live then by that record. Activity after the shared deadline revives nothing (the
 * server had dropped the token); -Infinity (none) always passes.
 */
export const lived = (s: Session, r: SharedRecord, t: number): boolean => !r.last || t < deadline({ ...s, last: r.last });

/**
 * Whether this tab's own start becomes the session's start (published as its first activity), once nothing was
 * stored and no open tab told of any activity: only when it acts alone (`lead` true: elected, no other tab
 * holds the lock; undefined: no election at all). A tab that was not elected has another tab of the session
 * open, which started earlier and tells its own start: publishing this later start would move every deadline.
 */
export const startsClock = (known: number, lead: boolean | null | undefined): boolean => known < 0 && lead !== false && lead !== null;

/** The other tabs' holds after hearing tab `m.from`: its entry is its own word on its holds (none: released). */
export function heard(remote: RemoteHolds, m: SyncMessage, now: number): Map<string, number> {
  const next = new Map(remote);
  const lease = m.holds[m.from];
  if (lease > now) next.set(m.from, lease);
  else next.delete(m.from);
  return next;
}

/**
 * The other tabs' holds after reading the stored record: its live entries of tabs not heard from yet (a tab's
 * own message is newer than storage), never this tab's own (`me`: a page's id is its own).
 */
export function stored(remote: RemoteHolds, r: SharedRecord, me: string, now: number): Map<string, number> {
  const next = new Map(remote);
  for (const t in r.holds) if (t !== me && r.holds[t] > now && !next.has(t)) next.set(t, r.holds[t]);
  return next;
}

/** The other tabs' holds without lapsed leases (a tab closed or crashed without releasing). */
export function lapse(remote: RemoteHolds, now: number): Map<string, number> {
  return new Map([...remote].filter(([, end]) => end > now));
}
