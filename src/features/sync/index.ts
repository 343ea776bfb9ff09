import type { Feature, FeatureInstance, Runtime } from '../../types/runtime';
import { chunk, lazy } from '../load';
import type { SyncState } from './transport';

/**
 * Tab sync (`sync`, default on): one idle clock per token across the origin's tabs. The transport
 * (broadcast-channel, idb-keyval) is a lazily loaded chunk; this eager part keeps what must be known from the
 * first moment: this tab's own activity (its start time is not activity), who acts until an election says, and
 * whether the shared record has been read (`ready`: requests with the token wait for it).
 */
export const sync: Feature = (rt) => {
  // No IndexedDB at all: not a browser (SSR, test DOMs), nothing to sync with. (An opaque origin may throw here.)
  try {
    if (typeof indexedDB !== 'object') return;
  } catch {
    return;
  }
  return syncWith(rt, (st) => chunk('transport').then((m) => () => m.startSync(rt, st)));
};

/** The eager part over a transport (`load`): the lazily loaded chunk here, the tests' store and channel in theirs. */
export function syncWith(rt: Runtime, load: (st: SyncState) => Promise<() => FeatureInstance | void>): FeatureInstance | undefined {
  if (rt.options.sync === false) return;
  // Undecided until the transport's election says: a logout meanwhile is revoked once it is decided (`decided`).
  const st: SyncState = { known: -Infinity, lead: null };
  const off = rt.onChange((s, prev, e) => {
    if (e) {
      if (s && prev && s.last > prev.last && s.last > st.known) st.known = s.last;
      return;
    }
    st.known = -Infinity;
    st.read?.();
    // A new session: until its shared record is read (the transport calls `read`), or 300 ms passed (fail closed:
    // then the session's own state decides), requests wait: a reloaded tab may hold a token that died meanwhile.
    if (s)
      st.wait = new Promise((end) => {
        const t = setTimeout((st.read = () => (clearTimeout(t), (st.wait = st.read = undefined), end())), 300);
      });
  });
  const transport = lazy(rt, () => load(st));
  // The transport never came: this page acts for itself (a second revoke is harmless, a missing one is not).
  void transport.ready.then((t) => t || ((st.lead = true), rt.dispatch({ type: 'decided' })));
  return {
    stop() {
      off();
      st.read?.();
      transport.stop();
    },
    // `null` while the election is under way; `undefined` outside one (it failed, or a page back from the cache decides
    // first): this tab acts. A logout replayed from storage was acted on when it happened.
    // Away and back from the back/forward cache, the warning and an idle logout wait until the shared state is read
    // again: other tabs may have been active meanwhile (the transport decides again then, or after 2 s without it).
    hooks: { acts: () => !st.replaying && (st.lead === undefined || st.lead), confirmIdle: () => st.rejoining, ready: () => st.wait },
  };
}
