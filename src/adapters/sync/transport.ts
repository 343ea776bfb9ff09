import { BroadcastChannel, createLeaderElection } from 'broadcast-channel';
import type { Session } from '../../core/session';
import type { Runtime } from '../../types/runtime';
import { hashToken } from '../../utils/hash';
import { kvStore } from '../storage';
import type { SyncState } from './index';
import { coalesce, fold, LEASE, parseMsg, parseRec, RENEW, stale, tabId, toPolicy, view, type Msg, type Rec } from './record';

/** IndexedDB `idle-logout`/`sessions`, or memory (messages do the sharing) where IndexedDB fails. */
const withStore = kvStore('idle-logout', 'sessions');
let swept = false;

/**
 * The package's leader election. Where Web Locks exist but are refused (a cross-site iframe: SecurityError)
 * the package still picks its lock-based election, which then fails with an unhandled rejection; hiding the
 * refused locks for this one synchronous call makes it pick its message-based election, which works over the
 * frame's (partitioned) BroadcastChannel: frames sharing a token still elect one tab to act.
 */
async function elect(c: BroadcastChannel<Msg>) {
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
 * that acts for the token (`rt.acts`). Holds carry this tab's id and a lease it renews while it lives.
 */
export function startSync(rt: Runtime, st: SyncState): () => void {
  const me = tabId();
  /** This tab's holds, and the other tabs holding the token with the end of their lease. */
  const local = new Set<string>();
  const remote = new Map<string, number>();
  let sess: Session | undefined;
  let hash: string | undefined;
  let ch: BroadcastChannel<Msg> | undefined;
  /** Set while applying other tabs' state: that is not broadcast back. */
  let applying = false;
  /** Set while applying a logout found in storage: it was acted on (revoked) when it happened. */
  let replay = false;
  let leaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest activity any tab has broadcast: a run with nothing newer is skipped. */
  let sent = 0;
  const now = rt.now;

  const post = (r: Rec, q?: 1) => ch?.postMessage({ ...r, v: 1, k: hash!, f: me, ...(q && { q }) }).catch(() => {});

  /** Broadcasts and stores this tab's view; `l` the activity to tell (default all that is known). */
  function flush(l = Math.max(st.known, 0)): void {
    const k = hash;
    if (!k || !sess) return;
    const r = view(sess, l, me, local.size ? now() + LEASE : 0);
    if (l > sent) sent = l;
    post(r);
    withStore(rt, (kv) => kv.update(k, (old) => fold(parseRec(old), r, me, now())));
  }
  // Activity: at most one broadcast and write a second per token. A tab that hears another's waits a little
  // longer (its own lag, so that when the tab broadcasting stops, the others do not all answer at once): the
  // tab already broadcasting keeps the turn, and a run with nothing newer than what was heard is skipped.
  const gate = coalesce(1000, now, () => st.known > sent && flush());
  const lag = 100 + Math.random() * 150;
  const mine = (s: Session) => view(s, Math.max(st.known, 0), me, local.size ? now() + LEASE : 0);

  /** Other tabs' (or storage's) state into this session: everything known, taken as is. */
  function apply(r: Rec): void {
    const s = sess;
    if (!s || s.state == 'logged-out') return;
    // l = 0: the sender knows of no activity yet.
    if (r.l > 0 && r.l > st.known) st.known = r.l;
    const known = st.known;
    const holds = [...local, ...[...remote.keys()].map((t) => '@' + t)];
    applying = true;
    try {
      const p = r.p && rt.options.timeoutFrom && toPolicy(r.p);
      if (p && (p.timeoutMs != s.policy.timeoutMs || p.warnBeforeMs != s.policy.warnBeforeMs || p.enabled != s.policy.enabled)) rt.dispatch({ type: 'policy', policy: p });
      if (r.o || (known >= 0 && known != s.last) || (r.a !== undefined && r.a != s.at) || holds.join() != s.holds.join())
        rt.dispatch({ type: 'merge', last: known < 0 ? s.last : known, holds, reason: r.o, at: r.a, atSet: r.t, exact: known >= 0 });
      if (sess && sess.state != 'logged-out' && sess.last > s.last) rt.emit('activity', { source: 'remote' });
    } finally {
      applying = false;
    }
    lease();
  }

  function receive(x: unknown): void {
    const m = hash && parseMsg(x, hash);
    if (!m || m.f == me) return;
    const h = m.h[m.f];
    if (h > now()) remote.set(m.f, h);
    else remote.delete(m.f);
    if (m.l) {
      if (m.l > sent) sent = m.l;
      gate.wait(lag);
    }
    if (m.q && sess) post(mine(sess));
    apply(m);
  }

  /** Renews this tab's holds and drops other tabs' lapsed ones (closed or crashed: their countdown restarts now). */
  function lease(): void {
    clearTimeout(leaseTimer);
    if (local.size || remote.size)
      leaseTimer = setTimeout(() => {
        let gone = false;
        remote.forEach((end, t) => end <= now() && (gone = remote.delete(t)));
        if (gone) apply({ l: now(), h: {} });
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
    const c = (ch = new BroadcastChannel<Msg>('idle-logout:' + k, { webWorkerSupport: false }));
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
    post(mine(s), 1);
    const r = parseRec(await withStore(rt, (kv) => kv.get(k)));
    if (hash != k || !sess) return;
    if (r) {
      for (const t in r.h) if (t != me && r.h[t] > now() && !remote.has(t)) remote.set(t, r.h[t]);
      replay = !!r.o;
      try {
        apply(r);
      } finally {
        replay = false;
      }
    }
    // Nobody knew of the token: its idle period started with this tab.
    if (st.known < 0) st.known = sess.last;
    flush();
    gate.wait();
    if (!swept) {
      swept = true;
      withStore(rt, async (kv) => {
        for (const [key, v] of await kv.all()) if (key != k && stale(parseRec(v), now())) await kv.del(String(key));
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
  rt.acts = () => (st.lead ?? true) && !replay;

  sess = rt.session();
  // Holds taken before this chunk loaded are this tab's.
  sess?.holds.forEach((id) => local.add(id));
  if (sess) open(sess);
  return () => {
    off();
    close();
    removeEventListener('pagehide', onHide);
    removeEventListener('pageshow', onHide);
  };
}
