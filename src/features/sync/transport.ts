import { heard, isLocal, lapse, publish, received, stored, type RemoteHolds } from '../../core/sync-decide';
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
   * Whether this tab acts for the session: the leader election's answer. `null` while it is under way (a logout
   * then is acted on by whichever tab is elected); `undefined` outside an election (it failed, or a page back from
   * the back/forward cache decides first): then this tab acts (a second revoke is harmless, a missing one is not).
   */
  lead?: boolean | null;
  /** Set while a logout found in storage is applied: it was acted on (revoked) when it happened. */
  replaying: boolean;
  /**
   * Set from the moment the page goes (perhaps into the back/forward cache) until, back, it has read the shared
   * state again: it heard nothing meanwhile, so its own idea of the deadline is not enough to log out for idleness.
   */
  rejoining?: boolean;
}

/**
 * Where tab sync keeps and exchanges the shared state: the origin's store, the link to the other tabs, the page
 * whose `pagehide`/`pageshow` it follows. The page's own by default; tests pass an in-memory store, a fake
 * channel and election, and an event target per tab (test/support/sync-bus.ts).
 */
export interface SyncEnv {
  /** A `kvStore`: its operations run on IndexedDB until one fails, then on this page's memory (reported once). */
  store: ReturnType<typeof kvStore>;
  /** Joins the session's channel and election (see `link`). */
  link: typeof link;
  /** Where `pagehide` and `pageshow` arrive (the window). */
  page: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** IndexedDB `idle-logout`/`sessions`, or memory (messages do the sharing) where IndexedDB fails. */
const idb = kvStore('idle-logout', 'sessions');
let swept = false;
/** How long a tab that found nothing stored waits for the other tabs' answers (same machine: a few ms). */
const ANSWERS = 250;

/**
 * Tab sync (loaded lazily): one idle clock per sign-in session (`rt.key()`: `sessionOf`, else the token) across the
 * tabs of the origin, whichever token each tab holds. State goes to IndexedDB (keyed by the session's hash) and to
 * the other tabs over a channel per session, at most once a second for activity
 * (leading and trailing edge), at once for logout, holds, policy and schedule. Leader election picks the one tab
 * that acts for the token (the `acts` hook, through `st.lead`). Holds carry this page's id and a lease it renews
 * while it lives.
 */
export function startSync(rt: Runtime, st: SyncState, { store: withStore = idb, link: join = link, page = globalThis }: Partial<SyncEnv> = {}): FeatureInstance {
  // Holds belong to this page load (a reloaded tab's holds are gone with the page that took them).
  const me = randomId();
  /** This tab's holds, and the other tabs holding the token with the end of their lease. */
  const local = new Set<string>();
  let remote: RemoteHolds = new Map();
  let sess: Session | undefined;
  let hash: string | undefined;
  let ch: Link | undefined;
  /** Set while applying other tabs' state: that is not broadcast back. */
  let applying = false;
  let leaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest activity any tab has broadcast: a run with nothing newer is skipped. */
  let sent = 0;
  const now = rt.now;

  const post = (r: SharedRecord, ask?: true) =>
    ch?.post({ ...r, tokenHash: hash!, from: me, ...(ask && { ask }), ...(st.lead && { lead: true as const }) } satisfies SyncMessage);

  /** Broadcasts and stores this tab's view; `l` the activity to tell (default all that is known). */
  function flush(last = Math.max(st.known, 0)): void {
    const k = hash;
    if (!k || !sess) return;
    const r = view(sess, last, me, local.size ? now() + LEASE : 0);
    if (last > sent) sent = last;
    post(r);
    // Cannot reject: a store that fails goes on in memory.
    void withStore(rt, (kv) => kv.update(k, (old) => fold(parseRecord(old, now()), r, me, now())));
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
    const d = received(s, r, st.known, local, remote, !!rt.options.timeoutFrom);
    if (!s || !d) return;
    st.known = d.known;
    applying = true;
    try {
      if (d.policy) rt.dispatch({ type: 'policy', policy: d.policy });
      if (d.merge) rt.dispatch(d.merge);
      if (sess && sess.state !== 'logged-out' && sess.last > s.last) rt.emit('activity', { source: 'remote' });
    } finally {
      applying = false;
    }
    lease();
  }

  function receive(x: unknown): void {
    const m = hash && parseMessage(x, hash, now());
    if (!m || m.from === me) return;
    // Another tab was elected: this one does not act (a logout it saw meanwhile is that tab's to revoke), until it
    // is elected itself (that tab leaving).
    if (m.lead && st.lead === null) (st.lead = false), rt.dispatch({ type: 'decided' });
    remote = heard(remote, m, now());
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
        const live = lapse(remote, now());
        const gone = live.size < remote.size;
        remote = live;
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
    remote = new Map();
    st.lead = null;
  }

  /** This tab acts from now on: a logout it saw while undecided is acted on (revoked) now. */
  const elected = () => ((st.lead = true), rt.dispatch({ type: 'decided' }));

  async function open(s: Session): Promise<void> {
    const key = rt.key()!;
    let k: string;
    try {
      k = await hashToken(key);
    } catch (error) {
      elected();
      return rt.fail('no-crypto', error);
    }
    if (key !== rt.key() || !sess || hash) return;
    hash = k;
    // Undecided until the election answers; but a page re-joining decides first (see `rejoined`).
    if (!st.rejoining) st.lead = null;
    // The election failed outright: this tab acts for itself (a second revoke is harmless, a missing one is not).
    const alone = (error: unknown) => {
      if (ch === c) elected();
      rt.fail('sync', error);
    };
    const c: Link = (ch = join(k, receive, () => ch === c && elected(), alone));
    // Ask the other tabs for their state (and tell them of holds already taken); then read the stored one.
    post(mine(s), true);
    const r = parseRecord(await withStore(rt, (kv) => kv.get(k)), now());
    if (hash !== k || !sess) return;
    if (r) {
      remote = stored(remote, r, me, now());
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
    if (hash !== k || !sess) return;
    // Nobody knew of the token: its idle period started with this tab.
    if (st.known < 0) st.known = sess.last;
    flush();
    gate.wait();
    if (!swept) {
      swept = true;
      void withStore(rt, async (kv) => {
        for (const [key, v] of await kv.all()) if (key !== k && stale(parseRecord(v, now()), now())) await kv.del(String(key));
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
    if (ch && st.lead === undefined) st.lead = null;
  }

  // A page going away leaves: its holds are released now (a crash is caught by the lease), its channel and its
  // place in the election are given up (another tab acts at once). A page back from the back/forward cache
  // re-joins: takes its holds again, re-reads the shared state, is elected again.
  const onPage = (e: Event) => {
    if (e.type === 'pagehide') {
      close();
      // Away, nobody can be asked: back, this page decides an idle logout itself until it is elected or not.
      st.lead = undefined;
      st.rejoining = true;
    } else if ((e as PageTransitionEvent).persisted && sess) {
      sess.holds.forEach((id) => isLocal(id) && local.add(id));
      void open(sess);
      // Fail closed: storage that never answers does not keep the page signed in.
      setTimeout(rejoined, 2000);
    } else rejoined();
  };
  page.addEventListener('pagehide', onPage);
  page.addEventListener('pageshow', onPage);

  const off = rt.onChange((s, prev, e) => {
    if (!e) {
      close();
      sess = s;
      if (s) void open(s);
      return;
    }
    sess = s;
    // Other tabs' state being applied is not told back to them; signals (a renewal, an election) change nothing.
    const when = !applying && publish(prev, s, e);
    if (!when) return;
    if (e.type === 'hold') local.add(e.id);
    else if (e.type === 'release') local.delete(e.id);
    // The hot path (activity) is coalesced: a pending run makes poke() return at once.
    if (when === 'now') {
      flush();
      gate.wait();
      lease();
    } else gate.poke();
  });

  sess = rt.session();
  // Holds taken before this chunk loaded are this tab's.
  sess?.holds.forEach((id) => isLocal(id) && local.add(id));
  if (sess) void open(sess);
  return {
    stop() {
      off();
      close();
      page.removeEventListener('pagehide', onPage);
      page.removeEventListener('pageshow', onPage);
    },
  };
}
