import { BroadcastChannel, createLeaderElection } from 'broadcast-channel';
import { fold, LEASE, parseMessage, parseRecord, RENEW, stale, view, type SharedRecord, type SyncMessage } from '../../core/sync-record';
import type { FeatureInstance, Runtime } from '../../types/runtime';
import type { Session } from '../../types/session';
import { coalesce } from '../../utils/coalesce';
import { hashToken } from '../../utils/hash';
import { randomId } from '../../utils/ids';
import { kvStore } from '../../utils/storage';

/** What the eager part of tab sync shares with this chunk. */
export interface SyncState {
  /** All that is known of the token's activity (never the provisional `last` a session starts with); -Infinity while nothing is. */
  known: number;
  /**
   * Whether this tab acts for the token: the leader election's answer. Undefined until a tab is
   * elected: then it acts (a second revoke is harmless, a missing one is not).
   */
  lead?: boolean;
  /** Set while a logout found in storage is applied: it was acted on (revoked) when it happened. */
  replaying: boolean;
}

/** IndexedDB `idle-logout`/`sessions`, or memory (messages do the sharing) where IndexedDB fails. */
const withStore = kvStore('idle-logout', 'sessions');
let swept = false;

/**
 * The package's leader election. Where Web Locks exist but are refused (a cross-site iframe: SecurityError)
 * the package still picks its lock-based election, which then fails with an unhandled rejection; hiding the
 * refused locks for this one synchronous call makes it pick its message-based election, which works over the
 * frame's (partitioned) BroadcastChannel: frames sharing a token still elect one tab to act.
 */
async function elect(c: BroadcastChannel<SyncMessage>) {
  const refused = await navigator.locks?.query().then(
    () => false,
    () => true,
  );
  if (refused) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });
  try {
    return createLeaderElection(c);
  } finally {
    if (refused) delete (navigator as { locks?: unknown }).locks;
  }
}

/**
 * Tab sync (loaded lazily): one idle clock per token across the tabs of the origin. State goes to IndexedDB
 * (keyed by the token's hash) and to the other tabs over a channel per token, at most once a second for activity
 * (leading and trailing edge), at once for logout, holds, policy and schedule. Leader election picks the one tab
 * that acts for the token (the `acts` hook, through `st.lead`). Holds carry this page's id and a lease it renews
 * while it lives.
 */
