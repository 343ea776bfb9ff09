import { fold, LEASE, parseMessage, parseRecord, RENEW, stale, view, type SharedRecord, type SyncMessage } from '../../core/sync-record';
import type { FeatureInstance, Runtime } from '../../types/runtime';
import type { Session } from '../../types/session';
import { coalesce } from '../../utils/coalesce';
import { hashToken } from '../../utils/hash';
import { randomId } from '../../utils/ids';
import { kvStore } from '../../utils/storage';
import { link, type Link } from './link';

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
  /**
   * Set from the moment the page goes (perhaps into the back/forward cache) until, back, it has read the shared
   * state again: it heard nothing meanwhile, so its own idea of the deadline is not enough to log out for idleness.
   */
  rejoining?: boolean;
}

/** IndexedDB `idle-logout`/`sessions`, or memory (messages do the sharing) where IndexedDB fails. */
const withStore = kvStore('idle-logout', 'sessions');
let swept = false;
/** How long a tab that found nothing stored waits for the other tabs' answers (same machine: a few ms). */
const ANSWERS = 250;

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
  let ch: Link | undefined;
  /** Set while applying other tabs' state: that is not broadcast back. */
  let applying = false;
  let leaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest activity any tab has broadcast: a run with nothing newer is skipped. */
  let sent = 0;
  const now = rt.now;

  const post = (r: SharedRecord, ask?: true) => ch?.post({ ...r, tokenHash: hash!, from: me, ...(ask && { ask }) } satisfies SyncMessage);

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
    // Heard while re-joining, a logout happened while this page was away: a tab that was there acted on it.
    st.replaying = !!st.rejoining;
    try {
      apply(m);
    } finally {
      st.replaying = false;
    }
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
    // Another tab acts until the election says otherwise; but a page re-joining decides first (see `rejoined`).
    if (!st.rejoining) st.lead = false;
    // The election failed outright: this tab acts for itself (a second revoke is harmless, a missing one is not).
    const alone = (error: unknown) => {
      if (ch == c) st.lead = true;
      rt.fail('sync', error);
    };
    const c: Link = (ch = link(k, receive, () => ch == c && (st.lead = true), alone));
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
    rejoined();
    // Nothing stored (or no storage): the other tabs' answers to the ask are the only news. Without a moment for
    // them, this tab's start would go out as activity and move every tab's deadline.
    if (st.known < 0) await new Promise((r) => setTimeout(r, ANSWERS));
    if (hash != k || !sess) return;
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

  /**
   * Back with the shared state read (or given up on it): an idle logout held back meanwhile is decided now, as a
   * tab that acts unless already elected otherwise: no other tab logged the token out (the stored state would
   * say), so perhaps none was there to (a second revoke is harmless, a missing one is not).
   */
  function rejoined(): void {
    if (!st.rejoining) return;
    st.rejoining = false;
    if (rt.session()) rt.dispatch({ type: 'tick' });
    if (ch) st.lead ??= false;
  }

  // A page going away leaves: its holds are released now (a crash is caught by the lease), its channel and its
  // place in the election are given up (another tab acts at once). A page back from the back/forward cache
  // re-joins: takes its holds again, re-reads the shared state, is elected again.
  const onPage = (e: PageTransitionEvent) => {
    if (e.type == 'pagehide') {
      close();
      st.rejoining = true;
    } else if (e.persisted && sess) {
      sess.holds.forEach((id) => id[0] != '@' && local.add(id));
      open(sess);
      // Fail closed: storage that never answers does not keep the page signed in.
      setTimeout(rejoined, 2000);
    } else rejoined();
  };
  addEventListener('pagehide', onPage);
  addEventListener('pageshow', onPage);

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
      removeEventListener('pagehide', onPage);
      removeEventListener('pageshow', onPage);
    },
  };
}
