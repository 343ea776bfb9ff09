import { heard, isLocal, lapse, lived, publish, received, settled, startsClock, stored, writeAt, type RemoteHolds } from '../../core/sync-decide';
import { fold, LEASE, parseMessage, parseRecord, RENEW, stale, view, type SharedRecord, type SyncMessage } from '../../core/sync-record';
import type { FeatureInstance, Runtime } from '../../types/runtime';
import type { Session } from '../../types/session';
import { createStore, type UseStore } from 'idb-keyval';
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
  /**
   * Set while a logout that was acted on (revoked) when it happened is applied: found in storage, or heard while
   * re-joining.
   */
  replaying?: boolean;
  /**
   * Set from the moment the page goes (perhaps into the back/forward cache) until, back, it has read the shared
   * state again: it heard nothing meanwhile, so its own idea of the deadline is not enough to warn or log out.
   */
  rejoining?: boolean;
  /** Pending while this tab has not read the session's shared record yet (the `ready` hook); `read` ends it. */
  wait?: Promise<void>;
  read?: () => void;
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
  /** Where `pagehide`, `pageshow` and `visibilitychange` arrive (the window). */
  page: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** Runs `f` in a later task (the store write: never in the task that broadcasts). */
  idle: (f: () => void) => void;
  /**
   * The last write of a page going away: one put, committed at once. A page that goes gets no later task, so an
   * IndexedDB transaction left to commit itself (or a read-modify-write, whose write waits for its read) is lost.
   * Made ready by `prepare` (opening the database needs a task of its own); `write` says false where it is not.
   */
  last: { prepare(): void; write(key: string, record: SharedRecord): boolean };
}

/** IndexedDB `idle-logout`/`sessions`, or memory (messages do the sharing) where IndexedDB fails. */
const idb = kvStore('idle-logout', 'sessions');
let swept = false;
/** How long a tab that found nothing stored waits for the other tabs' answers (same machine: a few ms). */
const ANSWERS = 250;
/**
 * How long a tab whose stored record would warn or log out within that time waits for the open tabs' answers (a
 * page back from the back/forward cache too): within `ready`'s 300 ms, with room for a busy machine's answer.
 */
const STALE = 250;
/** `SyncEnv.last` on IndexedDB: its own connection to tab sync's store, opened as the tab starts. */
function lastOnIdb(): SyncEnv['last'] {
  let raw: UseStore | undefined;
  // Where IndexedDB cannot open (it may throw at once), the store reports it and falls back to memory: so does this.
  const no = () => void (raw = undefined);
  return {
    prepare() {
      try {
        raw ??= createStore('idle-logout', 'sessions');
        // Opened now, so that the going page's write is issued in its last task.
        raw('readonly', () => 0).catch(no);
      } catch {
        no();
      }
    },
    write(key, record) {
      try {
        return (
          !!raw &&
          (void raw('readwrite', (s) => {
            s.put(record, key);
            s.transaction.commit?.();
          }).catch(no),
          true)
        );
      } catch {
        return false;
      }
    },
  };
}

/** Jobs for the next task, and the port that posts it (one for the page). */
const jobs: Array<() => void> = [];
let port: MessagePort | undefined;
/**
 * Runs `f` in a task of its own right after the current one: a message to itself, which neither counts as a timer
 * wake-up nor waits for an idle period (hidden tabs get few, and fake clocks none), nor is throttled like timers.
 */
function onIdle(f: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(f);
  if (!port) {
    const c = new MessageChannel();
    c.port1.onmessage = () => jobs.splice(0).forEach((job) => job());
    port = c.port2;
  }
  if (jobs.push(f) === 1) port.postMessage(0);
}

/**
 * Tab sync (loaded lazily): one idle clock per sign-in session (`rt.key()`: `sessionOf`, else the token) across the
 * tabs of the origin, whichever token each tab holds. State goes to the other tabs over a channel per session, at
 * most once a second for activity (leading and trailing edge), at once for logout, holds, policy and schedule; and
 * to IndexedDB (keyed by the session's hash), after the broadcast, in a task of its own: at once for those, at most
 * once per 10 s for activity, and at once when the page is hidden or goes. A tab opening asks the open ones, and
 * reads storage as the fallback. Leader election picks the one tab that acts for the token (the `acts` hook,
 * through `st.lead`). Holds carry this page's id and a lease it renews while it lives.
 */