export function startSync(rt: Runtime, st: SyncState): FeatureInstance {
  // Holds belong to this page load (a reloaded tab's holds are gone with the page that took them).
  const me = randomId();
  /** This tab's holds, and the other tabs holding the token with the end of their lease. */
  const local = new Set<string>();
  const remote = new Map<string, number>();
  let sess: Session | undefined;
  let hash: string | undefined;
  let ch: BroadcastChannel<SyncMessage> | undefined;
  /** Set while applying other tabs' state: that is not broadcast back. */
  let applying = false;
  let leaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest activity any tab has broadcast: a run with nothing newer is skipped. */
  let sent = 0;
  const now = rt.now;

  const post = (r: SharedRecord, ask?: true) => ch?.postMessage({ ...r, tokenHash: hash!, from: me, ...(ask && { ask }) }).catch(() => {});

  /** Broadcasts and stores this tab's view; `l` the activity to tell (default all that is known). */
  function flush(last = Math.max(st.known, 0)): void {
    const k = hash;
    if (!k || !sess) return;
    const r = view(sess, last, me, local.size ? now() + LEASE : 0);
    if (last > sent) sent = last;
    post(r);
    withStore(rt, (kv) => kv.update(k, (old) => fold(parseRecord(old, now()), r, me, now())));
  }
  // Activity: at most one broadcast and write a second per token. A tab that hears another's waits a little
  // longer (its own lag, so that when the tab broadcasting stops, the others do not all answer at once): the
  // tab already broadcasting keeps the turn, and a run with nothing newer than what was heard is skipped.
  const gate = coalesce(1000, now, () => st.known > sent && flush());
  const lag = 100 + Math.random() * 150;
  const mine = (s: Session) => view(s, Math.max(st.known, 0), me, local.size ? now() + LEASE : 0);

  /** Other tabs' (or storage's) state into this session: everything known, taken as is. */
  function apply(r: SharedRecord): void {
    const s = sess;
    if (!s || s.state == 'logged-out') return;
    // last = 0: the sender knows of no activity yet.
    if (r.last > 0 && r.last > st.known) st.known = r.last;
    const known = st.known;
    const holds = [...local, ...[...remote.keys()].map((t) => '@' + t)];
    applying = true;
    try {
      const p = rt.options.timeoutFrom && r.policy;
      if (p && (p.timeoutMs != s.policy.timeoutMs || p.warnBeforeMs != s.policy.warnBeforeMs || p.enabled != s.policy.enabled)) rt.dispatch({ type: 'policy', policy: p });
      if (r.reason || (known >= 0 && known != s.last) || (r.logoutAt !== undefined && r.logoutAt != s.logoutAt) || holds.join() != s.holds.join())
        rt.dispatch({
          type: 'merge',
          last: known < 0 ? s.last : known,
          holds,
          reason: r.reason,
          logoutAt: r.logoutAt,
          logoutAtDecided: r.logoutAtDecided,
          exact: known >= 0,
        });
      if (sess && sess.state != 'logged-out' && sess.last > s.last) rt.emit('activity', { source: 'remote' });
    } finally {
      applying = false;
    }
    lease();
  }

  function receive(x: unknown): void {
    const m = hash && parseMessage(x, hash, now());
    if (!m || m.from == me) return;
    const lease = m.holds[m.from];
    if (lease > now()) remote.set(m.from, lease);
    else remote.delete(m.from);
    if (m.last) {
      if (m.last > sent) sent = m.last;
      gate.wait(lag);
    }
    if (m.ask && sess) post(mine(sess));
    apply(m);
  }

  /** Renews this tab's holds and drops other tabs' lapsed ones (closed or crashed: their countdown restarts now). */
  function lease(): void {
    clearTimeout(leaseTimer);
    if (local.size || remote.size)
      leaseTimer = setTimeout(() => {
        let gone = false;
        remote.forEach((end, t) => end <= now() && (gone = remote.delete(t)));
        if (gone) apply({ v: 2, last: now(), holds: {} });
        if (local.size) flush();
        lease();
      }, RENEW);
  }

  /** Holds end with the tab (or its token, or the instance): they are released now. */
  const release = () => local.size && (local.clear(), flush(now()));

  function close(): void {
    release();
    gate.stop();
    clearTimeout(leaseTimer);
    ch?.close();
    ch = hash = undefined;
    sent = 0;
    local.clear();
    remote.clear();
    st.lead = undefined;
  }

  async function open(s: Session): Promise<void> {
    const token = rt.token()!;
    let k: string;
    try {
      k = await hashToken(token);
    } catch (error) {
      return rt.fail('no-crypto', error);
    }
    if (token !== rt.token() || !sess || hash) return;
    hash = k;
    // No worker ever listens: without webWorkerSupport the package's fallback (no native BroadcastChannel) is localStorage.
    const c = (ch = new BroadcastChannel<SyncMessage>('idle-logout:' + k, { webWorkerSupport: false }));
    c.onmessage = receive;
    // The election failed outright: this tab acts for itself (a second revoke is harmless, a missing one is not).
    const alone = (error: unknown) => {
      if (ch == c) st.lead = true;
      rt.fail('storage', error);
    };
    st.lead = false;
    try {
      (await elect(c)).awaitLeadership().then(() => ch == c && (st.lead = true), alone);
    } catch (error) {
      alone(error);
    }
    // Ask the other tabs for their state (and tell them of holds already taken); then read the stored one.
    post(mine(s), true);
    const r = parseRecord(await withStore(rt, (kv) => kv.get(k)), now());
    if (hash != k || !sess) return;
    if (r) {
      for (const t in r.holds) if (t != me && r.holds[t] > now() && !remote.has(t)) remote.set(t, r.holds[t]);
      st.replaying = !!r.reason;
      try {
        apply(r);
      } finally {
        st.replaying = false;
      }
    }
    // Nobody knew of the token: its idle period started with this tab.
    if (st.known < 0) st.known = sess.last;
    flush();
    gate.wait();
    if (!swept) {
      swept = true;
      withStore(rt, async (kv) => {
        for (const [key, v] of await kv.all()) if (key != k && stale(parseRecord(v, now()), now())) await kv.del(String(key));
      });
    }
  }

  const onHide = (e: PageTransitionEvent) => {
    // A tab going away releases its holds now; a crash is caught by the lease.
    if (e.type == 'pagehide') release();
    else if (e.type == 'pageshow' && e.persisted && sess) {
      sess.holds.forEach((id) => id[0] != '@' && local.add(id));
      flush();
    }
  };
  addEventListener('pagehide', onHide);
  addEventListener('pageshow', onHide);

  const off = rt.onChange((s, prev, e) => {
    if (!e) {
      close();
      sess = s;
      if (s) open(s);
      return;
    }
    sess = s;
    if (applying || !s || !prev) return;
    if (e.type == 'hold') local.add(e.id);
    else if (e.type == 'release') local.delete(e.id);
    // At once: logout, a warning ended (extend() in one tab clears it in all), holds, policy, schedule.
    // Else the hot path (activity): coalesced, and a pending run makes poke() return at once.
    if (s.state == 'logged-out' || prev.state == 'warning' || e.type == 'hold' || e.type == 'release' || e.type == 'policy' || e.type == 'schedule') {
      flush();
      gate.wait();
      lease();
    } else if (s.last > prev.last) gate.poke();
  });

  sess = rt.session();
  // Holds taken before this chunk loaded are this tab's.
  sess?.holds.forEach((id) => local.add(id));
  if (sess) open(sess);
  return {
    stop() {
      off();
      close();
      removeEventListener('pagehide', onHide);
      removeEventListener('pageshow', onHide);
    },
  };
}
