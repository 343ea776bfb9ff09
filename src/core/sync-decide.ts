import type { Policy, Session, SessionEvent } from '../types/session';
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
 * What record `r` means for session `s` (undefined: nothing, the session is over or there is none). `known` is
 * everything known of the token's activity: `r.last` raises it (0: the sender knows of none yet) and the merge
 * takes it as is (`exact`), even when earlier than the session's provisional start. `adoptPolicy`: the options
 * ask the server for the policy (`timeoutFrom`), so the tabs share its answer.
 */
export function received(
  s: Session | undefined,
  r: SharedRecord,
  known: number,
  local: Iterable<string>,
  remote: RemoteHolds,
  adoptPolicy: boolean,
): Received | undefined {
  if (!s || s.state === 'logged-out') return;
  if (r.last > 0 && r.last > known) known = r.last;
  const out: Received = { known };
  const p = adoptPolicy && r.policy;
  if (p && (p.timeoutMs !== s.policy.timeoutMs || p.warnBeforeMs !== s.policy.warnBeforeMs || p.enabled !== s.policy.enabled)) out.policy = p;
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