export function startSync(
  rt: Runtime,
  st: SyncState,
  { store: withStore = idb, link: join = link, page = globalThis, idle = onIdle, last = withStore === idb ? lastOnIdb() : undefined }: Partial<SyncEnv> = {},
): FeatureInstance {
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
  /**
   * The latest activity the open tabs told since this one joined: theirs is live (they log out at their deadline,
   * and then tell that instead). A tab starting tells none (see `read`).
   */
  let told = 0;
  /**
   * Set once this tab has read the shared state (the stored record, or that there is none) since it joined. Until
   * then it tells no activity (0): its own may be after the session's end (the laptop woke, the tab was restored).
   */
  let read = false;
  /** This tab's view has changed since it last stored it; when it last did; the pending write. */
  let dirty = false;
  let wrote = -Infinity;
  let writeTimer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity;
  /** The stored record as this tab last read or wrote it. */
  let copy: SharedRecord | undefined;
  /** Set once this tab's start-up is over (the record read, the answers waited for). */
  let started = false;
  /** Ends a wait for the other tabs' answers (an answer with activity came, or this tab was elected). */
  let answered = () => {};
  /**
   * Whether another tab of the session has been heard since this page joined (2). Until then nobody listens: every
   * tab asks as it joins, and the open ones hear the ask (a tab asking before this one joined is answered by this
   * one's own ask), so a tab alone tells nothing (storage keeps its state) and spares a broadcast per second of
   * activity. What it kept to itself (1) it tells the first tab it hears, at once: a tab that logs out before the
   * others' answer arrives would otherwise leave the elected tab, which revokes, unaware.
   */
  let peers: 0 | 1 | 2 = 0;
  const now = rt.now;

  const post = (r: SharedRecord, ask?: true) =>
    ask || peers > 1
      ? ch?.post({ ...r, ...(!read && { last: 0 }), tokenHash: hash!, from: me, ...(ask && { ask }), ...(st.lead && { lead: true as const }) } satisfies SyncMessage)
      : ch && (peers = 1);

  /** Broadcasts this tab's view, then stores it `when` (see `writeAt`); `last` the activity to tell (default all that is known). */
  function flush(when: 'now' | 'coalesced', last = Math.max(st.known, 0)): void {
    if (!hash || !sess) return;
    if (read && last > sent) sent = last;
    post(view(sess, last, me, local.size ? now() + LEASE : 0));
    dirty = true;
    const at = writeAt(when, wrote, now());
    // A write due no later is pending already.
    if (at >= due) return;
    clearTimeout(writeTimer);
    due = at;
    if (at > now()) writeTimer = setTimeout(() => idle(write), at - now());
    else idle(write);
  }

  /** Stores this tab's view now, if it changed since it last did (folded into what other tabs stored). */
  function write(going?: boolean): void {
    clearTimeout(writeTimer);
    due = Infinity;
    const k = hash;
    // Until the stored state is read, this tab's view may be of a session that has ended: written over it, it would
    // sign the next tab in again. What it has is stored once it has read (a page going before that stores nothing
    // but a logout, which is final whatever was stored).
    if (!k || !sess || !dirty || !(read || sess.state === 'logged-out')) return;
    dirty = false;
    wrote = now();
    const r = mine(sess);
    // Cannot reject: a store that fails goes on in memory.
    if (!going) void withStore(rt, (kv) => kv.update(k, (old) => (copy = fold(parseRecord(old, now()), r, me, now()))));
    else {
      // A page going away gets no further task: a read-modify-write would never reach its write. So one write,
      // issued now, of everything this tab knows: the stored record as last seen, its own view, the other tabs'
      // holds as last heard (their messages carry whatever they stored).
      remote.forEach((end, t) => (r.holds[t] = end));
      const v = fold(copy, r, me, now());
      if (!last?.write(k, v)) void withStore(rt, (kv) => kv.set(k, v));
    }
  }

  // Activity: at most one broadcast a second per token (and a write per 10 s). A tab that hears another's waits a little
  // longer (its own lag, so that when the tab broadcasting stops, the others do not all answer at once): the
  // tab already broadcasting keeps the turn, and a run with nothing newer than what was heard is skipped.
  const gate = coalesce(1000, now, () => st.known > sent && flush('coalesced'));
  const lag = 100 + Math.random() * 150;
  const mine = (s: Session) => view(s, Math.max(st.known, 0), me, local.size ? now() + LEASE : 0);

  /**
   * Other tabs' (or storage's) state into this session: everything known, taken as is. `replaying`: a logout in it
   * was acted on already (see `SyncState.replaying`).
   */
  function apply(r: SharedRecord, replaying?: boolean): void {
    const s = sess;
    const d = received(s, r, st.known, local, remote, rt.options.timeoutFrom ? rt.options : undefined);
    if (!s || !d) return;
    st.known = d.known;
    applying = true;
    st.replaying = replaying;
    try {
      if (d.policy) rt.dispatch({ type: 'policy', policy: d.policy });
      if (d.merge) rt.dispatch(d.merge);
      if (sess && sess.state !== 'logged-out' && sess.last > s.last) rt.emit('activity', { source: 'remote' });
    } finally {
      applying = st.replaying = false;
    }
    lease();
  }

  function receive(x: unknown): void {
    const m = hash && parseMessage(x, hash, now());
    if (!m || m.from === me) return;
    // What this tab kept to itself goes out now (with the answer to an ask), once.
    const tell = m.ask || peers === 1;
    peers = 2;
    // Another tab was elected: this one does not act (a logout it saw meanwhile is that tab's to revoke), until it
    // is elected itself (that tab leaving).
    if (m.lead && st.lead === null) (st.lead = false), rt.dispatch({ type: 'decided' });
    remote = heard(remote, m, now());
    if (m.last) {
      if (m.last > sent) sent = m.last;
      if (m.last > told) told = m.last;
      gate.wait(lag);
      // Its sender stores what it told (now, or within its 10 s): this tab's own activity writes take their turn after.
      if (now() > wrote) wrote = now();
      answered();
    }
    if (tell && sess) post(mine(sess));
    // Heard while re-joining, a logout happened while this page was away: a tab that was there acted on it.
    apply(m, st.rejoining);
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
        if (local.size) flush('now');
        lease();
      }, RENEW);
  }

  /** Holds end with the tab (or its token, or the instance): they are released now. */
  const release = () => local.size && (local.clear(), flush('now', now()));

  function close(): void {
    release();
    // Going while still starting (a page left or reloaded at once): what it knows is stored all the same.
    if (hash && !started) begin(), (dirty ||= st.known >= 0);
    // Going: what is not stored yet is stored now (the write starts in this task, the page's last).
    write(true);
    gate.stop();
    clearTimeout(leaseTimer);
    ch?.close();
    ch = hash = undefined;
    sent = told = 0;
    started = read = false;
    peers = 0;
    local.clear();
    remote = new Map();
    st.lead = null;
  }

  /**
   * This tab acts from now on: a logout it saw while undecided is acted on (revoked) now. Elected after its
   * start-up with nothing known (the tab that was open before it left without telling), its start is the session's.
   */
  function elected(): void {
    st.lead = true;
    rt.dispatch({ type: 'decided' });
    answered();
    // Told at once: an undecided tab learns from it that it does not act (a logout there is this tab's to revoke),
    // even where this tab's activity is never newer than theirs and so would not be broadcast.
    if (sess) post(mine(sess));
    if (started) begin();
  }

  /** Nobody knew of the session's activity and this tab acts alone: its idle period started with this tab. */
  function begin(): void {
    if (!sess || !startsClock(st.known, st.lead)) return;
    st.known = sess.last;
    flush('now');
  }

  /** Waits up to `ms` for an answer with activity from another tab (or for this tab to be elected: it is alone). */
  const answers = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout((answered = () => (clearTimeout(t), (answered = () => {}), r())), ms);
    });

  async function open(s: Session): Promise<void> {
    // Activity while this tab starts is its own, even where the shell skips it as within a second of the session's
    // provisional start (input, requests held by `ready`): the session's latest once the record is read.
    // The wall clock (never ahead of `now()`, so on the safe side): the monotonic one would cost more than the rest
    // of a request's path, and every request with the token passes here while this tab starts.
    const unheard = rt.on('activity', (a) => a.source !== 'remote' && (st.known = Date.now()));
    try {
      await start(s);
    } finally {
      unheard();
    }
  }

  /** This tab's own activity seen while starting, not in the session yet (the shell skipped it): it is now. */
  const own = () => sess && st.known > sess.last && rt.dispatch({ type: 'activity', time: st.known });

  async function start(s: Session): Promise<void> {
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
    const r = (copy = parseRecord(await withStore(rt, (kv) => kv.get(k)), now()));
    last?.prepare();
    if (hash !== k || !sess) return;
    if (r) {
      remote = stored(remote, r, me, now());
      // Storage may lag the open tabs by a write: a record that would warn or log out waits for their answers.
      if (!settled(sess, r, st.lead === true, now(), STALE)) await answers(STALE);
      if (hash !== k || !sess) return;
      // This tab's own activity after the record's deadline revives nothing; another tab's told meanwhile stands
      // (the record may lag it by more than a timeout's worth of activity).
      if (!lived(sess, r, st.known)) st.known = told || -Infinity;
      apply(r, !!r.reason);
    }
    read = true;
    // What this tab changed while it could not store (a hold taken) is stored now, in a task of its own.
    if (dirty) idle(write);
    // Activity this tab saw while starting and the record does not have: it moves this tab's deadline now, the
    // others' below.
    own();
    rejoined();
    // The shared record is read: requests with the token go on (or are refused, logged out).
    st.read?.();
    // Nothing stored (or no storage): the other tabs' answers to the ask are the only news. Without a moment for
    // them, this tab's start would go out as activity and move every tab's deadline.
    if (st.known < 0) await answers(ANSWERS);
    if (hash !== k || !sess) return;
    started = true;
    // Requests let go above were recorded meanwhile (perhaps skipped as within a second of the start).
    own();
    begin();
    if (!dirty) flush('now');
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
    if (rt.refresh()) rt.dispatch({ type: 'tick' });
    if (ch && st.lead === undefined) st.lead = null;
  }

  /**
   * Joins the session's tabs as the chunk loads or the page comes back (its holds are this page's, taken before):
   * the start, pending; undefined without a session.
   */
  const enter = () => sess && (sess.holds.forEach((id) => isLocal(id) && local.add(id)), open(sess));

  // A page going away leaves: its holds are released now (a crash is caught by the lease), its channel and its
  // place in the election are given up (another tab acts at once). A page back from the back/forward cache
  // re-joins: takes its holds again, re-reads the shared state, is elected again.
  const onPage = (e: Event) => {
    if (e.type === 'visibilitychange') {
      // Hidden: perhaps for good (a mobile browser may discard the page unannounced): what is pending is stored now.
      if (document.visibilityState === 'hidden') write(true);
    } else if (e.type === 'pagehide') {
      close();
      // Away, nobody can be asked: back, this page decides an idle logout itself until it is elected or not.
      st.lead = undefined;
      st.rejoining = true;
    } else if ((e as PageTransitionEvent).persisted && enter()) {
      // Fail closed: storage that never answers does not keep the page signed in.
      setTimeout(rejoined, 2000);
    } else rejoined();
  };
  const events = ['pagehide', 'pageshow', 'visibilitychange'];
  events.forEach((e) => page.addEventListener(e, onPage));

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
      flush('now');
      gate.wait();
      lease();
    } else gate.poke();
  });

  sess = rt.session();
  void enter();
  return {
    stop() {
      off();
      close();
      events.forEach((e) => page.removeEventListener(e, onPage));
    },
  };
}
